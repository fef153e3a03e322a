"""The citizen's flows, each a small module: its form definition and what it does when done."""
