"""Run the simulator: in the foreground (:func:`serve`, the CLI's entry point) or in a
background thread for tests and notebooks (:func:`running`). Both use uvicorn.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn

from ..errors import InvalidRequest, TransportError
from ._app import SimulatorConfig, create_app
from ._limits import Guard, head_timeout_protocol
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


def _uvicorn_config(
    app: Any, host: str, port: int, config: SimulatorConfig, log_level: str
) -> uvicorn.Config:
    """uvicorn settings shared by :func:`serve` and :func:`running`: the body limit and the
    request log around the app, the request-head timeout, the keep-alive idle timeout."""
    guarded = Guard(
        app,
        max_body_bytes=config.max_body_bytes,
        body_timeout=config.header_timeout,
        log_path=config.request_log,
    )
    return uvicorn.Config(
        guarded,
        host=host,
        port=port,
        log_level=log_level,
        lifespan="off",
        http=head_timeout_protocol(config.header_timeout),
        timeout_keep_alive=config.idle_timeout,  # type: ignore[arg-type]  # a float works
    )


def _bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on ``host:port`` (0 picks a free port), or TransportError."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as exc:
        raise TransportError(f"cannot listen on {host}:{port}: {exc}") from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise TransportError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc.__class__.__name__}"
        ) from exc
    return sock


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    config: SimulatorConfig | None = None,
    *,
    log_level: str = "info",
    announce: Callable[[str], object] | None = None,
) -> None:
    """Serve the simulator until interrupted (Ctrl-C); ``smscore simulate`` calls this.

    The socket is bound first: a busy port raises :class:`~smscore.TransportError`, and
    ``announce`` (the CLI's banner) is called only then, with the bound base URL (the real
    port when ``port`` is 0). Limits (``config``): request bodies of ``max_body_bytes``
    (413 past it), a request head within ``header_timeout`` seconds, keep-alive connections
    idle at most ``idle_timeout`` seconds.

    >>> serve("127.0.0.1", 0, announce=print)  # doctest: +SKIP
    http://127.0.0.1:54321
    """
    _check_port(port)
    config = config or SimulatorConfig()
    sock = _bind(host, port)
    bound = int(sock.getsockname()[1])
    server = uvicorn.Server(_uvicorn_config(create_app(config), host, bound, config, log_level))
    if announce is not None:
        announce(_url(host, bound))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


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
        return _url(self.host, self.port)


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
    server = uvicorn.Server(_uvicorn_config(app, host, port, config, "warning"))
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
