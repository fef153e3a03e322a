"""Outgoing messages: the outbox worker, rate limits, retries, broadcasts and scheduled jobs."""
