"""`pakn`: the one command-line entry point."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

import typer

from bot.cli_common import fail, load_app
from bot.config import get_settings

app = typer.Typer(help="pakn-bot: tiếp nhận phản ánh, kiến nghị và đối thoại với người dân.", no_args_is_help=True)
db_app = typer.Typer(help="Cơ sở dữ liệu", no_args_is_help=True)
demo_app = typer.Typer(help="Dữ liệu mẫu", no_args_is_help=True)
staff_app = typer.Typer(help="Cán bộ", no_args_is_help=True)
profile_app = typer.Typer(help="Hồ sơ cơ quan", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(staff_app, name="staff")
app.add_typer(profile_app, name="profile")


_fail = fail


_build = load_app


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Áp dụng các migration Alembic (tạo/cập nhật bảng)."""
    from storage import Store

    settings = get_settings()
    Store(settings.sqlalchemy_url).upgrade()
    typer.echo(f"Đã cập nhật cơ sở dữ liệu: {_safe_url(settings.sqlalchemy_url)}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


DEMO_OPTION = typer.Option(False, "--demo", help="Dùng cơ sở dữ liệu mẫu riêng (PAKN_DATA_DIR/demo.db)")


@demo_app.command("seed")
def demo_seed(
    force: bool = typer.Option(False, "--force", help="Nạp cả khi cơ sở dữ liệu đã có dữ liệu thật"),
    demo: bool = DEMO_OPTION,
) -> None:
    """Nạp cán bộ mẫu và một buổi đối thoại sắp tới (từ chối cơ sở dữ liệu đã có dữ liệu thật)."""
    from bot.app import has_real_data, seed_demo

    a = _build_demo() if demo else _build()
    if has_real_data(a.store) and not force:
        _fail(f"Cơ sở dữ liệu {_safe_url(a.settings.sqlalchemy_url)} đã có dữ liệu thật (hồ sơ, người dân hoặc "
              "cán bộ): không nạp dữ liệu mẫu. Dùng --force nếu thật sự muốn, hoặc 'make run' (cơ sở dữ liệu mẫu "
              "riêng).")
    if seed_demo(a.store, a.profile, force=force):
        typer.echo("Đã nạp dữ liệu mẫu: 3 cán bộ (console: canbo-admin, canbo-tdc, thanhtra) và 1 buổi đối thoại.")
    else:
        typer.echo("Dữ liệu mẫu đã có; không nạp thêm.")


def _build_demo():  # noqa: ANN202 - bot.app.App
    """The embedded default: a SQLite database of its own in the data folder, seeded with demo data."""
    from bot.app import build, seed_demo
    from bot.logs import setup_logging

    settings = get_settings()
    settings = settings.model_copy(update={"database_url": f"sqlite:///{(settings.data_dir / 'demo.db').resolve()}"})
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    setup_logging(settings)
    a = build(settings)
    seed_demo(a.store, a.profile)
    return a


@staff_app.command("add")
def staff_add(
    user_id: str = typer.Option(..., "--user-id", help="Mã người dùng trên kênh (Telegram, Zalo: user id)"),
    name: str = typer.Option(..., "--name"),
    role: str = typer.Option("admin", "--role", help="admin | officer | inspector"),
    channel: str = typer.Option("telegram", "--channel"),
    department: list[str] = typer.Option([], "--department", "-d"),
) -> None:
    """Thêm cán bộ (dùng để tạo quản trị viên đầu tiên)."""
    from storage import staff as staff_repo
    from storage.models import StaffRole

    if role not in [r.value for r in StaffRole]:
        _fail("Vai trò phải là admin, officer hoặc inspector.")
    a = _build()
    bad = [d for d in department if a.profile.department(d) is None]
    if bad:
        _fail("Không có phòng: " + ", ".join(bad))
    with a.store.session() as s:
        st = staff_repo.add(s, channel=channel, user_id=user_id, name=name, role=role, departments=department)
        typer.echo(f"Đã thêm cán bộ #{st.id} {st.name} ({st.role}) trên kênh {channel}.")


@staff_app.command("list")
def staff_list() -> None:
    """Danh sách cán bộ."""
    from storage import staff as staff_repo

    a = _build()
    with a.store.session() as s:
        for st in staff_repo.list_active(s):
            typer.echo(f"#{st.id}\t{st.role}\t{st.channel}:{st.channel_user_id}\t{st.name}\t{','.join(st.departments)}")


@profile_app.command("check")
def profile_check(path: str = typer.Argument(..., help="Tên hồ sơ có sẵn hoặc đường dẫn tệp YAML")) -> None:
    """Kiểm tra một tệp hồ sơ cơ quan."""
    from bot.profile import ProfileError, load_profile_file, resolve_profile_path

    try:
        p = load_profile_file(resolve_profile_path(path))
    except ProfileError as e:
        _fail(str(e))
    typer.echo(f"Hồ sơ hợp lệ: {p.name} — {len(p.topics)} lĩnh vực, {len(p.departments)} phòng, {len(p.faq)} câu hỏi, "
               f"{len(p.procedures)} thủ tục, {len(p.other_bodies)} cơ quan khác.")
    for w in p.warnings():
        typer.echo(f"Cảnh báo: {w}")
    from intents.profile_topics import model_for

    if model_for(p) is None:
        typer.echo(f"Chưa có mô hình lĩnh vực riêng cho '{p.code}' (lĩnh vực theo từ khóa): "
                   f"chạy `pakn nlu train --profile {path}`.")


@app.command("chat")
def chat(
    user: str = typer.Option("nguoidan-1", "--user", help="Mã người dân trong phiên trò chuyện"),
    staff: str | None = typer.Option(None, "--staff", help="Trò chuyện với tư cách cán bộ (tên hoặc mã)"),
    demo: bool = DEMO_OPTION,
) -> None:
    """Trò chuyện với bot trong cửa sổ dòng lệnh."""
    from bot.channels.console import ConsoleChat
    from storage import staff as staff_repo

    a = _build_demo() if demo else _build()
    name = None
    if staff:
        with a.store.session() as s:
            st = staff_repo.find(s, staff)
            if st is None or st.channel != "console":
                _fail(f"Không có cán bộ '{staff}' trên kênh console. Chạy 'pakn demo seed' hoặc 'pakn staff add "
                      "--channel console'.")
            user, name = st.channel_user_id, st.name
    ConsoleChat(a.core, user, display_name=name).run()


@app.command("run")
def run(
    webhook: bool = typer.Option(False, "--webhook", help="Telegram, Zalo: nhận cập nhật qua webhook"),
    demo: bool = typer.Option(False, "--demo", help="Cơ sở dữ liệu mẫu riêng (make run)"),
) -> None:
    """Chạy bot với mọi kênh đã cấu hình và trang web (PAKN_WEB_HOST:PORT); không có kênh nào thì mở trò
    chuyện cục bộ."""
    from bot.channels.registry import configured

    settings = get_settings()
    messengers = [c for c in configured(settings) if c.name != "web"]
    if webhook and not messengers:
        _fail("--webhook cần một kênh nhắn tin (PAKN_TELEGRAM_TOKEN và PAKN_TELEGRAM_WEBHOOK_URL, hoặc "
              "PAKN_ZALO_TOKEN và PAKN_ZALO_WEBHOOK_URL): chưa cấu hình kênh nào để nhận webhook.")
    a = _build_demo() if demo else _build()
    web_url = f"http://{a.settings.web_host}:{a.settings.web_port}"
    if messengers:
        _hint_first_admin(a)
        if a.settings.web_enabled:
            typer.echo(f"Trang web: {web_url}/   Trang công khai: {web_url}/cong-khai")
    elif a.settings.web_enabled:  # the web chat alone (make run: on the demo database)
        if not demo:
            _hint_first_admin(a)
        typer.echo(f"Chưa cấu hình kênh nhắn tin nào (PAKN_TELEGRAM_TOKEN, PAKN_ZALO_TOKEN): trò chuyện với "
                   f"{a.profile.name} trên trang web.")
        typer.echo(f"Trò chuyện: {web_url}/   Công khai: {web_url}/cong-khai   Nhúng vào website: "
                   f'<script src="{web_url}/widget.js" async></script>')
        typer.echo("Cửa sổ thứ hai cho cán bộ: .venv/bin/pakn chat" + (" --demo" if demo else "")
                   + " --staff canbo-admin")
    else:
        from bot.channels.console import ConsoleChat
        from bot.delivery.runtime import start_jobs_thread

        if not demo:
            _hint_first_admin(a)
        typer.echo("Chưa cấu hình kênh nhắn tin nào (PAKN_TELEGRAM_TOKEN, PAKN_ZALO_TOKEN): "
                   f"mở trò chuyện cục bộ với {a.profile.name}.")
        typer.echo("Cửa sổ thứ hai cho cán bộ: .venv/bin/pakn chat" + (" --demo" if demo else "")
                   + " --staff canbo-admin")
        stop_jobs = start_jobs_thread(a)  # announcements, reminders and deadline digests still run
        try:
            ConsoleChat(a.core, "nguoidan-1").run()
        finally:
            stop_jobs()
        return
    from bot.channels.base import StartupError

    try:
        asyncio.run(_serve(a, webhook=webhook))
    except StartupError as e:  # the messenger's API stayed unreachable: a clear message, no traceback
        typer.echo(f"Không khởi động được: {e}", err=True)
        raise typer.Exit(1) from None


def _hint_first_admin(a) -> None:  # noqa: ANN001 - bot.app.App
    from storage import staff as staff_repo

    with a.store.session() as s:
        if staff_repo.count(s):
            return
    typer.echo("Chưa có cán bộ nào: thêm quản trị viên đầu tiên bằng\n"
               "  .venv/bin/pakn staff add --channel telegram --user-id <mã Telegram> --name \"Họ tên\" --role admin\n"
               "(mã Telegram: nhắn cho @userinfobot). Sau đó thêm cán bộ khác bằng /canbo_them trong Telegram.",
               err=True)


async def _serve(a, *, webhook: bool) -> None:
    """Every configured channel (``bot.channels.registry``), one core runner and one HTTP server shared by
    them, and the outbox worker, until SIGINT/SIGTERM."""
    from bot.channels import registry
    from bot.channels.serve import serve
    from bot.core.runner import ProcessRunner, default_processes
    from bot.delivery import runtime

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    from bot.app import tune_gc

    tune_gc()  # after start-up: see bot/app.py
    from bot.delivery.limits import make_limiter

    processes = default_processes(a.settings)  # the core in worker processes (0: a thread of this one)
    runner = ProcessRunner(a.settings, processes, fetchers=registry.fetchers(a.settings)) if processes else None
    limiter = make_limiter(a.settings)  # one per process: the worker's sends and the channels' group replies
    try:
        await serve(a.settings, a.core, a.store, webhook=webhook, stop=stop, runner=runner, limiter=limiter,
                    also=[runtime.run_worker(a, stop_event=stop, limiter=limiter)])
    finally:
        await limiter.aclose()


def _register_subapps() -> None:
    from bot import cli_data, cli_delivery, cli_doctor, cli_reports
    from bot.profile import load_profile
    from intents.cli import app as nlu_app
    from intents.cli import set_profile_loader

    set_profile_loader(load_profile)

    @nlu_app.command("export-feedback")
    def export_feedback(out: Path = typer.Argument(Path("feedback.jsonl"), help="Tệp JSONL đầu ra")) -> None:
        """Xuất các lần cán bộ phân loại lại thành dữ liệu huấn luyện (dùng với `pakn nlu train --feedback`)."""
        from storage import Store, feedback

        settings = get_settings()
        store = Store(settings.sqlalchemy_url)
        store.upgrade()
        with store.session() as s:
            rows = feedback.export(s)
        with out.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        typer.echo(f"Đã xuất {len(rows)} mẫu vào {out}", err=True)

    app.add_typer(nlu_app, name="nlu", help="Hiểu tiếng Việt: dự đoán, đánh giá, huấn luyện")
    cli_delivery.register(app)
    cli_reports.register(app)
    cli_data.register(app)
    cli_doctor.register(app)


_register_subapps()


def main() -> None:  # pragma: no cover
    app(prog_name="pakn")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
