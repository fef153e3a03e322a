"""What every ``pakn`` sub-command shares: loading the app, failing with a clear message."""

from __future__ import annotations

import typer

from bot.config import get_settings


def fail(msg: str) -> None:
    typer.echo(msg, err=True)
    raise typer.Exit(2)


def load_app(migrate: bool = True):  # noqa: ANN201 - bot.app.App
    """Settings, logging, database and profile for a CLI command; a bad profile exits with its message."""
    from bot.app import build
    from bot.logs import setup_logging
    from bot.profile import ProfileError

    settings = get_settings()
    setup_logging(settings)
    try:
        return build(settings, migrate=migrate)
    except ProfileError as e:
        fail(str(e))
