"""Settings from environment variables (prefix ``PAKN_``) and an optional ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PAKN_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Where the SQLite file and attachments live")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite under data_dir if unset")
    profile: str = Field(default="so-khcn", description="Profile name shipped in bot/profiles or a YAML path")
    log_level: str = "INFO"

    redis_url: str | None = None
    # Fernet key that encrypts denouncers' identities at rest. Unset: a key is generated into
    # data_dir/secret.key for local use, with a warning (production must set it and keep it safe).
    secret_key: SecretStr | None = None
    # Worker processes running the conversation core for the messaging channels (bot/core/runner.py):
    # unset = 1 on SQLite, CPUs - 1 (1 to 4) on PostgreSQL; 0 = a thread of the channel's own process.
    core_processes: int | None = None

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_staff_chat_id: int | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_host: str = "127.0.0.1"
    telegram_webhook_port: int = 8081
    # At start-up an unreachable Bot API is retried with backoff for this long, then pakn run stops with a message.
    telegram_startup_timeout: float = 300.0
    # At shutdown (SIGTERM) the updates in hand get this long to send their replies; the rest go to the outbox.
    shutdown_grace: float = 8.0

    # Web chat and public page (bot/channels/web): served by every `pakn run`, with the Telegram webhook
    web_enabled: bool = True
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    web_public_url: str | None = None  # how citizens reach it (https://…); the widget's iframe points here
    web_secret: SecretStr | None = None  # signs the citizen cookie; unset = a random key kept in data_dir
    web_embed_origins: str = "*"  # sites allowed to embed the chat (CSP frame-ancestors), space-separated
    web_max_upload_mb: float = 5.0
    web_messages_per_minute: int = 20  # per browser (cookie)
    web_ip_messages_per_minute: int = 60  # per IP address (several people behind one NAT)
    web_trust_proxy: bool = False  # take the client IP and https from X-Forwarded-For / -Proto
    telegram_bot_username: str | None = None  # for t.me/<bot>?start=dt_<id> links on the public page
    zalo_bot_link: str | None = None  # e.g. https://zalo.me/<id>, shown on the public page

    # Zalo Bot Platform (bot/channels/zalo.py); the token is never logged
    zalo_token: SecretStr | None = None
    zalo_api_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_monthly_quota: int | None = None  # outbound messages per calendar month in the Zalo plan; unset = no count
    zalo_quota_warn_ratio: float = 0.8  # admins are warned once this share of the quota is used
    zalo_rate_per_second: float = 10.0
    zalo_rate_per_chat_per_second: float = 1.0

    # Delivery (outbox) limits
    telegram_rate_per_second: float = 25.0
    telegram_rate_per_chat_per_second: float = 1.0
    telegram_group_per_minute: float = 20.0
    delivery_max_attempts: int = 8
    delivery_backoff_base: float = 1.0
    delivery_backoff_max: float = 300.0
    worker_poll_interval: float = 0.5
    delivery_concurrency: int = 8  # messages in flight per worker process (= the crash duplicate bound)
    delivery_batch_size: int = 5
    delivery_lease_seconds: float = 120.0  # a claimed row not finished by then is taken over by another worker
    # A burst of new staff cards larger than a group may receive per window goes out as one digest message.
    delivery_digest_threshold: int = 20  # messages per group per window (Telegram: about 20 a minute); 0 = off
    delivery_digest_window: float = 60.0
    delivery_digest_max_items: int = 100
    # A staff group the bot cannot post in (403: removed from it) holds its messages; one is tried again this often.
    delivery_group_retry_seconds: float = 60.0
    delivery_alert_window: float = 600.0  # at most one "messages failed" alert to admins per window

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'pakn.db').resolve()}"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
