"""Run the simulator: in the foreground (:func:`serve`, the CLI's entry point) or in a
background thread for tests and notebooks (:func:`running`). Both use uvicorn.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import uvicorn

from ..errors import InvalidRequest, TransportError
from ._app import SimulatorConfig, create_app
from ._state import SimulatorState

__all__ = ["RunningSimulator", "running", "serve"]


def _check_port(port: int) -> None:
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise InvalidRequest(
            f"port must be an int from 0 to 65535, got {port!r}",
            field="port",
            value=port,
            rule="TCP port 0-65535 (0 picks a free one)",
        )


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    config: SimulatorConfig | None = None,
    *,
    log_level: str = "info",
) -> None:
    """Serve the simulator until interrupted (Ctrl-C); ``smscore simulate`` calls this.

    >>> serve("127.0.0.1", 8765)  # doctest: +SKIP
    """
    _check_port(port)
    app = create_app(config)
    uvicorn.run(app, host=host, port=port, log_level=log_level, lifespan="off")


@dataclass(frozen=True, slots=True, kw_only=True)
class RunningSimulator:
    """A simulator serving in a background thread: where it listens, and its memory."""

    host: str
    port: int
    state: SimulatorState
    config: SimulatorConfig

    @property
    def base_url(self) -> str:
        """``http://host:port``, with no trailing slash."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


@contextlib.contextmanager
def running(
    host: str = "127.0.0.1",
    port: int = 0,
    config: SimulatorConfig | None = None,
    *,
    state: SimulatorState | None = None,
    startup_timeout: float = 5.0,
) -> Iterator[RunningSimulator]:
    """Serve the simulator in a daemon thread for the ``with`` block; port 0 picks a free one.

    Waits (at most ``startup_timeout`` seconds) until the socket listens, and on exit asks
    uvicorn to stop and joins the thread (bounded too).

    >>> with running() as sim:  # doctest: +SKIP
    ...     print(sim.base_url)
    http://127.0.0.1:54321
    """
    _check_port(port)
    config = config or SimulatorConfig()
    state = state or SimulatorState()
    app = create_app(config, state=state)
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="smscore-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(startup_timeout)
            raise TransportError(f"simulator did not start on {host}:{port}")
        time.sleep(0.005)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield RunningSimulator(host=host, port=int(bound), state=state, config=config)
    finally:
        server.should_exit = True
        thread.join(startup_timeout)
