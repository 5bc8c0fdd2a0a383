"""Output files written under temporary names and moved into place only when a run completes.

A failed or interrupted run removes what it wrote, so nothing is left that looks complete.
A ``--batches`` directory must be empty, or ``--overwrite`` clears the batch files smscore
wrote there before (``batch-NNNNN.txt``; other files are left alone).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Final, TextIO

from ..errors import InvalidRequest

#: The batch files smscore writes (and the only ones ``--overwrite`` removes).
BATCH_NAME: Final = "batch-{:05d}.txt"
BATCH_RE: Final = re.compile(r"batch-\d{5,}\.txt")


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.smscore-partial-{os.getpid()}")


def _check_parent(path: Path, option: str) -> None:
    if path.is_dir():
        raise InvalidRequest(
            f"{option} {str(path)!r} is a directory; give a file name",
            field=option,
            value=str(path),
            rule="a file path",
        )
    if not path.parent.is_dir():
        raise InvalidRequest(
            f"{option} {str(path)!r}: no such directory {str(path.parent)!r}",
            field=option,
            value=str(path),
            rule="the directory must exist",
        )


class Outputs:
    """The files of one run: accepted numbers, rejected rows, batch files."""

    def __init__(
        self,
        *,
        output: str | None,
        rejected: str | None,
        batches: str | None,
        overwrite: bool,
    ) -> None:
        self.output = Path(output) if output not in (None, "-") else None
        self.rejected = Path(rejected) if rejected else None
        self.batches = Path(batches) if batches else None
        self.overwrite = overwrite
        self.batch_count = 0
        self._created_dir = False
        self._files: dict[Path, TextIO] = {}
        for path, option in ((self.output, "--output"), (self.rejected, "--rejected")):
            if path is not None:
                _check_parent(path, option)
        if self.batches is not None:
            self._check_batches(self.batches)

    def _check_batches(self, folder: Path) -> None:
        if folder.exists() and not folder.is_dir():
            raise InvalidRequest(
                f"--batches {str(folder)!r} is a file, not a directory",
                field="--batches",
                value=str(folder),
                rule="a directory",
            )
        if folder.is_dir():
            present = [p.name for p in folder.iterdir() if not p.name.startswith(".")]
            if present and not self.overwrite:
                ours = sum(1 for name in present if BATCH_RE.fullmatch(name))
                raise InvalidRequest(
                    f"--batches {str(folder)!r} is not empty ({len(present):,} files, {ours:,} "
                    "of them batch files): give --overwrite to replace the batch files, "
                    "or choose an empty directory",
                    field="--batches",
                    value=str(folder),
                    rule="an empty directory, or --overwrite",
                )

    def open(self, path: Path) -> TextIO:
        """A temporary file for ``path`` (moved there by :meth:`commit`)."""
        handle = open(_partial(path), "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._files[path] = handle
        return handle

    def write_batch(self, numbers: tuple[str, ...]) -> None:
        """Write the next ``batch-NNNNN.txt`` (into a hidden partial directory)."""
        assert self.batches is not None
        folder = self.batches
        staging = folder / f".smscore-partial-{os.getpid()}"
        if self.batch_count == 0:
            if not folder.exists():
                folder.mkdir(parents=True)
                self._created_dir = True
            staging.mkdir(exist_ok=True)
        self.batch_count += 1
        (staging / BATCH_NAME.format(self.batch_count)).write_text(
            "\n".join(numbers) + "\n", encoding="utf-8"
        )

    def commit(self) -> None:
        """Close every file and move it into place; clear old batch files if asked."""
        for handle in self._files.values():
            handle.close()
        for path in self._files:
            os.replace(_partial(path), path)
        self._files.clear()
        if self.batches is None:
            return
        folder = self.batches
        if self.overwrite and folder.is_dir():
            for old in folder.iterdir():
                if BATCH_RE.fullmatch(old.name) and old.is_file():
                    old.unlink()
        staging = folder / f".smscore-partial-{os.getpid()}"
        if staging.is_dir():
            for i in range(1, self.batch_count + 1):
                name = BATCH_NAME.format(i)
                os.replace(staging / name, folder / name)
            staging.rmdir()

    def abort(self) -> None:
        """Remove everything this run wrote."""
        for path, handle in self._files.items():
            handle.close()
            with contextlib.suppress(OSError):
                _partial(path).unlink()
        self._files.clear()
        if self.batches is not None:
            staging = self.batches / f".smscore-partial-{os.getpid()}"
            shutil.rmtree(staging, ignore_errors=True)
            if self._created_dir:
                with contextlib.suppress(OSError):  # not empty: someone else's files
                    self.batches.rmdir()

    def describe(self, accepted: int, rejected: int, to_stdout: bool) -> str:
        """Where the results went, in one line."""
        parts: list[str] = []
        if self.output is not None:
            parts.append(f"{accepted:,} accepted numbers to {self.output}")
        elif to_stdout:
            parts.append(f"{accepted:,} accepted numbers to stdout")
        if self.batches is not None:
            parts.append(f"{self.batch_count:,} batch files to {self.batches}")
        if self.rejected is not None:
            parts.append(f"{rejected:,} rejected rows to {self.rejected}")
        return "written: " + ("; ".join(parts) if parts else "nothing")


def stdout() -> TextIO:
    """The standard output (a function so tests can swap ``sys.stdout``)."""
    return sys.stdout
