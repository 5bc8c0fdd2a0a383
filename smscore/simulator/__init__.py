"""A local simulator of the four provider APIs (the ``smscore[simulator]`` extra).

An ASGI app on Starlette, served by uvicorn, answering the documented paths with the
providers' documented codes, texts and bodies, validating with the provider modules' own
``check_*`` functions, and keeping what it was sent in memory (see :func:`create_app`).

- :func:`serve` ``(host, port, config)``: run in the foreground (``smscore simulate``).
- :func:`running` ``(host, port=0, config)``: a context manager serving in a background thread;
  yields a :class:`RunningSimulator` with ``base_url`` and ``state``.
- :class:`SimulatorConfig`: credentials (any non-empty by default), delays, Acoustic programs.

Nothing in ``import smscore`` imports this package.
"""

from __future__ import annotations

from ._app import create_app
from ._common import GATEWAY_PATH, GATEWAY_UK_PATH, SimulatorConfig
from ._messangi import is_loopback_url
from ._server import RunningSimulator, running, serve
from ._state import (
    AcousticSend,
    CallbackAttempt,
    ExportRecord,
    MessangiMessage,
    SimulatorState,
)

__all__ = [
    "GATEWAY_PATH",
    "GATEWAY_UK_PATH",
    "AcousticSend",
    "CallbackAttempt",
    "ExportRecord",
    "MessangiMessage",
    "RunningSimulator",
    "SimulatorConfig",
    "SimulatorState",
    "create_app",
    "is_loopback_url",
    "running",
    "serve",
]
