"""CLI for delivery: ``pakn worker`` and ``pakn broadcast …`` (mounted by ``bot.cli`` via :func:`register`)."""

from __future__ import annotations

import asyncio
import signal

import typer

broadcast_app = typer.Typer(help="Thông báo gửi người dân (broadcast)", no_args_is_help=True)


def _app(migrate: bool = True):
    from bot.cli_common import load_app

    return load_app(migrate)


def worker(
    concurrency: int | None = typer.Option(None, "--concurrency", "-c", help="Số tin gửi song song (mặc định 8)"),
    batch_size: int | None = typer.Option(None, "--batch", help="Số tin mỗi lần nhận việc (mặc định 5)"),
    lease: float | None = typer.Option(None, "--lease", help="Giây trước khi tin của một worker đã chết được nhận lại"),
    no_jobs: bool = typer.Option(False, "--no-jobs", help="Không chạy việc định kỳ (nhắc lịch, hạn xử lý)"),
) -> None:
    """Chạy riêng bộ gửi tin (outbox) và việc định kỳ, đến khi Ctrl-C/SIGTERM."""
    from bot.delivery.runtime import build_senders
    from bot.delivery.worker import Worker

    a = _app()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        senders, closers = build_senders(a.settings, a.store)
        if not senders:
            typer.echo("Chưa cấu hình kênh nhắn tin nào (PAKN_TELEGRAM_TOKEN): chỉ chạy việc định kỳ; tin cho kênh "
                       "console do cửa sổ trò chuyện tự in.", err=True)
        w = Worker(a.store, senders, a.settings, concurrency=concurrency, batch_size=batch_size, lease_seconds=lease,
                   profile=None if no_jobs else a.profile)
        try:
            await w.run(stop)
        finally:
            for close in closers:
                await close()

    asyncio.run(main())


def _store():
    from bot.config import get_settings
    from storage import Store

    store = Store(get_settings().sqlalchemy_url)
    store.upgrade()
    return store


@broadcast_app.command("status")
def broadcast_status(broadcast_id: int | None = typer.Argument(None, help="Mã thông báo; bỏ trống: các thông báo gần đây")) -> None:
    """Tình hình gửi một thông báo (đã gửi / đang chờ / lỗi / chặn bot)."""
    from bot.profile import load_profile
    from bot.services import announcements as bc

    a_profile = None
    try:
        from bot.config import get_settings

        a_profile = load_profile(get_settings().profile)
    except Exception:  # the status works without a valid profile
        a_profile = None
    store = _store()
    with store.session() as s:
        if broadcast_id is None:
            rows = bc.recent(s, 20)
            if not rows:
                typer.echo("Chưa có thông báo nào.")
            for b in rows:
                c = bc.counts(s, b)
                typer.echo(f"#{b.id}\t{b.status}\tđã gửi {c['sent']}/{b.total}\tchờ {c['waiting']}\tlỗi {c['failed']}"
                           f"\tchặn {c['blocked']}\t{' '.join(b.text.split())[:50]}")
            return
        b = bc.get(s, broadcast_id)
        if b is None:
            typer.echo(f"Không có thông báo #{broadcast_id}.", err=True)
            raise typer.Exit(1)
        typer.echo(bc.status_text(s, b, a_profile))


@broadcast_app.command("list")
def broadcast_list() -> None:
    """Các thông báo gần đây."""
    broadcast_status(None)


def _on_broadcast(broadcast_id: int, action) -> None:
    """Load a broadcast, run ``action(s, b, bc)`` in one transaction; a missing id or refusal exits 1."""
    from bot.services import announcements as bc

    store = _store()
    with store.session() as s:
        b = bc.get(s, broadcast_id)
        if b is None:
            typer.echo(f"Không có thông báo #{broadcast_id}.", err=True)
            raise typer.Exit(1)
        try:
            typer.echo(action(s, b, bc))
        except bc.BroadcastError as e:
            typer.echo(str(e), err=True)
            raise typer.Exit(1) from e


@broadcast_app.command("send")
def broadcast_send(broadcast_id: int = typer.Argument(..., help="Mã thông báo")) -> None:
    """Gửi ngay một thông báo (bản nháp hoặc đã hẹn giờ); bộ gửi tin sẽ thực hiện."""

    def send(s, b, bc) -> str:
        bc.send_now(s, b)
        return f"Đã đưa thông báo #{b.id} vào hàng gửi ({bc.audience_count(s, b)} người nhận)."

    _on_broadcast(broadcast_id, send)


@broadcast_app.command("cancel")
def broadcast_cancel(broadcast_id: int = typer.Argument(..., help="Mã thông báo")) -> None:
    """Hủy một thông báo; nếu đang gửi, các tin chưa gửi bị hủy."""
    _on_broadcast(broadcast_id, lambda s, b, bc: f"Đã hủy thông báo #{b.id} ({bc.cancel(s, b)} tin chưa gửi bị hủy).")


def register(app: typer.Typer) -> None:
    """Mount ``worker`` and ``broadcast`` on the main ``pakn`` app."""
    app.command("worker")(worker)
    app.add_typer(broadcast_app, name="broadcast")
