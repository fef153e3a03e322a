"""CLI for personal data: ``pakn data places|show|erase|retention`` (mounted by ``bot.cli``)."""

from __future__ import annotations

import typer

data_app = typer.Typer(help="Dữ liệu cá nhân: xem, xóa theo yêu cầu, thời hạn lưu trữ", no_args_is_help=True)


def _env_run(work):
    """Run ``work(env)`` in one unit of work of the configured database and profile."""
    from bot.cli_common import load_app
    from bot.services.base import Env

    a = load_app(True)
    with a.store.session() as s:
        env = Env(s=s, profile=a.profile, clock=a.core.clock, t=a.core.t, calendar=a.core.calendar,
                  staff_chats=a.core.staff_chats, sealer=a.core.sealer)
        return work(env)


@data_app.command("places")
def places() -> None:
    """Mọi nơi lưu dữ liệu cá nhân (bảng, cột, thư mục tệp) và cách xóa, thời hạn lưu."""
    from storage.personal_data import REGISTRY

    for p in REGISTRY:
        typer.echo(f"{p.table}\t{', '.join(p.columns)}\n    tìm theo: {p.linked_by}; khi xóa: {p.on_erase}; "
                   f"thời hạn: {p.retention}")


@data_app.command("show")
def show(user_id: str = typer.Option(..., "--user-id"), channel: str = typer.Option("telegram", "--channel")) -> None:
    """Dữ liệu đang lưu về một người (như khi người đó gõ "dữ liệu của tôi")."""
    from bot.services import personal_data
    from bot.services.base import Actor, Refused
    from storage import citizens

    def work(env):
        try:
            return personal_data.my_data(env, Actor.of_citizen(citizens.get(env.s, channel, user_id)))
        except Refused as e:
            return e.render(env.t)

    typer.echo(_env_run(work))


@data_app.command("erase")
def erase(user_id: str = typer.Option(..., "--user-id"), channel: str = typer.Option("telegram", "--channel"),
          yes: bool = typer.Option(False, "--yes", help="Không hỏi lại")) -> None:
    """Xóa dữ liệu cá nhân của một người theo yêu cầu gửi bằng đường khác (văn bản, trực tiếp)."""
    from bot.services import personal_data
    from bot.services.base import Refused

    if not yes:
        typer.confirm(f"Xóa dữ liệu cá nhân của {channel}:{user_id}?", abort=True)

    def work(env):
        try:
            r = personal_data.erase_identity(env, channel, user_id)
        except Refused as e:
            return e.render(env.t)
        held = ", ".join(h.code for h in r["held"]) or "không"
        return (f"Đã xóa: {r['items']} hồ sơ, {r['questions']} câu hỏi đối thoại, {r['messages']} tin nhắn. "
                f"Giữ lại theo quy định: {held}.")

    typer.echo(_env_run(work))


@data_app.command("retention")
def retention(dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ đếm, không xóa")) -> None:
    """Áp dụng thời hạn lưu trữ của hồ sơ cơ quan (privacy.retention): xóa dữ liệu đã hết hạn."""
    from bot.services import personal_data

    counts = _env_run(lambda env: personal_data.retention(env, dry_run=dry_run))
    label = "Sẽ xóa" if dry_run else "Đã xóa"
    typer.echo(f"{label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
