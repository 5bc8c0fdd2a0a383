"""``smscore recipients`` run as a user runs it (a subprocess) on hostile files.

Each case asserts the exact counts, the exit status and the stderr lines, and that no
traceback ever reaches the user. The closing ``done:`` line carries the time and peak
memory, so it is matched by shape only.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from smscore import cli

ROOT = Path(__file__).resolve().parent.parent
DONE = re.compile(r"done: [\d,]+ rows in [\d.]+ s \([\d,]+ rows/s\)(, peak memory [\d,]+ MB)?")


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """stderr without the closing ``done:`` line (checked here for its shape), the
        summary table's column padding collapsed to one space."""
        lines = self.err.splitlines()
        if lines and lines[-1].startswith("done: "):
            assert DONE.fullmatch(lines[-1]), lines[-1]
            lines = lines[:-1]
        return [re.sub(r"(?<=\S) {2,}(?=[\d,]+$)", " ", line) for line in lines]


def inproc(cwd: Path, *argv: str) -> Run:
    """The same command in this process (fast), from ``cwd``."""
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(argv))
            except SystemExit as exc:  # argparse's usage errors
                status = int(exc.code or 0)
    finally:
        os.chdir(here)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return Run(status, out.getvalue(), err.getvalue())


def smscore(cwd: Path, *argv: str, stdin: bytes | None = None) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("SMSCORE_DEBUG", None)
    p = subprocess.run(
        [sys.executable, "-m", "smscore", *argv],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )
    out, err = p.stdout.decode(), p.stderr.decode()
    assert "Traceback" not in out + err
    return Run(p.returncode, out, err)


def test_csv_every_row_accounted_blank_cells_short_rows_and_rejected_rows(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "name,phone,city\n"
        "Ana,+1 213 373 4253,LA\n"
        "Bo,,SF\n"  # blank cell
        "Cy,   ,NY\n"  # whitespace cell
        "Di\n"  # short row
        "Ed,12133734253,LA\n"  # duplicate
        "Fa,not a number,LA\n"
        "\n"  # blank line
        "Gu,+44 7911 123456,London\n"
    )
    r = smscore(
        tmp_path,
        "recipients",
        "c.csv",
        "--column",
        "phone",
        "--style",
        "digits",
        "--batch-size",
        "1",
        "--rejected",
        "rejected.csv",
        "--batches",
        "out",
    )
    assert r.status == 0
    assert r.out == "12133734253\n447911123456\n"
    assert r.lines[:8] == [
        "c.csv: utf-8, CSV (','), column 1 'phone'; line 1 is the header "
        "(--no-header reads it as data)",
        "read 8",
        "accepted 2",
        "duplicates 1",
        "rejected 5",
        "  empty 3",
        "  short row 1",
        "  not a number 1",
    ]
    assert sorted(r.lines[8].removeprefix("by country: ").split(", ")) == ["GG 1", "US 1"]
    assert r.lines[9:] == [
        "written: 2 accepted numbers to stdout; 2 batch files to out; 5 rejected rows to "
        "rejected.csv",
    ]
    with open(tmp_path / "rejected.csv", newline="") as f:
        assert list(csv.reader(f)) == [
            ["line", "reason", "value", "name", "phone", "city"],
            ["3", "empty", "", "Bo", "", "SF"],
            ["4", "empty", "", "Cy", "   ", "NY"],
            ["5", "short row", "", "Di"],
            ["7", "not a number", "not a number", "Fa", "not a number", "LA"],
            ["8", "empty", ""],
        ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "batch-00001.txt",
        "batch-00002.txt",
    ]
    assert (tmp_path / "out" / "batch-00002.txt").read_text() == "447911123456\n"


def test_headerless_csv_first_row_without_a_digit(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text("n/a,Ann\n+12133734253,Bob\n")
    r = inproc(tmp_path, "recipients", "h.csv", "--column", "0", "--no-header", "-o", "a.txt")
    assert r.status == 0
    assert r.lines[1:5] == [
        "read 2",
        "accepted 1",
        "duplicates 0",
        "rejected 1",
    ]
    # without --no-header the row is read as the header, and the summary says so
    r = inproc(tmp_path, "recipients", "h.csv", "--column", "0", "-o", "a.txt")
    assert r.lines[0] == (
        "h.csv: utf-8, CSV (','), column 0 'n/a'; line 1 is the header "
        "(--no-header reads it as data)"
    )
    assert r.lines[1] == "read 1"


def test_unbalanced_quote_stops_with_the_line_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "q.csv").write_text('phone,name\n"+12133734253,Ann\n+13105550199,Bob\n')
    r = smscore(tmp_path, "recipients", "q.csv", "--column", "phone", "-o", "a.txt")
    assert r.status == 2
    assert r.err == (
        "smscore: error: line 2: a quote opened here is never closed (the file ends at line 3)\n"
    )
    assert not (tmp_path / "a.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.csv"]


def test_plain_list_first_line_with_a_comma_and_a_quote_line(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text('+12133734253, home\n+13105550199\n"\n+14155550100\n')
    r = inproc(tmp_path, "recipients", "p.txt", "--rejected", "r.csv")
    assert r.status == 0
    assert r.out == "+13105550199\n+14155550100\n"
    assert r.lines[:6] == [
        "p.txt: utf-8, one number per line",
        "read 4",
        "accepted 2",
        "duplicates 0",
        "rejected 2",
        "  not a number 2",
    ]
    assert (tmp_path / "r.csv").read_text().splitlines() == [
        "line,reason,value",
        '1,not a number,"+12133734253, home"',
        '3,not a number,""""',
    ]


def test_a_50_mb_line_is_refused_with_its_line_number(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"+12135550123\n" + b"+12135550123," * 4_000_000)
    r = smscore(tmp_path, "recipients", "big.txt", "-o", "a.txt")
    assert r.status == 2
    assert r.err == (
        "smscore: error: line 2 is longer than 1,048,576 bytes: not a list of numbers\n"
    )
    assert not (tmp_path / "a.txt").exists()


def test_latin1_needs_encoding(tmp_path: Path) -> None:
    (tmp_path / "l.txt").write_bytes(b"+12133734253\ncaf\xe9\n+13105550199\n")
    r = smscore(tmp_path, "recipients", "l.txt", "-o", "a.txt", "--batches", "b")
    assert r.status == 2
    assert r.err == (
        "smscore: error: line 2 is not utf-8 (byte 0xe9 at column 4); give --encoding, "
        "e.g. --encoding latin-1\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.txt"]
    r = smscore(tmp_path, "recipients", "l.txt", "--encoding", "latin-1")
    assert r.status == 0
    assert r.out == "+12133734253\n+13105550199\n"
    assert r.lines[0] == "l.txt: iso8859-1, one number per line"
    assert r.lines[4:6] == ["rejected 1", "  not a number 1"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + b"+12133734253\n+13105550199\n", "utf-8-sig"),
        ("+12133734253\r\n+13105550199\r\n".encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + "+12133734253\n+13105550199\n".encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_byte_order_marks(tmp_path: Path, data: bytes, encoding: str) -> None:
    (tmp_path / "n.txt").write_bytes(data)
    r = smscore(tmp_path, "recipients", "n.txt")
    assert r.status == 0
    assert r.out == "+12133734253\n+13105550199\n"
    assert r.lines[0] == f"n.txt: {encoding}, one number per line"
    assert r.lines[2] == "accepted 2"


def test_binary_file_and_utf16_without_bom(tmp_path: Path) -> None:
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 4)
    r = smscore(tmp_path, "recipients", "b.bin")
    assert r.status == 2
    assert r.err == (
        "smscore: error: line 1 holds a NUL byte: a binary file, or UTF-16/UTF-32 without a "
        "byte-order mark (give --encoding utf-16-le or similar)\n"
    )
    (tmp_path / "w.txt").write_bytes("+12133734253\n".encode("utf-16-le"))
    r = smscore(tmp_path, "recipients", "w.txt", "--encoding", "utf-16-le")
    assert (r.status, r.out) == (0, "+12133734253\n")


def test_csv_field_over_the_limit(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text("phone,note\n+12133734253,ok\n+13105550199," + "a" * 140_000)
    r = inproc(tmp_path, "recipients", "f.csv", "--column", "phone")
    assert r.status == 2
    assert r.err == (
        "smscore: error: line 3: a field is longer than 131,072 characters "
        "(an unbalanced quote, or not a list of numbers)\n"
    )


def test_column_out_of_range_and_csv_without_column(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("id,name,phone\n1,Ann,+12133734253\n2,Bob,+13105550199\n")
    r = inproc(tmp_path, "recipients", "m.csv", "--column", "7")
    assert (r.status, r.out) == (2, "")
    assert r.err == (
        "smscore: error: --column 7 is out of range: line 1 has 3 columns "
        "(0='id', 1='name', 2='phone'); columns count from 0\n"
    )
    r = inproc(tmp_path, "recipients", "m.csv")
    assert r.status == 2
    assert r.err == (
        "smscore: error: line 1 looks like a CSV header with 3 columns "
        "(0='id', 1='name', 2='phone'): choose one with --column NAME or --column INDEX\n"
    )
    r = inproc(tmp_path, "recipients", "m.csv", "--column", "mobile")
    assert r.err == (
        "smscore: error: column 'mobile' is not in the header on line 1 "
        "(0='id', 1='name', 2='phone'): give --column with one of these\n"
    )


@pytest.mark.parametrize(("delimiter", "shown"), [(";", "';'"), ("\t", "tab")])
def test_semicolon_and_tab_delimiters(tmp_path: Path, delimiter: str, shown: str) -> None:
    rows = ["id", "phone"], ["1", "+12133734253"], ["2"], ["3", "+13105550199"]
    (tmp_path / "d.csv").write_text("".join(delimiter.join(r) + "\n" for r in rows))
    r = inproc(tmp_path, "recipients", "d.csv", "--column", "phone")
    assert r.status == 0
    assert r.out == "+12133734253\n+13105550199\n"
    assert r.lines[0].startswith(f"d.csv: utf-8, CSV ({shown}), column 1 'phone'")
    assert r.lines[4:6] == ["rejected 1", "  short row 1"]


def test_directory_missing_file_and_bad_options(tmp_path: Path) -> None:
    r = inproc(tmp_path, "recipients", ".")
    assert (r.status, r.err) == (2, "smscore: error: '.' is a directory, not a file of numbers\n")
    r = inproc(tmp_path, "recipients", "nope.txt")
    assert (r.status, r.err) == (2, "smscore: error: no such file: 'nope.txt'\n")
    (tmp_path / "n.txt").write_text("+12133734253\n")
    r = inproc(tmp_path, "recipients", "n.txt", "--encoding", "klingon")
    assert r.err.startswith("smscore: error: unknown encoding 'klingon'")
    r = inproc(tmp_path, "recipients", "n.txt", "--batch-size", "0")
    assert r.status == 2
    assert r.err.endswith("argument --batch-size: 0 is not at least 1\n")


def test_batches_directory_must_be_empty_unless_overwrite(tmp_path: Path) -> None:
    (tmp_path / "n.txt").write_text("+12133734253\n+13105550199\n+14155550100\n")
    out = tmp_path / "out"
    out.mkdir()
    for i in range(1, 6):
        (out / f"batch-{i:05d}.txt").write_text("old\n")
    (out / "notes.md").write_text("mine\n")
    r = inproc(tmp_path, "recipients", "n.txt", "--batches", "out", "--batch-size", "2")
    assert r.status == 2
    assert r.err == (
        "smscore: error: --batches 'out' is not empty (6 files, 5 of them batch files): give "
        "--overwrite to replace the batch files, or choose an empty directory\n"
    )
    r = inproc(
        tmp_path, "recipients", "n.txt", "--batches", "out", "--batch-size", "2", "--overwrite"
    )
    assert r.status == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "batch-00001.txt",
        "batch-00002.txt",
        "notes.md",
    ]
    assert (out / "batch-00002.txt").read_text() == "+14155550100\n"


def test_json_without_output_says_where_numbers_go(tmp_path: Path) -> None:
    (tmp_path / "n.txt").write_text("2133734253\n\n(213) 373-4253\n12\n")
    r = inproc(tmp_path, "recipients", "n.txt", "--region", "us", "--json")
    assert r.status == 0
    summary = json.loads(r.out)
    assert {k: summary[k] for k in ("read", "accepted", "duplicates", "rejected")} == {
        "read": 4,
        "accepted": 1,
        "duplicates": 1,
        "rejected": 2,
    }
    assert summary["rejected_by_reason"] == {"empty": 1, "too short for the country": 1}
    assert summary["outputs"] == {"accepted": None, "batches": None, "rejected": None}
    assert r.lines == [
        "note: --json prints the summary only; the 1 accepted numbers were not written "
        "(give -o FILE or --batches DIR)"
    ]
    r = inproc(tmp_path, "recipients", "n.txt", "--region", "us", "--json", "-o", "a.txt")
    assert json.loads(r.out)["outputs"]["accepted"] == "a.txt"
    assert (tmp_path / "a.txt").read_text() == "+12133734253\n"


def test_national_format_hint_once_with_the_count(tmp_path: Path) -> None:
    (tmp_path / "n.txt").write_text(
        "+1 646 683 6219\n(646) 683-6219\n(212) 555-0100\n+1 212 736 0100\n"
    )
    r = inproc(tmp_path, "recipients", "n.txt")
    assert r.status == 0
    assert r.lines[1:6] == [
        "read 4",
        "accepted 2",
        "duplicates 0",
        "rejected 2",
        "  national format: give a region 2",
    ]
    hints = [line for line in r.lines if line.startswith("hint: ")]
    assert hints == [
        "hint: 2 number(s) in national format were rejected: give --region "
        "(for example --region US)"
    ]


def test_stdin_and_python_m(tmp_path: Path) -> None:
    r = smscore(tmp_path, "recipients", "-", stdin=b"+12133734253\n12133734253\n")
    assert r.status == 0
    assert r.out == "+12133734253\n"
    assert r.lines[1:4] == [
        "read 2",
        "accepted 1",
        "duplicates 1",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_ctrl_c_exits_130_and_leaves_nothing(tmp_path: Path) -> None:
    fifo = tmp_path / "numbers.fifo"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "smscore", "recipients", str(fifo), "-o", "a.txt"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    with open(fifo, "w") as writer:
        writer.write("+12133734253\n+13105550199\n")
        writer.flush()
        time.sleep(1.0)  # the reader is now waiting for more
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    text = err.decode()
    assert proc.returncode == 130
    assert "Traceback" not in text
    assert re.fullmatch(r"smscore: interrupted after \d+ lines; no output written\n", text)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["numbers.fifo"]


def test_accounting_mismatch_fails_loudly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from smscore.numbers import recipients

    real = recipients.stream_recipients

    def lossy(raws, **kwargs):  # type: ignore[no-untyped-def]
        for chunk in real(raws, **kwargs):
            yield type(chunk)(batch=chunk.batch[1:], duplicates=(), rejected=chunk.rejected)

    monkeypatch.setattr(recipients, "stream_recipients", lossy)
    source = tmp_path / "n.txt"
    source.write_text("+12133734253\n+13105550199\n+13105550199\n")
    status = cli.main(["recipients", str(source), "-o", str(tmp_path / "a.txt")])
    _, err = capsys.readouterr()
    assert status == 3
    assert err == (
        "smscore: error: internal error: read 3 rows but accounted for 1 (accepted 1 + "
        "duplicates 0 + rejected 0); no output written\n"
    )
    assert not (tmp_path / "a.txt").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from smscore.cli._progress import Progress

    pytest.importorskip("rich")
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with Progress(1_000_000, enabled=True) as bar:
        bar.update(50_000, 500_000)
    shown = screen.getvalue()
    assert "50,000 rows" in shown
    assert "rows/s" in shown
    assert "0.5/1.0 MB" in shown
    quiet = io.StringIO()  # not a terminal: nothing at all
    monkeypatch.setattr(sys, "stderr", quiet)
    with Progress(1_000_000, enabled=True) as bar:
        bar.update(50_000, 500_000)
    assert quiet.getvalue() == ""


def test_ambiguous_numbers_listed_with_both_readings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("+1 646 683 6219\n+1 212 736 0100\n6466836219\n")
    r = inproc(tmp_path, "recipients", "a.txt", "-o", "out.txt")
    assert r.status == 0
    assert r.lines[1:5] == ["read 3", "accepted 3", "duplicates 0", "rejected 0"]
    assert "by country: US 2, NZ 1" in r.lines
    at = r.lines.index("advice: 1 ambiguous-country:")
    assert r.lines[at + 1] == "  6466836219: +6466836219 (NZ) or +16466836219 (US)"
