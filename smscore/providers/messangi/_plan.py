"""``plan_send`` / ``check_send`` for Messangi: the one send interface (issue 9) on seed 002.

One accepted recipient becomes a single send (``POST {base}/v2/messages``), more become batch
sends (``POST {base}/v3/messages/batch``, ``{n}`` text and per-recipient ``params``) of at most
``batch_size`` recipients each. Predicted rejections and advice are data on the plan; only the
caller's own configuration raises (:class:`~smscore.errors.InvalidRequest` naming the field).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from ...errors import InvalidRequest, TemplateError
from ...templates import Template
from ...text import segment
from ...wire import Advice, Basis, Rejection, Request, redact_url
from .._common import NumberPolicy, Recipient, SendPlan, intake
from . import _build as _b
from ._message import Credentials, Message, Param, unwrap
from ._rules import (
    BATCH_PATH,
    DEFAULT_BASE_URL,
    DEFAULT_BATCH_SIZE,
    LONG_CODE_BULK_LIMIT,
    LONG_CODE_MIN_DIGITS,
    MAX_SEGMENTS_READING,
    MAX_TEXT_UNITS,
    MESSAGE_TYPES,
    NAME,
    RULES,
    SEND_PATH,
    TEXT_TOO_LONG,
)

__all__ = ["check_send", "plan_send"]

_ALNUM: Final = re.compile(r"[A-Za-z0-9]+")


class _Prepared:
    """A send after intake and rendering, before any request is built."""

    __slots__ = (
        "advice",
        "base",
        "batch_text",
        "duplicates",
        "e164",
        "endpoint",
        "options",
        "params",
        "read",
        "rejected",
        "rejections",
        "segments",
        "settings",
        "texts",
    )

    def __init__(self) -> None:
        self.e164: list[str] = []
        self.params: list[tuple[Param, ...]] = []
        self.texts: list[str] = []
        self.segments: list[int] = []
        self.rejected: list[tuple[Any, str]] = []
        self.duplicates: list[tuple[Any, str]] = []
        self.read = 0
        self.rejections: list[Rejection] = []
        self.advice: list[Advice] = []
        self.batch_text = ""
        self.endpoint = "single"
        self.options: list[tuple[str, Any]] = []
        self.settings: dict[str, Any] = {}
        self.base = ""


def _shown(key: str, value: Any) -> Any:
    """An option as the plan's settings show it: a callback URL's password masked."""
    if key == "callbacks" and isinstance(value, str):
        return ",".join(redact_url(url) for url in value.split(","))
    return value


def _prepare(
    message: object,
    recipients: Iterable[Any],
    *,
    credentials: object,
    sender: object,
    region: object,
    defaults: Any,
    numbers: object,
    batch: object,
    batch_size: object,
    long_code: object,
    request_dr: object,
    connection: object,
    callbacks: object,
    email: object,
    message_type: object,
    external_id: object,
    client_id: object,
    base_url: object,
    count_segments: bool = True,
) -> _Prepared:
    if not isinstance(credentials, Credentials):
        raise InvalidRequest(
            f"credentials must be a messangi.Credentials, got {type(credentials).__name__}",
            field="credentials",
            value=type(credentials).__name__,
            rule="credentials=messangi.Credentials(api_key)",
        )
    if sender is None:
        raise InvalidRequest(
            "sender is required: Messangi's from (a short code, long code or alphanumeric "
            "sender assigned to your account)",
            field="sender",
            rule=_basis_text("sender-required"),
        )
    out = _Prepared()
    from_ = _b.sender(sender)
    area = _b.region(region)
    size = _b.batch_size(batch_size)
    out.base = base = _b.base(base_url)
    for name, value in (("batch", batch), ("long_code", long_code)):
        if value is not None and not isinstance(value, bool):
            raise InvalidRequest(
                f"{name} must be True, False or None, got {value!r}",
                field=name,
                value=value,
                rule=f"{name} is a bool or None (decided from the send)",
            )
    out.options = _b.options(
        request_dr,
        connection,
        callbacks,
        email,
        message_type,
        external_id,
        client_id,
        types=MESSAGE_TYPES,
    )
    compiled = Message(message)
    items = _materialize(recipients)
    got = intake(items, region=area, style="e164", numbers=numbers, unwrap=unwrap)
    out.advice += got.advice
    out.rejected += got.rejected
    out.duplicates += got.duplicates
    out.read = got.read
    positions = _positions(items)
    per_text: dict[str, tuple[int, int]] = {}
    fields: list[str] = []
    for number, values, raw in zip(got.e164, got.values, got.raws, strict=True):
        try:
            params, text = compiled.render(values, defaults)
        except (TemplateError, InvalidRequest) as exc:
            out.rejected.append((raw, str(exc)))
            continue
        known = per_text.get(text)
        if known is None:
            parts = segment(text, limit=None).segments if count_segments else 0
            known = per_text[text] = (_b.utf16_units(text), parts)
        out.e164.append(number)
        out.params.append(params)
        out.texts.append(text)
        out.segments.append(known[1])
        fields.append(f"recipients[{positions.get(raw, '?')}]")
    jinja = compiled.template is not None and compiled.template.dialect == "jinja"
    many = batch is None and len(out.e164) > 1 and not jinja  # jinja has no {n} form
    out.endpoint = "batch" if batch is True or many else "single"
    if jinja and batch is None and len(out.e164) > 1:
        out.advice.append(
            Advice(
                kind="single-sends",
                message=(
                    f"a jinja template has no Messangi {{n}} form: {len(out.e164)} single sends, "
                    "one per recipient, instead of a batch"
                ),
                field="message",
            )
        )
    if out.endpoint == "batch" and out.e164:
        out.batch_text = compiled.batch_text()
    _length(out, per_text, fields, compiled.plain)
    _advice(out, from_, long_code, request_dr, callbacks, external_id)
    out.settings = {
        "sender": from_,
        "endpoint": out.endpoint,
        "batch_size": size,
        "base_url": redact_url(base),
        "numbers": numbers,
        "long_code": _is_long_code(from_, long_code),
        "options": {key: _shown(key, value) for key, value in out.options},
    }
    return out


def _materialize(recipients: Iterable[Any]) -> Any:
    if isinstance(recipients, str | bytes | Mapping) or not isinstance(recipients, Iterable):
        return recipients  # intake refuses it with an InvalidRequest naming recipients
    return list(recipients)


def _positions(items: Any) -> dict[str, int]:
    """Raw number -> its first position in ``recipients`` (to name ``recipients[i]``)."""
    out: dict[str, int] = {}
    if not isinstance(items, list):
        return out
    for i, item in enumerate(items):
        if isinstance(item, str):
            raw: object = item
        elif isinstance(item, Recipient):
            raw = item.number
        else:
            found = unwrap(item)
            raw = found.number if found is not None else None
        if raw is not None:
            out.setdefault(str(raw), i)
    return out


def _basis(rule: str) -> Basis:
    return RULES[rule].basis


def _basis_text(rule: str) -> str:
    return _basis(rule).describe()


def _length(
    out: _Prepared, per_text: Mapping[str, tuple[int, int]], fields: list[str], same: bool
) -> None:
    """The 1600 limit (UTF-16 units, assumed) and the other readings where they differ."""
    basis = _basis("max-text-length")
    flagged: set[str] = set()
    for i, text in enumerate(out.texts):
        units, segments = per_text[text]
        field = "message" if same else fields[i]
        if units > MAX_TEXT_UNITS:
            if same and out.rejections:
                continue
            out.rejections.append(
                Rejection(
                    provider=NAME, code="ERROR", message=TEXT_TOO_LONG, field=field, basis=basis
                )
            )
        if text in flagged:
            continue
        flagged.add(text)
        points = len(text)
        verdicts = (
            units > MAX_TEXT_UNITS,
            points > MAX_TEXT_UNITS,
            segments > MAX_SEGMENTS_READING,
        )
        if any(verdicts) and not all(verdicts):
            out.advice.append(_reading_advice(units, points, segments, field))


def _reading_advice(units: int, points: int, segments: int, field: str) -> Advice:
    def side(n: int, limit: int) -> str:
        return "over" if n > limit else "within"

    predicted = "ERROR predicted" if units > MAX_TEXT_UNITS else "no rejection predicted"
    return Advice(
        kind="length-reading",
        message=(
            f"seed 002 caps a message at {MAX_TEXT_UNITS} characters without saying how they "
            f"are counted: {units} UTF-16 code units ({side(units, MAX_TEXT_UNITS)} "
            f"{MAX_TEXT_UNITS}: {predicted}), {points} code points ({side(points, MAX_TEXT_UNITS)}"
            f" {MAX_TEXT_UNITS}), {segments} segments ({side(segments, MAX_SEGMENTS_READING)} "
            f"{MAX_SEGMENTS_READING} at the seed's 160 characters per segment)"
        ),
        subject=field,
        field="message" if field == "message" else "recipients",
    )


def _is_long_code(sender: str, long_code: object) -> bool:
    if isinstance(long_code, bool):
        return long_code
    # seed 002 "from": "Longcode (from 7 digits on)"
    digits = sender[1:] if sender.startswith("+") else sender
    return digits.isascii() and digits.isdigit() and len(digits) >= LONG_CODE_MIN_DIGITS


def _advice(
    out: _Prepared,
    sender: str,
    long_code: object,
    request_dr: object,
    callbacks: object,
    external_id: object,
) -> None:
    if callbacks is not None and request_dr is not True:
        out.advice.append(
            Advice(
                kind="callbacks-without-request-dr",
                message=(
                    "callbacks are sent but request_dr is not True: seed 002 says the requestDR "
                    "must be true to notify the status through a callback, so none will fire"
                ),
                field="callbacks",
            )
        )
    if isinstance(external_id, str) and not _ALNUM.fullmatch(external_id):
        out.advice.append(
            Advice(
                kind="external-id-not-alphanumeric",
                message=(
                    f"seed 002 describes externalId as an alphanumeric identifier; {external_id!r}"
                    " has other characters (sent as given: the seed does not say the server "
                    "refuses them)"
                ),
                subject=external_id,
                field="external_id",
            )
        )
    count = len(out.e164)
    if not count:
        out.advice.append(
            Advice(
                kind="no-recipients",
                message="no recipient left to send to: no request is built",
                field="recipients",
            )
        )
    if _is_long_code(sender, long_code) and count > 1:
        how = "" if long_code is True else " (read from the sender: 7 digits or more)"
        out.advice.append(
            Advice(
                kind="long-code-rate",
                message=(
                    f"a long code{how} sends one message per second (seed 002): {count} "
                    f"messages take at least {count - 1} s; MessangiClient(long_code=True) "
                    "paces its sends"
                ),
                subject=sender,
                field="sender",
            )
        )
        if count > LONG_CODE_BULK_LIMIT:
            out.advice.append(
                Advice(
                    kind="long-code-bulk",
                    message=(
                        f"{count} recipients: seed 002 says long code text marketing does not "
                        f"work for groups of more than {LONG_CODE_BULK_LIMIT} people; consider "
                        "a short code"
                    ),
                    subject=sender,
                    field="sender",
                )
            )


def _requests(
    out: _Prepared, credentials: Credentials
) -> tuple[list[Request], list[tuple[str, ...]]]:
    auth = credentials.header()
    base = out.base
    sender = out.settings["sender"]
    requests: list[Request] = []
    batches: list[tuple[str, ...]] = []
    if out.endpoint == "single":
        url = base + SEND_PATH
        for number, text in zip(out.e164, out.texts, strict=True):
            body: dict[str, Any] = {"from": sender, "text": text, "to": number}
            body.update(out.options)
            requests.append(_b.post(url, auth, body))
            batches.append((number,))
        return requests, batches
    url = base + BATCH_PATH
    size = out.settings["batch_size"]
    for start in range(0, len(out.e164), size):
        chunk = out.e164[start : start + size]
        entries = [
            {"to": number, "params": list(params)}
            for number, params in zip(chunk, out.params[start : start + size], strict=True)
        ]
        body = {"from": sender, "text": out.batch_text, "to": entries}
        body.update(out.options)
        requests.append(_b.post(url, auth, body))
        batches.append(tuple(chunk))
    return requests, batches


def plan_send(
    message: str | Template,
    recipients: Iterable[Any],
    *,
    credentials: Credentials,
    sender: str | None = None,
    region: str | None = None,
    defaults: Any = None,
    numbers: NumberPolicy = "provider",
    batch: bool | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    long_code: bool | None = None,
    request_dr: bool | None = None,
    connection: str | None = None,
    callbacks: str | Sequence[str] | None = None,
    email: str | None = None,
    message_type: str | None = None,
    external_id: str | None = None,
    client_id: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> SendPlan:
    """Everything a Messangi send becomes: requests, accounting, rejections, advice.

    ``message``: a ``str`` (Messangi's own text: ``{0}``, ``{1}``... are filled from each
    recipient's values, a list) or a :class:`smscore.Template` (rendered with ``defaults``;
    a batch sends it as ``{n}`` text and ``params``). ``recipients``: raw numbers,
    :class:`~smscore.providers.Recipient` values, or Messangi's wire form
    (``{"to": ..., "params": [...]}``); read by the provider's rule (E.164 with the ``+``
    optional) unless ``numbers`` is ``"possible"`` or ``"valid"``. ``sender`` (``from``) is
    required. Provider settings, by seed 002's names: ``request_dr`` (``requestDR``),
    ``connection``, ``callbacks`` (a str or a list of URLs, joined with commas), ``email``,
    ``message_type`` (``type``), ``external_id`` (``externalId``), ``client_id``
    (``clientId``); ``base_url``; ``batch`` (``None``: a single send for one recipient, a
    batch otherwise; ``True``: always batch; ``False``: one single send per recipient);
    ``batch_size`` (default 1000, unverified); ``long_code`` (``None``: a sender of 7 digits
    or more is read as one, seed 002 "from"). A recipient whose message cannot be rendered
    is rejected with the reason.

    >>> plan = plan_send("text demo", ["+580000000005"], credentials=Credentials("KEY"),
    ...                  sender="12345")
    >>> plan.requests[0].body, plan.rejections
    (b'{"from":"12345","text":"text demo","to":"+580000000005"}', ())
    """
    out = _prepare(
        message,
        recipients,
        credentials=credentials,
        sender=sender,
        region=region,
        defaults=defaults,
        numbers=numbers,
        batch=batch,
        batch_size=batch_size,
        long_code=long_code,
        request_dr=request_dr,
        connection=connection,
        callbacks=callbacks,
        email=email,
        message_type=message_type,
        external_id=external_id,
        client_id=client_id,
        base_url=base_url,
    )
    assert isinstance(credentials, Credentials)
    requests, batches = _requests(out, credentials)
    return SendPlan(
        provider=NAME,
        requests=tuple(requests),
        batches=tuple(batches),
        accepted=tuple(out.e164),
        duplicates=tuple(out.duplicates),
        rejected=tuple(out.rejected),
        read=out.read,
        texts=tuple(out.texts),
        segments=tuple(out.segments),
        rejections=tuple(out.rejections),
        advice=tuple(out.advice),
        settings=out.settings,
    )


def check_send(
    message: str | Template,
    recipients: Iterable[Any],
    *,
    credentials: Credentials,
    sender: str | None = None,
    region: str | None = None,
    defaults: Any = None,
    numbers: NumberPolicy = "provider",
    batch: bool | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    long_code: bool | None = None,
    request_dr: bool | None = None,
    connection: str | None = None,
    callbacks: str | Sequence[str] | None = None,
    email: str | None = None,
    message_type: str | None = None,
    external_id: str | None = None,
    client_id: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> tuple[Rejection, ...]:
    """The rejections Messangi would give (:func:`plan_send`'s arguments), building nothing.

    Only the length is predictable from seed 002: a text over 1600 UTF-16 code units is
    answered with status ERROR, "Text exceeds the limit of allowed segments".

    >>> [(r.code, r.message, r.basis.kind) for r in check_send(
    ...     "x" * 1601, ["+525500000000"], credentials=Credentials("KEY"), sender="12345")]
    [('ERROR', 'Text exceeds the limit of allowed segments', 'assumed')]
    """
    return tuple(
        _prepare(
            message,
            recipients,
            credentials=credentials,
            sender=sender,
            region=region,
            defaults=defaults,
            numbers=numbers,
            batch=batch,
            batch_size=batch_size,
            long_code=long_code,
            request_dr=request_dr,
            connection=connection,
            callbacks=callbacks,
            email=email,
            message_type=message_type,
            external_id=external_id,
            client_id=client_id,
            base_url=base_url,
            count_segments=False,  # a check needs the lengths, not the part counts
        ).rejections
    )
