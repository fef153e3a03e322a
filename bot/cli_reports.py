"""`pakn report` and `pakn import register`: reports, exports and the paper register from a shell."""

from __future__ import annotations

from pathlib import Path

import typer

import_app = typer.Typer(help="Nhập dữ liệu từ sổ theo dõi của cơ quan", no_args_is_help=True)


def _env(a, s):  # noqa: ANN001, ANN202 - an App and a Session
    from bot.core.render import use_timezone
    from bot.core.texts import Catalog
    from bot.services.base import Env
    from bot.workdays import WorkCalendar
    from storage import utcnow

    use_timezone(a.profile.timezone)
    return Env(s=s, profile=a.profile, clock=utcnow, t=Catalog(a.profile), calendar=WorkCalendar.from_profile(a.profile))


def _period(quarter: str | None, month: str | None, year: int | None, start: str | None, end: str | None, today):  # noqa: ANN001, ANN202
    from bot.services import reports as svc
    from bot.services.base import Refused

    chosen = [x for x in (quarter, month, year, start or end) if x]
    if len(chosen) > 1:
        raise typer.BadParameter("chọn một trong --quarter, --month, --year hoặc --from/--to")
    if start or end:
        a, b = svc.parse_day(start or ""), svc.parse_day(end or "")
        if a is None or b is None:
            raise typer.BadParameter("--from và --to dạng DD/MM/YYYY, cả hai")
        return svc.Period.between(a, b)
    if year:
        return svc.Period.year(year)
    text = quarter or month or ""
    try:
        return svc.parse_period(text, today)
    except Refused as e:
        raise typer.BadParameter(f"kỳ không hợp lệ: {text}") from e


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        quarter: str | None = typer.Option(None, "--quarter", help="Quý, ví dụ 2026-Q4"),
        month: str | None = typer.Option(None, "--month", help="Tháng, ví dụ 2026-11"),
        year: int | None = typer.Option(None, "--year", help="Năm, ví dụ 2026"),
        start: str | None = typer.Option(None, "--from", help="Từ ngày DD/MM/YYYY"),
        end: str | None = typer.Option(None, "--to", help="Đến ngày DD/MM/YYYY"),
        department: str | None = typer.Option(None, "--department", help="Mã phòng"),
        topic: str | None = typer.Option(None, "--topic", help="Mã lĩnh vực"),
        xlsx: Path | None = typer.Option(None, "--xlsx", help="Xuất tệp Excel"),
        csv_file: Path | None = typer.Option(None, "--csv", help="Xuất tệp CSV (UTF-8 có BOM)"),
        chart: Path | None = typer.Option(None, "--chart", help="Biểu đồ PNG"),
        pdf: Path | None = typer.Option(None, "--pdf", help="Báo cáo PDF để in"),
    ) -> None:
        """Báo cáo theo kỳ (mặc định: quý này); không có tùy chọn tệp thì in tóm tắt."""
        from bot.cli_common import load_app
        from bot.services import reports as svc
        from bot.services.base import Actor, Refused

        a = load_app()
        actor = Actor.system()
        with a.store.session() as s:
            env = _env(a, s)
            period = _period(quarter, month, year, start, end, env.today)
            try:
                r = svc.build(env, actor, period, department=department, topic=topic)
            except Refused as e:
                typer.echo(e.render(env.t), err=True)
                raise typer.Exit(2) from e
            if not any((xlsx, csv_file, chart, pdf)):
                typer.echo(svc.summary_text(env, r))
            if xlsx:
                n = svc.write_xlsx(env, actor, r, xlsx)
                typer.echo(f"Đã xuất {n} hồ sơ vào {xlsx}")
            if csv_file:
                n = svc.write_csv(env, actor, r, csv_file)
                typer.echo(f"Đã xuất {n} hồ sơ vào {csv_file}")
            if chart:
                svc.write_chart(env, actor, r, chart)
                typer.echo(f"Đã vẽ biểu đồ vào {chart}")
            if pdf:
                svc.write_pdf(env, actor, r, pdf)
                typer.echo(f"Đã xuất báo cáo PDF vào {pdf}")

    @import_app.command("register")
    def import_register(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Sổ theo dõi đơn thư (.xlsx)"),
        dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ kiểm tra, không ghi gì"),
        channel: str = typer.Option("paper", "--channel", help="Kênh khi sổ không có cột kênh: paper, reception, "
                                    "hotline, email"),
        column: list[str] = typer.Option([], "--column", help="Gán cột: trường=Tên cột, ví dụ content=Trích yếu"),
    ) -> None:
        """Nhập sổ theo dõi đơn thư Excel: nhận cột, chạy thử, báo các dòng bị từ chối; chạy lại không nhập trùng."""
        from bot.cli_common import load_app
        from bot.services import intake
        from bot.services.base import Actor
        from storage.models import OFFLINE_CHANNELS

        if channel not in OFFLINE_CHANNELS:
            raise typer.BadParameter(f"--channel: một trong {', '.join(OFFLINE_CHANNELS)}")
        overrides = {}
        for c in column:
            fld, sep, header = c.partition("=")
            if not sep:
                raise typer.BadParameter("--column dạng trường=Tên cột")
            overrides[fld.strip()] = header.strip()
        a = load_app()
        with a.store.session() as s:
            env = _env(a, s)
            try:
                res = intake.import_register(env, Actor.system(), file, dry_run=dry_run, default_channel=channel,
                                             overrides=overrides)
            except ValueError as e:
                typer.echo(f"Không đọc được sổ: {e}", err=True)
                raise typer.Exit(2) from e
            if dry_run:
                s.rollback()
        typer.echo("Cột đã nhận: " + ", ".join(f"{f} ← \"{h}\"" for f, h in res.mapping.items()))
        verb = "Sẽ nhập" if dry_run else "Đã nhập"
        typer.echo(f"{verb} {len(res.created)} hồ sơ; bỏ qua {len(res.skipped)} dòng đã nhập trước đó; "
                   f"từ chối {len(res.refused)} dòng.")
        for n, why in res.skipped[:20]:
            typer.echo(f"  bỏ qua dòng {n}: {why}")
        for n, why in res.refused:
            typer.echo(f"  từ chối dòng {n}: {why}")
        if dry_run:
            typer.echo("Chạy thử: chưa ghi gì. Bỏ --dry-run để nhập.")

    app.add_typer(import_app, name="import")
