"""The smscore command: check, recipients, conformance (exact output and exit status)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smscore import cli
from smscore.cli._check import CheckOptions, render_check, run_check

SPEC = Path(__file__).resolve().parent.parent / "spec"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_builtin_example_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", "--json")
    assert status == 0
    report = json.loads(out)
    assert report["text"]["encoding"] == "UCS-2"
    assert report["text"]["units"] == 133
    assert report["text"]["parts"] == [
        "Hi O’Brien, your order #4521 has shipped — it arrives Tuesday. Trac",
        "k it at https://ex.am/p/4521 or reply HELP. Reply STOP to opt out.",
    ]
    assert [(c["position"], c["char"], c["replacement"]) for c in report["text"]["why_ucs2"]] == [
        (4, "’", "'"),
        (41, "—", "-"),
    ]
    assert report["text"]["with_lookalikes_replaced"]["encoding"] == "GSM-7"
    assert report["text"]["with_lookalikes_replaced"]["segments_saved"] == 1
    assert report["recipients"] == {
        "accepted": ["+12133734253", "+447911123456", "+525512345678"],
        "duplicates": [["12133734253", "+12133734253"]],
        "rejected": [["555-0100", "too short for the country"]],
        "billed_segments": 6,
    }
    assert sorted(report["providers"]) == ["acoustic", "messangi", "mgage-gateway"]
    assert report["ok"] is True
    gateway = report["providers"]["mgage-gateway"]["requests"]
    assert len(gateway) == 1
    assert gateway[0]["headers"] == {"Authorization": "Basic ***"}
    assert "numbers=12133734253%2C447911123456%2C525512345678" in gateway[0]["url"]
    acoustic = report["providers"]["acoustic"]["requests"][0]
    assert acoustic["url"] == (
        "https://api-campaign-us-1.goacoustic.com/rest/channels/sms/externalconsentsends"
    )
    assert json.loads(acoustic["body"])["contacts"] == [
        {"phoneNumber": "12133734253"},
        {"phoneNumber": "447911123456"},
        {"phoneNumber": "525512345678"},
    ]


def test_check_never_prints_credentials(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = {
        "SMSCORE_MGAGE_USERNAME": "gw-user-XYZ",
        "SMSCORE_MGAGE_PASSWORD": "gw-pass-XYZ",
        "SMSCORE_MESSANGI_API_KEY": "msg-key-XYZ",
        "SMSCORE_ACOUSTIC_TOKEN": "ac-token-XYZ",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    for argv in (["check", "--no-color"], ["check", "--json"]):
        status, out, err = _run(capsys, *argv)
        assert status == 0
        for value in secrets.values():
            assert value not in out + err


def test_check_predicts_mgage_107_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    text = "x" * 161
    status, out, _ = _run(
        capsys, "check", text, "--to", "+12133734253", "--provider", "mgage-gateway", "--json"
    )
    assert status == 1
    gateway = json.loads(out)["providers"]["mgage-gateway"]
    assert gateway["ok"] is False
    assert gateway["requests"] == []
    assert [(r["code"], r["message"]) for r in gateway["rejections"]] == [
        ("107", "Too many characters in message – should be < 160, found 161.")
    ]
    status, out, _ = _run(
        capsys,
        "check",
        text,
        "--to",
        "+12133734253",
        "--provider",
        "mgage-gateway",
        "--allow-long",
        "--mgage-endpoint",
        "https://gateway.example.test/send",
        "--json",
    )
    assert status == 0
    request = json.loads(out)["providers"]["mgage-gateway"]["requests"][0]
    assert request["url"].startswith("https://gateway.example.test/send?message=xxx")
    assert request["url"].endswith("&allow_long_messages=yes")


def test_check_messangi_single_and_segments_exceeded(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "check", "Hi", "--to", "+52 55 1234 5678", "--provider", "messangi", "--json"
    )
    assert status == 0
    request = json.loads(out)["providers"]["messangi"]["requests"][0]
    assert request == {
        "method": "POST",
        "url": "https://elastic.messangi.me/raven/v2/messages",
        "headers": {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Authorization": "Bearer ***",
        },
        "body": '{"from":"12345","text":"Hi","to":"+525512345678"}',
    }


def test_check_text_over_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "check", "a" * 1601)
    assert status == 2
    assert out == ""
    assert err.startswith("smscore: error: ")
    assert "1601" in err
    assert "1600" in err


def test_render_check_colours_the_characters_that_force_ucs2() -> None:
    report = run_check(CheckOptions(text="Don’t", to=("+12133734253",)))
    plain = render_check(report, color=False)
    assert plain[:2] == [
        "Text: UCS-2, 5 UTF-16 units, 1 segment(s) of up to 70 UTF-16 units",
        "  [1/1] Don’t|",
    ]
    coloured = render_check(report, color=True)
    assert "Don\x1b[1;31m’\x1b[0mt" in coloured[1]


def test_recipients_file_csv_with_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "people.csv"
    source.write_text(
        "name,phone\nAna,+1 213 373 4253\nBo,12133734253\nCy,not a number\nDi,+44 7911 123456\n"
    )
    rejected = tmp_path / "rejected.csv"
    batches = tmp_path / "batches"
    status, out, err = _run(
        capsys,
        "recipients",
        str(source),
        "--column",
        "phone",
        "--style",
        "digits",
        "--batch-size",
        "1",
        "--rejected",
        str(rejected),
        "--batches",
        str(batches),
    )
    assert status == 0
    assert out == "12133734253\n447911123456\n"
    assert rejected.read_text().splitlines() == ["raw,reason", "not a number,not a number"]
    assert sorted(p.name for p in batches.iterdir()) == ["batch-00001.txt", "batch-00002.txt"]
    assert (batches / "batch-00002.txt").read_text() == "447911123456\n"
    assert err.splitlines() == [
        "read                     4",
        "accepted                 2",
        "duplicates               1",
        "rejected                 1",
        "  not a number           1",
        f"2 batch file(s) written to {batches}",
    ]


def test_recipients_plain_lines_json_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("2133734253\n\n(213) 373-4253\n12\n")
    status, out, _ = _run(capsys, "recipients", str(source), "--region", "us", "--json")
    assert status == 0
    assert json.loads(out) == {
        "read": 3,
        "accepted": 1,
        "duplicates": 1,
        "rejected": 1,
        "rejected_by_reason": {"too short for the country": 1},
        "batches": 0,
    }


def test_recipients_missing_file_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "recipients", str(tmp_path / "nope.txt"))
    assert status == 2
    assert "no such file" in err
    source = tmp_path / "a.csv"
    source.write_text("name,phone\nAna,12133734253\n")
    status, _, err = _run(capsys, "recipients", str(source), "--column", "mobile")
    assert status == 2
    assert "column 'mobile' is not in the CSV header ['name', 'phone']" in err


def test_conformance_on_spec_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "conformance", str(SPEC))
    lines = out.splitlines()
    assert status == 0
    assert lines[-1].endswith(" passed, 0 failed")
    assert int(lines[-1].split()[0]) >= 100


def test_conformance_failure_and_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vector = {
        "id": "mine/wrong",
        "provider": "text",
        "operation": "segment",
        "input": {"text": "hi"},
        "expect": {"error": {"code": "x", "message": "y"}},
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(vector))
    status, out, _ = _run(capsys, "conformance", str(path))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"FAIL mine/wrong [{path}]: expected error, got result ")
    assert lines[-1] == "0 passed, 1 failed"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    status, out, err = _run(capsys, "conformance", str(bad))
    assert status == 2
    assert f"{bad}:1: not valid JSON" in err
