"""``smscore check`` (one text, and the campaign check), ``conformance`` and the conventions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smscore import cli
from smscore.cli._check import CheckOptions, run_check
from smscore.cli._render import render_check

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
ALL = ["mgage-gateway", "messangi", "acoustic"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = cli.main(list(argv))
    except SystemExit as exc:  # argparse usage errors and --version
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _provider_blocks(out: str) -> dict[str, list[str]]:
    """Provider name -> its lines in the text report."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in out.splitlines():
        head = line.split(" ", 1)[0].rstrip(":")
        if head in ALL and not line.startswith(" "):
            current = blocks.setdefault(head, [line])
        elif line.startswith("  ") and current is not None:
            current.append(line)
        else:
            current = None
    return blocks


def test_check_builtin_example_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", "--json")
    report = json.loads(out)
    assert status == (0 if report["ok"] else 1)
    text = report["text"]
    assert (text["encoding"], text["units"], text["segments"]) == ("UCS-2", 133, 2)
    assert text["parts"] == [
        "Hi O’Brien, your order #4521 has shipped — it arrives Tuesday. Trac",
        "k it at https://ex.am/p/4521 or reply HELP. Reply STOP to opt out.",
    ]
    assert [(c["position"], c["char"], c["replacement"]) for c in text["why_ucs2"]] == [
        (4, "’", "'"),
        (41, "—", "-"),
    ]
    assert text["with_replacements"]["encoding"] == "GSM-7"
    assert text["with_replacements"]["segments_saved"] == 1
    assert text["astral"] == []
    rcp = report["recipients"]
    assert rcp["accepted"] == ["+12133734253", "+447911123456", "+525512345678"]
    assert rcp["duplicates"] == [["12133734253", "+12133734253"]]
    assert rcp["rejected"] == [["555-0100", "too short for the country"]]
    assert rcp["billed_segments"] == 6
    assert list(report["providers"]) == ALL
    for p in report["providers"].values():
        assert all(r["basis_text"] for r in p["rejections"])
    gateway = report["providers"]["mgage-gateway"]["requests"]
    assert gateway[0]["headers"] == {"Authorization": "Basic ***"}
    acoustic = report["providers"]["acoustic"]["requests"][0]
    assert acoustic["url"] == (
        "https://api-campaign-us-1.goacoustic.com/rest/channels/sms/externalconsentsends"
    )


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
    for argv in (["check", "--no-color"], ["check", "--json"], ["check", "", "--to", "1"]):
        _, out, err = _run(capsys, *argv)
        for value in secrets.values():
            assert value not in out + err


@pytest.mark.parametrize("text", ["", "x" * 801])
def test_every_provider_reported_and_exit_1_in_both_modes(
    capsys: pytest.CaptureFixture[str], text: str
) -> None:
    argv = ["check", text, "--to", "+12133734253"]
    status, out, err = _run(capsys, *argv, "--json")
    report = json.loads(out)
    assert (status, err) == (1, "")
    assert list(report["providers"]) == ALL
    assert "acoustic" in report["refused_by"]
    status, out, err = _run(capsys, *argv)
    assert (status, err) == (1, "")
    blocks = _provider_blocks(out)
    assert list(blocks) == ALL
    assert out.splitlines()[-1] == (
        f"would reject: {', '.join(report['refused_by'])} (exit status 1)"
    )
    for name, lines in blocks.items():
        verdict = "accepts" if report["providers"][name]["ok"] else "would reject"
        assert lines[0].endswith(f": {verdict}")
        for i, line in enumerate(lines):  # each rejection is followed by its basis
            codes = [r["code"] for r in report["providers"][name]["rejections"]]
            if any(line.startswith(f"  {code}: ") for code in codes):
                assert lines[i + 1].startswith("    basis: ")


def test_empty_text_rejections_show_their_basis(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", "", "--to", "+12133734253", "--provider", "acoustic")
    assert status == 1
    assert _provider_blocks(out)["acoustic"][1:4] == [
        "  recipients as this provider reads them: 1 accepted, 0 duplicate(s), 0 rejected of 1; "
        "1 segment(s) in 1 request(s)",
        "  400: SMS content should be present",
        '    basis: documented: seed 003, "Response Codes", "SMS content is empty"',
    ]


def test_segment_view_marks_extension_astral_and_escapes_controls() -> None:
    report = run_check(CheckOptions(text="a{b}€c", to=(), providers=("messangi",)))
    plain = render_check(report, color=False)
    assert plain[:3] == [
        "Text: GSM-7, 9 septets, 1 segment(s) of up to 160 septets",
        "  [1/1] a{b}€c|",
        "  GSM extension characters, 2 septets each: '{' at 1, '}' at 3, '€' at 4",
    ]
    coloured = render_check(report, color=True)
    assert "a\x1b[33m{\x1b[0mb" in coloured[1]
    assert coloured[3] == "  marks: \x1b[33myellow\x1b[0m GSM extension character (2 septets)"
    report = run_check(CheckOptions(text="Hi 😀\x1b[2J Don’t", to=(), providers=("messangi",)))
    plain = render_check(report, color=False)
    assert plain[:3] == [
        "Text: UCS-2, 15 UTF-16 units, 1 segment(s) of up to 70 UTF-16 units",
        "  [1/1] Hi 😀\\x1b[2J Don’t|",
        "  astral characters, 2 UTF-16 units each: '😀' at 3",
    ]
    assert "  position 4: '\\x1b' U+001B no GSM replacement" in "\n".join(plain)
    assert not any("\x1b" in line for line in plain)
    coloured = render_check(report, color=True)
    assert "Hi \x1b[35m😀\x1b[0m\x1b[1;31m\\x1b\x1b[0m[2J" in coloured[1]
    assert coloured[3] == (
        "  marks: \x1b[1;31mred\x1b[0m forces UCS-2; "
        "\x1b[35mmagenta\x1b[0m astral character (2 UTF-16 units)"
    )


def test_text_over_1600_units_still_segmented(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", "é" * 1700, "--to", "+12133734253")
    lines = out.splitlines()
    assert status == 1
    assert lines[:2] == [
        "Text: GSM-7, 1700 septets, 12 segment(s) of up to 153 septets",
        "  over 1,600 UTF-16 units (1,700): no provider here takes it whole; "
        "see each provider below",
    ]
    assert sum(line.startswith("  [") for line in lines) == 12
    assert lines[-1] == "would reject: mgage-gateway, messangi, acoustic (exit status 1)"


def test_spanish_replacements_consistent_and_language_suggested(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, "check", "¿Vienes mañana? Sí, a las 5", "--provider", "messangi")
    assert status == 0
    assert out.splitlines()[2:6] == [
        "Why UCS-2:",
        "  position 17: 'í' U+00ED -> 'i' (drops the accent or mark of 'í': changes the spelling)",
        "  with these replacements: GSM-7, 1 segment(s) (saves 0)",
        "  with --language portuguese: GSM-7, 1 segment(s) (a national shift table; "
        "the handset must support it)",
    ]
    assert "  with --language spanish: GSM-7, 1 segment(s)" in out


def test_sender_empty_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "check", "Hi", "--sender", "")
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == (
        "smscore check: error: argument --sender: must not be empty (leave the option out instead)"
    )


def test_bad_text_is_one_line_never_a_traceback() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run(
        [sys.executable, "-m", "smscore", "check", os.fsdecode(b"bad \xff byte")],
        capture_output=True,
        env=env,
        timeout=120,
    )
    err = p.stderr.decode()
    assert p.returncode == 2
    assert "Traceback" not in err
    assert err.startswith("smscore: error: ")
    assert err.count("\n") == 1


# --- the campaign check ----------------------------------------------------------------------

CAMPAIGN = (
    "phone,NAME,CODE\n"
    "+12133734253,Ann,1111\n"
    "+13105550199,Zoë,2222\n"
    "12133734253,Dup,3333\n"
    ",Nobody,4444\n"
    "+14155550100,Bartholomew Maximilian Fitzgerald-Worthington the Third of Upper "
    "Snoring,5555\n"
)
TEMPLATE = "Hi %%NAME%%, your code is %%CODE%%. Reply STOP to opt out, HELP for help. " + (
    "Thanks for being with us for all these years, we do appreciate it!"
)


def test_campaign_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c.csv").write_text(CAMPAIGN)
    argv = ["check", "--template", TEMPLATE, "--recipients", str(tmp_path / "c.csv")]
    argv += ["--column", "phone", "--provider", "messangi", "--price-per-segment", "0.0075"]
    status, out, _ = _run(capsys, *argv, "--json")
    data = json.loads(out)
    assert status == 0
    assert data["recipients"]["read"] == 5
    assert data["recipients"]["empty_or_short"] == {"empty": 1}
    m = data["messages"]
    assert (m["rendered"], m["failed"], m["total_segments"]) == (4, 0, 6)
    assert m["segments_per_message"] == {"1": 2, "2": 2}
    assert m["ucs2_recipients"] == 1
    assert [(v["placeholder"], v["value"], v["suggestion"]) for v in m["ucs2_values"]] == [
        ("NAME", "Zoë", "Zoe")
    ]
    assert m["over_baseline"] == 2
    assert m["over_baseline_by_placeholder"] == {"NAME": 2}
    assert [(e["line"], e["segments"]) for e in m["over_baseline_examples"]] == [(3, 2), (6, 2)]
    p = data["providers"]["messangi"]
    assert p["accounting"] == {"read": 4, "accepted": 3, "duplicates": 1, "rejected": 0}
    assert (p["segments"], p["cost"], p["ok"]) == (5, "0.04", True)
    assert p["requests"] >= 1
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == f"Campaign: 5 rows from {tmp_path / 'c.csv'} (utf-8, CSV, number column 0 'phone')"
    )
    assert "  1 row(s) without a number: empty" in lines
    assert "  NAME = 'Zoë' -> 'Zoe': 1 recipient(s) (lines 3)" in lines
    assert (
        "Extra segments: 2 recipient(s) need more than 1 segment(s); the value that did it: NAME x2"
    ) in lines


def test_campaign_check_needs_a_template_and_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "check", "--recipients", str(tmp_path / "none.csv"))
    assert status == 2
    assert err == (
        "smscore: error: the campaign check needs both --template TEXT and --recipients FILE\n"
    )


# --- conformance -------------------------------------------------------------------------------


def test_conformance_on_spec_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "conformance", str(SPEC))
    last = out.splitlines()[-1]
    assert (status, last.endswith(" passed, 0 failed")) == (0, True), out[-2000:]
    assert int(last.split()[0]) >= 100


def test_conformance_malformed_file_is_a_failure_and_the_rest_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smscore.text import run_vector

    good = {
        "id": "mine/ok",
        "provider": "text",
        "operation": "segment",
        "input": {"text": "hi"},
        "expect": run_vector("segment", {"text": "hi"}),
    }
    wrong = {**good, "id": "mine/wrong", "expect": {"error": {"code": "x", "message": "y"}}}
    (tmp_path / "a.json").write_text(json.dumps([good, wrong]))
    (tmp_path / "b.json").write_text('{"id": "broken",\n  "provider": }\n')
    (tmp_path / "c.jsonl").write_text(json.dumps({**good, "id": "mine/other"}) + "\n{oops\n")
    status, out, _ = _run(capsys, "conformance", str(tmp_path))
    lines = out.splitlines()
    assert status == 1
    assert lines[0].startswith(f"FAIL mine/wrong [{tmp_path / 'a.json'}]: expected error, got ")
    assert lines[1].startswith(f"FAIL {tmp_path / 'b.json'}: ")
    assert "line 2 column 15" in lines[1]
    assert lines[2] == (
        f"FAIL {tmp_path / 'c.jsonl'}:2: not valid JSON: Expecting property name enclosed "
        "in double quotes at column 2"
    )
    assert lines[-1] == "2 passed, 3 failed"


# --- conventions -------------------------------------------------------------------------------


def test_version_help_and_python_m(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    status, out, _ = _run(capsys, "--version")
    assert (status, out) == (0, f"smscore {version('smscore')}\n")
    for command, example in (
        ("check", "smscore check --template"),
        ("recipients", "smscore recipients contacts.csv"),
        ("conformance", "smscore conformance spec/"),
        ("simulate", "smscore simulate --port 8000"),
    ):
        status, out, _ = _run(capsys, command, "--help")
        assert status == 0
        assert example in out
    status, out, _ = _run(capsys, "recipients", "--help")
    assert "(default: 1000)" in out
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run(
        [sys.executable, "-m", "smscore", "--help"], capture_output=True, env=env, timeout=120
    )
    assert p.returncode == 0
    assert p.stdout.decode().startswith("usage: smscore ")


def test_import_smscore_does_not_import_rich() -> None:
    code = "import sys, smscore, smscore.cli; print('rich' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120)
    assert p.stdout.decode() == "False\n"


def test_text_only_check_without_recipients(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", "Hello there")
    assert status == 0
    assert out.splitlines() == [
        "Text: GSM-7, 11 septets, 1 segment(s) of up to 160 septets",
        "  [1/1] Hello there|",
        "Recipients: 0 accepted, 0 duplicate(s), 0 rejected; 0 segment(s) billed",
        "(no --to: give --to NUMBER for each provider's request and verdict)",
    ]


def test_campaign_rows_that_cannot_render_and_a_file_without_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "c.csv").write_text("phone,NAME\n+12133734253,Ann\n+13105550199\n")
    argv = ["check", "--recipients", str(tmp_path / "c.csv"), "--column", "phone"]
    status, out, _ = _run(capsys, *argv, "--template", "Hi %%NAME%%", "--provider", "messangi")
    assert status == 1
    assert out.splitlines()[-1] == (
        "1 row(s) cannot be rendered: they would not be sent (exit status 1)"
    )
    assert "  failed x1: no value for NAME" in out.splitlines()
    (tmp_path / "n.csv").write_text("+12133734253,Ann\n")
    argv = ["check", "--recipients", str(tmp_path / "n.csv"), "--column", "0", "--no-header"]
    status, out, err = _run(capsys, *argv, "--template", "Hi %%NAME%%")
    assert (status, out) == (2, "")
    assert err.startswith("smscore: error: the template names its values (NAME) but ")
    status, out, _ = _run(capsys, *argv, "--template", "Hi {1}", "--provider", "messangi")
    assert status == 0
    assert "Messages (every row with a number, before duplicates are dropped): 1 rendered" in out
    (tmp_path / "j.csv").write_text("phone,NAME\n+12133734253,Ann\n")
    argv = ["check", "--recipients", str(tmp_path / "j.csv"), "--column", "phone", "--json"]
    argv += ["--template", "Hi {{ NAME|upper }}", "--dialect", "jinja", "--provider", "messangi"]
    status, out, _ = _run(capsys, *argv)
    data = json.loads(out)
    assert (status, data["dialect"], data["messages"]["rendered"]) == (0, "jinja", 1)
