"""mGage in the simulator: the Gateway API 2.0 send (seed 000) and the message export (seed 001).

The gateway's real path and answer body are not public (providers.md). The simulator serves
it at :data:`GATEWAY_PATH` (and the UK variant) and answers HTTP 200 with XML, one
``<recipient>`` block per number as the seed says ("the following recipient block will repeat
for each number"): ``<number>``, ``<statusCode>`` and ``<statusText>``. A request the gateway
refuses as a whole (``mgage_gateway.check_request``: 104-114, 201) gets that status in every
block, or in one block without a number when no number was given. Numbers that are not digits
get status 1 (the simulator's choice: the seed has no per-number code). Accepted numbers show
up in the export as MT messages of ``program_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode
from xml.sax.saxutils import escape

from starlette.requests import Request as HttpRequest
from starlette.responses import Response as HttpResponse
from starlette.routing import Route

from ..errors import InvalidRequest, SmsError
from ..providers import mgage_export, mgage_gateway
from ..wire import Request
from ._common import GATEWAY_PATH, GATEWAY_UK_PATH, SimulatorConfig, basic_ok, json_answer
from ._state import ExportRecord, SimulatorState

__all__ = ["routes"]

_UNAUTHORIZED = {"WWW-Authenticate": 'Basic realm="mGage"'}


def _xml(blocks: Sequence[tuple[str | None, str, str]]) -> HttpResponse:
    out = ["<?xml version='1.0' encoding='UTF-8'?><response>"]
    for number, code, text in blocks:
        inner = f"<number>{escape(number)}</number>" if number is not None else ""
        out.append(
            f"<recipient>{inner}<statusCode>{code}</statusCode>"
            f"<statusText>{escape(text)}</statusText></recipient>"
        )
    out.append("</response>")
    return HttpResponse("".join(out), status_code=200, media_type="application/xml")


class _Mgage:
    def __init__(self, config: SimulatorConfig, state: SimulatorState) -> None:
        self.config = config
        self.state = state

    async def gateway(self, request: HttpRequest) -> HttpResponse:
        if not basic_ok(request, self.config.basic_users, self.config.strict_auth):
            return HttpResponse("Unauthorized", status_code=401, headers=_UNAUTHORIZED)
        # Read the query exactly as sent (scope bytes), as the gateway does.
        query = request.scope.get("query_string", b"").decode("latin-1")
        wire_request = Request(method="POST", url=f"{GATEWAY_PATH}?{query}")
        try:
            params = mgage_gateway.parse_send_request(wire_request)
            rejections = mgage_gateway.check_request(wire_request)
        except SmsError as exc:
            return HttpResponse(f"Bad request: {exc}", status_code=400)
        numbers = [n for n in params.get("numbers", "").split(",") if n]
        if rejections:
            first = rejections[0]  # the whole request is refused with one status
            if not numbers:
                return _xml([(None, first.code, first.message)])
            return _xml([(n, first.code, first.message) for n in numbers])
        blocks: list[tuple[str | None, str, str]] = []
        program = params.get("program_id", "")
        for number in numbers:
            if number.isascii() and number.isdigit():
                blocks.append((number, "0", mgage_gateway.STATUS_TEXTS["0"]))
                self.state.add_export(
                    ExportRecord(
                        program_id=program,
                        type="MT",
                        delivery_status="Delivered",
                        number=number,
                        body=params.get("message", ""),
                        date=self.state.wall().replace(microsecond=0, tzinfo=None),
                    )
                )
            else:
                blocks.append((number, "1", mgage_gateway.STATUS_TEXTS["1"]))
        with self.state.lock:
            self.state.gateway_requests.append(params)
        return _xml(blocks)

    async def export(self, request: HttpRequest) -> HttpResponse:
        if not basic_ok(request, self.config.basic_users, self.config.strict_auth):
            return json_answer(
                401,
                {"meta": {"generalErrors": ["Unauthorized"], "nextPageUrl": None}, "data": None},
                headers=_UNAUTHORIZED,
            )
        program = request.path_params["program_id"]
        params = dict(parse_qsl(request.url.query, keep_blank_values=True))
        problems = _export_problems(program, params)
        if problems:
            # seed 001: 400 "when there is some syntactical error in the request"
            return json_answer(
                400, {"meta": {"generalErrors": problems, "nextPageUrl": None}, "data": None}
            )
        size = int(params.get("pageSize") or mgage_export.DEFAULT_PAGE_SIZE)
        page = int(params.get("page") or 1)
        kind = params.get("messageType")
        start, end = params.get("startDate"), params.get("endDate")
        records = [
            r
            for r in self.state.export_for(program)
            if (not kind or r.type == kind)
            and (not start or r.date.strftime(mgage_export.DATE_FORMAT) >= start)
            and (not end or r.date.strftime(mgage_export.DATE_FORMAT) <= end)
        ]
        chunk = records[(page - 1) * size : page * size]
        next_url = None
        if page * size < len(records):
            query = {k: v for k, v in params.items() if k != "page"} | {"page": str(page + 1)}
            next_url = str(request.url.replace(query=urlencode(query)))
        body: dict[str, Any] = {
            "meta": {"generalErrors": [], "nextPageUrl": next_url},
            "data": {
                "campaignName": "Default Campaign",
                "programName": f"Program {program}",
                "programType": "Text to Join",
                "messages": [r.to_json() for r in chunk],
            },
        }
        return json_answer(200, body)


def _export_problems(program: str, params: dict[str, str]) -> list[str]:
    """The simulator's 400 reasons: a filter ``mgage_export.build_export`` refuses to build.

    The seed states the limits but not the real server's answer to a request outside them;
    the simulator's choice is a 400 with the seed's description, naming the field.
    """
    size: int | str | None = params.get("pageSize")
    if isinstance(size, str) and size.isascii() and size.isdigit():
        size = int(size)
    out: list[str] = []
    try:
        mgage_export.build_export(
            program,
            credentials=mgage_export.Credentials("simulator", "simulator"),
            message_type=params.get("messageType"),
            start_date=params.get("startDate"),
            end_date=params.get("endDate"),
            page_size=size,  # type: ignore[arg-type]  # a non-number is checked, not trusted
        )
    except InvalidRequest as exc:
        out.append(f"{exc.field}: {mgage_export.HTTP_STATUS_TEXTS['400']}")
    except SmsError as exc:
        out.append(str(exc))
    page = params.get("page")
    if page is not None and not (page.isascii() and page.isdigit() and int(page) >= 1):
        out.append(f"page: must be 1 or more, got {page!r}")
    return out


def routes(config: SimulatorConfig, state: SimulatorState) -> list[Route]:
    """The gateway (at the simulator's documented paths) and the export path (seed 001)."""
    api = _Mgage(config, state)
    return [
        Route(GATEWAY_PATH, api.gateway, methods=["POST"]),
        Route(GATEWAY_UK_PATH, api.gateway, methods=["POST"]),
        Route("/api/messages/program/{program_id}", api.export, methods=["GET"]),
    ]
