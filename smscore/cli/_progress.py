"""A progress bar on stderr for long reads: bytes read of the total, rows per second, ETA.

Drawn with ``rich`` (the ``cli`` extra) only when stderr is a terminal; without ``rich``, a
plain one-line counter; when stderr is not a terminal (a pipe, a log file, CI), nothing.
``rich`` is imported here, on first use, never by ``import smscore``.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, Final

#: Rows between two refreshes (a refresh costs far more than a row); a power of two.
EVERY: Final = 8192


class Progress:
    """``update(rows, position)`` every :data:`EVERY` rows; a context manager."""

    def __init__(self, total: int | None, *, enabled: bool, label: str = "reading") -> None:
        self.total = total
        self.enabled = enabled and bool(getattr(sys.stderr, "isatty", lambda: False)())
        self.label = label
        self._rich: Any = None
        self._task: Any = None
        self._start = time.monotonic()
        self._plain = False

    def __enter__(self) -> Progress:
        if not self.enabled:
            return self
        try:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress
        except ImportError:
            self._plain = True
            return self
        self._rich = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[rows]:>12,} rows {task.fields[rate]:>9,.0f} rows/s"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._rich.__enter__()
        self._task = self._rich.add_task(self.label, total=self.total, rows=0, rate=0.0)
        return self

    def update(self, rows: int, position: int) -> None:
        """Show ``rows`` read and ``position`` bytes of :attr:`total`."""
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self._start, 1e-6)
        if self._rich is not None:
            self._rich.update(self._task, completed=position, rows=rows, rate=rows / elapsed)
        elif self._plain:
            share = f" {100 * position // self.total:3d}%" if self.total else ""
            sys.stderr.write(f"\r{self.label}{share} {rows:,} rows {rows / elapsed:,.0f} rows/s")
            sys.stderr.flush()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._rich is not None:
            self._rich.__exit__(kind, exc, tb)
        elif self._plain:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
