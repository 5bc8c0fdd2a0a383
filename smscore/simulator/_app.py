"""The simulator's ASGI app: the documented paths of the four APIs on one Starlette app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request as HttpRequest
from starlette.responses import Response as HttpResponse
from starlette.routing import Route

from . import _acoustic, _messangi, _mgage
from ._common import GATEWAY_PATH, GATEWAY_UK_PATH, SimulatorConfig, json_answer
from ._state import SimulatorState

__all__ = ["SimulatorConfig", "create_app"]


def create_app(
    config: SimulatorConfig | None = None, *, state: SimulatorState | None = None
) -> Starlette:
    """The simulator as an ASGI app (serve it with any ASGI server; :func:`serve` uses uvicorn).

    Paths: mGage gateway ``POST /mgage/gateway/2.0/send`` (and ``/mgage-uk/...``), export
    ``GET /api/messages/program/{programId}``; Messangi ``POST /raven/v2/messages``,
    ``POST /raven/v3/messages/batch``, ``GET /raven/v2/messages/{id}``; Acoustic
    ``POST /oauth/token``, ``POST /rest/channels/sms/externalconsentsends``,
    ``GET /rest/channels/sms/sends/{id}/status``. ``GET /`` lists them. The memory is
    ``app.state.simulator``.

    >>> app = create_app()
    >>> sorted(r.path for r in app.routes)[:2]
    ['/', '/api/messages/program/{program_id}']
    """
    config = config or SimulatorConfig()
    state = state or SimulatorState()
    routes = [
        *_mgage.routes(config, state),
        *_messangi.routes(config, state),
        *_acoustic.routes(config, state),
    ]
    paths = sorted({(r.path, m) for r in routes for m in (r.methods or ()) if m != "HEAD"})

    async def index(request: HttpRequest) -> HttpResponse:
        return json_answer(
            200,
            {
                "simulator": "smscore",
                "gateway": {"US": GATEWAY_PATH, "UK": GATEWAY_UK_PATH},
                "paths": [f"{m} {p}" for p, m in paths],
            },
        )

    app = Starlette(routes=[Route("/", index, methods=["GET"]), *routes])
    app.state.simulator = state
    app.state.config = config
    return app
