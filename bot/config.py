"""Configuration from environment variables prefixed ``COMANDA_``."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API = "https://api.telegram.org"


@dataclass(frozen=True)
class WebhookConfig:
    """Where `comanda run --webhook-url` listens and what Telegram is told (kept here, away
    from the bot's heavy imports: the CLI builds it before its signal handler is in place)."""

    url: str
    listen: str
    port: int
    secret_token: str | None = None

    @property
    def path(self) -> str:
        return self.url.split("://", 1)[-1].partition("/")[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMANDA_", extra="ignore")

    bot_token: str = Field(default="", description="the bot's token from @BotFather")
    database: str = Field(default="./comanda.db", description="path of the SQLite file")
    api_url: str = Field(default=TELEGRAM_API, description="Bot API server, e.g. a local sandbox")
    bot_username: str = Field(default="", description="used for invite links when set")
    log_level: str = Field(default="INFO")
    outbox_interval: float = Field(default=1.0, description="seconds between outbox runs")
    reminder_interval: float = Field(
        default=60.0, description="seconds between looks for cutoff reminders that are due"
    )
    broadcast_rate: float = Field(default=28.0, description="broadcast messages per second")
    outbox_retry_base: float = Field(default=1.0, description="first retry delay, doubling")
    outbox_max_attempts: int = Field(default=30, ge=1, description="tries before failed")
    broadcast_max_attempts: int = Field(default=6, ge=1, description="tries before failed")
    inbox_retry_base: float = Field(default=1.0, description="first retry of a failed update")
    concurrency: int = Field(default=16, ge=1, le=256, description="updates handled at once")
    unreachable_pause: float = Field(
        default=1.0, gt=0, description="first pause when Telegram cannot be reached, doubling"
    )
    sends_in_doubt: int = Field(
        default=1,
        ge=1,
        le=64,
        description="recorded sends in flight at once; a crash may duplicate at most this many",
    )
    rate_limits: bool = Field(default=True, description="pace requests as Telegram requires")
    private_burst: float = Field(
        default=3.0, ge=1, description="messages a private chat may get at once"
    )

    @property
    def base_url(self) -> str:
        return self.api_url.rstrip("/") + "/bot"

    @property
    def base_file_url(self) -> str:
        return self.api_url.rstrip("/") + "/file/bot"
