"""Reading a recipient file for ``smscore recipients`` and the campaign check.

Every data row comes out once, with the physical line it starts on, so each input can be
counted, traced back and reported. What the file is gets decided up front and said:

* the encoding: a byte-order mark wins (UTF-8, UTF-16, UTF-32); otherwise ``--encoding``
  (default UTF-8). A byte the encoding cannot decode, a NUL byte (a binary file, or UTF-16
  without its mark) or a line over :data:`MAX_LINE` bytes stops the run with the line number;
* plain list or CSV: CSV when ``--column`` is given or :class:`csv.Sniffer` finds a
  ``,`` / ``;`` / tab delimiter in the first lines; a plain list reads each line whole
  (a ``"`` or a comma in a plain list is part of that line's value);
* the header: the first row when ``--column`` names a column, when ``--header`` says so, or
  when its selected cell holds no digit (said in the summary; ``--no-header`` reads it as data).

Errors are :class:`~smscore.InvalidRequest` whose message names the line.
"""

from __future__ import annotations

import codecs
import csv
import io
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final

from ..errors import InvalidRequest

#: The longest line read (bytes); a longer one is not a list of numbers.
MAX_LINE: Final = 1 << 20
#: How much of the file the CSV sniffer sees (whole lines only).
SNIFF_BYTES: Final = 64 * 1024
SNIFF_LINES: Final = 200

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _error(message: str, field_name: str = "FILE", value: object = None) -> InvalidRequest:
    return InvalidRequest(message, field=field_name, value=value, rule="a readable number list")


@dataclass(slots=True)
class Row:
    """One data row: the line it starts on, its cells (one for a plain list), the raw value."""

    line: int
    cells: list[str]
    value: str | None
    reason: str | None = None


@dataclass(slots=True)
class Source:
    """An opened input: its bytes, encoding, size and how much has been read."""

    name: str
    stream: BinaryIO
    encoding: str
    size: int | None
    bom: bool = False
    line: int = 0  # the last physical line read
    position: int = 0  # bytes read
    _text: io.TextIOWrapper | None = field(default=None, repr=False)
    _pending: list[bytes] = field(default_factory=list, repr=False)
    _pending_text: list[str] = field(default_factory=list, repr=False)

    @property
    def lines_seen(self) -> int:
        """Physical lines read so far, those read ahead for sniffing included."""
        return self.line + len(self._pending) + len(self._pending_text)

    def close(self) -> None:
        if self.stream is not sys.stdin.buffer:
            self.stream.close()

    def lines(self) -> Iterator[str]:
        """Decoded physical lines with their line ending, counting lines and bytes."""
        if _ascii_compatible(self.encoding):
            yield from self._byte_lines()
        else:
            yield from self._wide_lines()

    def _byte_lines(self) -> Iterator[str]:
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        decode = codecs.getdecoder(codec)
        readline = self.stream.readline
        pending = self._pending
        while True:
            raw = pending.pop(0) if pending else readline(MAX_LINE + 1)
            if not raw:
                return
            self.line += 1
            self.position += len(raw)
            if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                raise _too_long(self.line)
            if b"\x00" in raw:
                raise _error(
                    f"line {self.line} holds a NUL byte: a binary file, or UTF-16/UTF-32 "
                    "without a byte-order mark (give --encoding utf-16-le or similar)"
                )
            try:
                text, _ = decode(raw)
            except UnicodeDecodeError as exc:
                bad = raw[exc.start : exc.start + 1].hex()
                raise _error(
                    f"line {self.line} is not {self.encoding} (byte 0x{bad} at column "
                    f"{exc.start + 1}); give --encoding, e.g. --encoding latin-1"
                ) from None
            yield text

    def _wide_lines(self) -> Iterator[str]:
        pending = self._pending_text
        while True:
            line = pending.pop(0) if pending else self._read_wide()
            if not line:
                return
            self.line += 1
            yield line

    def _read_wide(self) -> str:
        if self._text is None:
            self._text = io.TextIOWrapper(self.stream, encoding=self.encoding, newline="")
        try:
            line = self._text.readline(MAX_LINE + 1)
        except UnicodeDecodeError:
            raise _error(
                f"near line {self.line + len(self._pending_text) + 1}: not valid "
                f"{self.encoding}; give --encoding for this file"
            ) from None
        n = self.line + len(self._pending_text) + 1
        if len(line) > MAX_LINE and not line.endswith("\n"):
            raise _too_long(n)
        if "\x00" in line:
            raise _error(f"line {n} holds a NUL character: a binary file?")
        self.position = _tell(self.stream, self.position + 2 * len(line))
        return line

    def sample(self) -> str:
        """The first whole lines (up to :data:`SNIFF_BYTES`), kept to be read again."""
        if not _ascii_compatible(self.encoding):
            texts = self._pending_text
            while sum(map(len, texts)) < SNIFF_BYTES and len(texts) < SNIFF_LINES:
                line = self._read_wide()
                if not line:
                    break
                texts.append(line)
            return "".join(texts)
        got = self._pending
        size = 0
        while size < SNIFF_BYTES and len(got) < SNIFF_LINES:
            raw = self.stream.readline(MAX_LINE + 1)
            if not raw:
                break
            if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                raise _too_long(self.line + len(got) + 1)
            got.append(raw)
            size += len(raw)
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        return b"".join(got).decode(codec, errors="replace")


def _tell(stream: BinaryIO, fallback: int) -> int:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return fallback


def _too_long(line: int) -> InvalidRequest:
    return _error(f"line {line} is longer than {MAX_LINE:,} bytes: not a list of numbers")


def _ascii_compatible(encoding: str) -> bool:
    try:
        return '\n0123456789+,;\t"'.encode(encoding) == b'\n0123456789+,;\t"'
    except (UnicodeEncodeError, LookupError):
        return False


def open_source(path: str, encoding: str | None) -> Source:
    """Open ``path`` (``-`` for stdin) and settle its encoding; :class:`InvalidRequest` if not."""
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise InvalidRequest(
                f"unknown encoding {encoding!r} (try utf-8, latin-1, cp1252, utf-16)",
                field="--encoding",
                value=encoding,
                rule="a Python codec name",
            ) from None
    if path == "-":
        stream: BinaryIO = sys.stdin.buffer
        size = None
    else:
        p = Path(path)
        try:
            info = p.stat()
        except FileNotFoundError:
            raise _error(f"no such file: {path!r}", value=path) from None
        except OSError as exc:
            raise _error(f"cannot read {path!r}: {exc.strerror}", value=path) from None
        if stat.S_ISDIR(info.st_mode):
            raise _error(f"{path!r} is a directory, not a file of numbers", value=path)
        try:
            stream = p.open("rb")
        except OSError as exc:
            raise _error(f"cannot read {path!r}: {exc.strerror}", value=path) from None
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    chosen = encoding or "utf-8"
    bom = False
    for mark, name in _BOMS:
        if head.startswith(mark):  # a byte-order mark wins over --encoding
            bom, chosen = True, name
            if name == "utf-8-sig":
                stream.read(len(mark))  # the mark is not data
            break
    if chosen == "utf_8":
        chosen = "utf-8"
    return Source(name=path, stream=stream, encoding=chosen, size=size, bom=bom)


@dataclass(slots=True)
class Layout:
    """What the file is: ``delimiter`` (``None`` for a plain list), the header, the column."""

    delimiter: str | None
    header: list[str] | None
    index: int


def _sniff(sample: str) -> str | None:
    lines = [line for line in sample.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        found = csv.Sniffer().sniff("\n".join(lines[:SNIFF_LINES]), delimiters=",;\t").delimiter
    except csv.Error:
        # The sniffer wants every line alike; a ragged CSV still has its delimiter on the
        # first line and on most lines (a plain list with one comma somewhere does not).
        counts = [(sum(d in line for line in lines), d) for d in ",;\t" if d in lines[0]]
        best = max(counts, default=(0, ""))
        if best[0] * 2 < len(lines) or (best[0] < 2 and len(lines) > 1):
            return None
        found = best[1]
    first = next(csv.reader([lines[0]], delimiter=found))
    return found if len(first) > 1 else None


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _describe_header(cells: list[str]) -> str:
    shown = ", ".join(f"{i}={c.strip()!r}" for i, c in enumerate(cells[:20]))
    return shown + (", ..." if len(cells) > 20 else "")


def decide_layout(
    source: Source, column: str | None, header: bool | None, delimiter: str | None
) -> tuple[Layout, Iterator[tuple[int, list[str]]]]:
    """Decide plain list or CSV, the header and the column; return the rows to read.

    The rows iterator yields ``(line, cells)`` for every data row (the header excluded).
    """
    sample = source.sample()
    if delimiter is None:
        delimiter = _sniff(sample)
        if delimiter is None and column is not None and not column.isdigit():
            delimiter = ","
    rows = _csv_rows(source, delimiter) if delimiter else _plain_rows(source)
    first = next(rows, None)
    if first is None:
        return Layout(delimiter, None, 0), iter(())
    line, cells = first
    index = 0
    if delimiter is not None:
        if column is None:
            raise _error(
                f"line {line} looks like a CSV header with {len(cells)} columns "
                f"({_describe_header(cells)}): choose one with --column NAME or --column INDEX",
                field_name="--column",
            )
        if column.isdigit():
            index = int(column)
            if index >= len(cells):
                raise _error(
                    f"--column {index} is out of range: line {line} has {len(cells)} columns "
                    f"({_describe_header(cells)}); columns count from 0",
                    field_name="--column",
                    value=column,
                )
        else:
            names = [c.strip() for c in cells]
            if column not in names:
                raise _error(
                    f"column {column!r} is not in the header on line {line} "
                    f"({_describe_header(cells)}): give --column with one of these",
                    field_name="--column",
                    value=column,
                )
            index = names.index(column)
            header = True
    elif column is not None and column not in ("0", ""):
        raise _error(
            f"--column {column}: the file is a plain list (one number per line, no delimiter "
            "found); give --delimiter if it is CSV",
            field_name="--column",
            value=column,
        )
    if header is None:
        cell = cells[index] if index < len(cells) else ""
        header = bool(cell.strip()) and not _has_digit(cell)
    if header:
        return Layout(delimiter, cells, index), rows

    def again() -> Iterator[tuple[int, list[str]]]:
        yield first
        yield from rows

    return Layout(delimiter, None, index), again()


def _plain_rows(source: Source) -> Iterator[tuple[int, list[str]]]:
    for text in source.lines():
        yield source.line, [text.rstrip("\r\n")]


def _csv_rows(source: Source, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(source.lines(), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(exc, start, source.line) from None
        yield start, cells
        start = source.line + 1


def _csv_error(exc: csv.Error, start: int, now: int) -> InvalidRequest:
    text = str(exc)
    if "field larger than field limit" in text:
        return _error(
            f"line {start}: a field is longer than {csv.field_size_limit():,} characters "
            "(an unbalanced quote, or not a list of numbers)"
        )
    if "unexpected end of data" in text or "EOF" in text:
        return _error(
            f"line {start}: a quote opened here is never closed (the file ends at line {now})"
        )
    return _error(f"line {start}: not valid CSV ({text}); an unbalanced quote?")


def cell_value(cells: list[str], index: int) -> tuple[str | None, str | None]:
    """The raw value of the selected cell, or ``(None, reason)`` for a short row or a blank."""
    if index >= len(cells):
        return None, "empty" if not cells else "short row"
    value = cells[index].strip()
    if not value:
        return None, "empty"
    return value, None
