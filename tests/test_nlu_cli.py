import json

from typer.testing import CliRunner

import bot.cli  # noqa: F401 - mounts the NLU sub-app with the agency profile loader
from intents.cli import app

runner = CliRunner()
KEYS = {"text", "intent", "intent_score", "kind", "topic", "entities"}


def test_predict_order_keys_and_empty_lines():
    lines = ["toi muon phan anh can bo mot cua gay kho khan", "", "xin chào", "pa 2026 123 sao roi",
             "Tôi là Nguyễn Văn An, sđt 0912 345 678"]
    res = runner.invoke(app, ["predict"], input="\n".join(lines) + "\n")
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o["text"] for o in out] == lines
    for o in out:
        assert set(o) >= KEYS
    assert out[0]["intent"] == "petition"
    assert out[1]["intent"] == "other"
    assert out[3]["entities"]["codes"] == ["PA-2026-000123"]
    assert out[4]["entities"]["phones"] == ["0912345678"]
    assert out[4]["entities"]["person_name"] == "Nguyễn Văn An"


def _fixture(tmp_path):
    rows = [
        {"text": "tôi muốn tố cáo cán bộ một cửa đòi tiền", "intent": "petition", "kind": "to_cao",
         "topic": "thai_do_phuc_vu"},
        {"text": "cổng dịch vụ công bị lỗi không nộp được hồ sơ", "intent": "petition", "kind": "phan_anh",
         "topic": "dich_vu_cong_truc_tuyen"},
        {"text": "xin chào", "intent": "smalltalk"},
        {"text": "đừng gửi tin nữa", "intent": "unsubscribe"},
    ]
    p = tmp_path / "small.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return p


def test_eval_json(tmp_path):
    res = runner.invoke(app, ["eval", str(_fixture(tmp_path)), "--json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["n"] == 4
    for variant in ("plain", "stripped"):
        assert rep[variant]["intent"]["n"] == 4
        assert rep[variant]["kind"]["n"] == 2
        assert rep[variant]["topic"]["n"] == 2
        assert rep[variant]["intent"]["accuracy"] == 1.0
        assert "confusion" in rep[variant]["intent"]
    assert rep["plain"]["intent"]["confusion"]["smalltalk"] == {"smalltalk": 1}


def test_eval_text(tmp_path):
    res = runner.invoke(app, ["eval", str(_fixture(tmp_path))])
    assert res.exit_code == 0, res.output
    assert "macro-F1" in res.stdout and "diacritics stripped" in res.stdout and "confusion" in res.stdout


def test_train_merges_feedback(tmp_path):
    from intents.train import feedback_rows, train

    fb = tmp_path / "feedback.jsonl"
    fb.write_text(json.dumps({"text": "zzqq xyzzy vướng mắc", "intent": "petition", "kind": "to_cao",
                              "topic": "buc_xa_hat_nhan", "source": "feedback"}, ensure_ascii=False) + "\n",
                  encoding="utf-8")
    assert len(feedback_rows(fb)) == 1
    meta = train(fb, out_dir=tmp_path / "model")
    assert meta["n_feedback"] == 1
    assert (tmp_path / "model" / "intent.bin").exists() and (tmp_path / "model" / "meta.json").exists()
    # the urgent classifier beside the rules is rebuilt too (round 7), from development material only
    assert (tmp_path / "model" / "urgent.bin").exists() and (tmp_path / "model" / "urgent_situation.bin").exists()
    assert meta["urgent"]["n_urgent_positive"] > 0
