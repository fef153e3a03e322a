"""Typer sub-app for the NLU; the main CLI mounts it as `pakn nlu`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

app = typer.Typer(help="Hiểu tiếng Việt (NLU): dự đoán, đánh giá, huấn luyện.", no_args_is_help=True)


# How a profile name or path becomes a profile object. ``intents`` knows no agency profiles itself (it
# never imports ``bot``); the application sets this when it mounts the sub-app (bot.cli).
_profile_loader: Callable[[str], Any] | None = None


def set_profile_loader(loader: Callable[[str], Any]) -> None:
    global _profile_loader
    _profile_loader = loader


def _profile(name: str | None):
    if _profile_loader is None:
        if name:
            typer.echo("Không đọc được hồ sơ cơ quan: chạy lệnh này qua 'pakn nlu'.", err=True)
            raise typer.Exit(2)
        return None
    try:
        return _profile_loader(name or "so-khcn")
    except Exception as e:  # the default profile may not exist yet: keyword fallbacks still work
        if name:
            typer.echo(f"Không tải được hồ sơ '{name}': {e}", err=True)
            raise typer.Exit(2) from e
        return None


@app.command()
def predict(profile: str = typer.Option(None, "--profile", "-p", help="Tên hoặc đường dẫn hồ sơ cơ quan")) -> None:
    """Đọc tin nhắn từ stdin (mỗi dòng một tin), in một JSON mỗi dòng ra stdout, đúng thứ tự."""
    from .nlu import understand

    prof = _profile(profile)
    stdin = sys.stdin
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(encoding="utf-8", errors="replace")
    out = sys.stdout
    buf: list[str] = []
    for line in stdin:
        text = line.rstrip("\r\n")
        u = understand(text, prof)
        buf.append(json.dumps(u.to_dict(), ensure_ascii=False))
        if len(buf) >= 256:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")
    out.flush()


@app.command("eval")
def eval_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL: text, intent, kind/topic"),
    profile: str = typer.Option(None, "--profile", "-p"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Độ chính xác, macro-F1, ma trận nhầm lẫn; cả khi bỏ dấu."""
    from .evaluate import evaluate, format_report
    from .train import read_jsonl

    rows = read_jsonl(file)
    rep = evaluate(rows, _profile(profile))
    if as_json:
        typer.echo(json.dumps(rep, ensure_ascii=False, indent=1))
    else:
        typer.echo(format_report(rep))


@app.command()
def train(
    feedback: Path = typer.Option(None, "--feedback", exists=True, dir_okay=False,
                                  help="JSONL phân loại lại của cán bộ (pakn nlu export-feedback)"),
    rebuild_data: bool = typer.Option(False, "--rebuild-data", help="Sinh lại train/dev.jsonl trước khi huấn luyện"),
    profile: str = typer.Option(None, "--profile", "-p",
                                help="Chỉ huấn luyện mô hình lĩnh vực của hồ sơ này (tên hoặc tệp YAML), "
                                     "từ các câu ví dụ (examples) của từng lĩnh vực"),
    out: Path = typer.Option(None, "--out", file_okay=False,
                             help="Thư mục ghi mô hình lĩnh vực (mặc định intents/model/topics, nơi bot tự nạp)"),
) -> None:
    """Huấn luyện lại mô hình (intents/model/) từ intents/data/train.jsonl (+ phản hồi của cán bộ);
    với --profile: mô hình lĩnh vực riêng của một hồ sơ cơ quan."""
    if profile:
        from .profile_topics import MIN_EXAMPLES, TOPIC_MODEL_DIR, TooFewExamples, train_profile

        prof = _profile(profile)
        if prof is None:
            raise typer.Exit(2)
        try:
            meta = train_profile(prof, out or TOPIC_MODEL_DIR)
        except TooFewExamples as e:
            typer.echo(f"Chưa huấn luyện: các lĩnh vực sau có ít hơn {MIN_EXAMPLES} câu ví dụ (examples): {e}. "
                       "Hồ sơ này tiếp tục phân loại lĩnh vực bằng từ khóa.", err=True)
            raise typer.Exit(1) from e
        typer.echo(f"Đã huấn luyện mô hình lĩnh vực cho hồ sơ '{prof.code}': {meta['n_examples']} câu ví dụ, "
                   f"{meta['n_rows']} dòng huấn luyện, {len(meta['classes'])} lĩnh vực, trong {meta['seconds']} s")
        return
    if rebuild_data:
        from .data import build

        build.main()
    from .train import train as do_train

    meta = do_train(feedback)
    typer.echo(f"Đã huấn luyện: {meta['n_train']} câu (phản hồi: {meta['n_feedback']}) trong {meta['seconds']} s")


if __name__ == "__main__":  # pragma: no cover
    app()
