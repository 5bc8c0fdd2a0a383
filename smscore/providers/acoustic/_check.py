"""What Acoustic would answer a send with, predicted from its fields (seed 003): the
whole-request 400s, the per-contact "Invalid phone number.", and smscore's advice (tags with no
value and no default, the readings of the 800 limit). Every rejection carries its basis
(:data:`~smscore.providers.acoustic._rules.RULES`)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ...errors import InvalidRequest
from ...wire import Advice, Rejection
from .._guard import require_str_collection
from ._rules import (
    MAX_CONTACTS,
    MAX_CONTENT_CHARS,
    MIN_CONTACTS,
    RULES,
    TAG_RE,
    contact_rejection,
)
from ._rules import rejection as _reject
from ._send import ContactLike, scan, utf16_units

__all__ = [
    "check_payload",
    "check_send_body",
    "content_tags",
    "decode_send_body",
    "length_advice",
    "needed_tags",
    "payload_rejections",
    "tag_advice",
]


def content_tags(content: str) -> tuple[str, ...]:
    """The personalization tags in ``content``, each once, in order of first use.

    >>> content_tags("Hey %%FIRST NAME%%! Your PIN is %%PIN%%, %%FIRST NAME%%.")
    ('FIRST NAME', 'PIN')
    """
    if not isinstance(content, str):
        raise TypeError(f"content must be a str, got {type(content).__name__}")
    return tuple(dict.fromkeys(TAG_RE.findall(content)))


def needed_tags(content: str | None, defaults: Mapping[str, str] | None) -> tuple[str, ...]:
    """The tags of ``content`` that no default fills."""
    tags = content_tags(content) if content else ()
    return tuple(t for t in tags if t not in defaults) if defaults else tags


def tag_advice(tag: str, field: str) -> Advice:
    """Advice (issue 10, point 13): a tag with no value and no default is filled by the server
    from the database field of that name, which smscore cannot see."""
    return Advice(
        kind="personalization",
        message=(
            f"no value and no default for {tag}: the server fills it from the database field "
            "of that name, or answers Wrong personalization tags if there is none"
        ),
        subject=tag,
        field=field,
    )


def length_advice(text: str, field: str = "content") -> tuple[Advice, ...]:
    """Advice when the readings of "800 characters" disagree about ``text`` (issue 10, point 7):
    smscore counts UTF-16 code units (assumed); code points are the other common reading."""
    units = utf16_units(text)
    if units <= MAX_CONTENT_CHARS:
        return ()
    points = len(text)
    if points > MAX_CONTENT_CHARS:
        return ()
    from ...text import segment

    parts = segment(text).segments
    return (
        Advice(
            kind="length-reading",
            message=(
                f"{field} is {units} UTF-16 code units, {points} code points, {parts} SMS "
                f"segments: smscore predicts 400 over {MAX_CONTENT_CHARS} counting UTF-16 code "
                "units (an assumption: the seed does not say how Acoustic counts); counting "
                "code points, Acoustic would accept it"
            ),
            subject=f"{units} UTF-16 code units / {points} code points",
            field=field,
        ),
    )


def _programs(known_programs: object) -> Collection[str] | None:
    if known_programs is None:
        return None
    return require_str_collection(known_programs, "known_programs", "SMS program ids")


def payload_rejections(
    channel_qualifier: object,
    count: int,
    text: str | None,
    content_id: object,
    known_programs: Collection[str] | None,
    empty_at: int | None,
    bad_phones: Sequence[int] = (),
    contact_field: str = "contacts[{}].phoneNumber",
) -> list[Rejection]:
    """The whole-request 400s, then one per-contact rejection per bad phone. The order of
    several 400s is ours: the seed does not say which check the server runs first."""
    out: list[Rejection] = []
    if not isinstance(channel_qualifier, str) or not channel_qualifier.strip():
        out.append(_reject("channel-qualifier-missing", "channelQualifier"))
    if not text and content_id is None:
        out.append(_reject("content-empty", "content"))
    if text is not None and utf16_units(text) > MAX_CONTENT_CHARS:
        found = _reject("content-too-long", "content")
        if len(text) <= MAX_CONTENT_CHARS:
            # Over 800 only in UTF-16 code units: the counting is our assumption.
            found = replace(found, basis=RULES["content-units"])
        out.append(found)
    if not MIN_CONTACTS <= count <= MAX_CONTACTS:
        out.append(_reject("contact-count", "contacts"))
    if empty_at is not None:
        out.append(_reject("contact-empty", f"contacts[{empty_at}].phoneNumber"))
    if (
        known_programs is not None
        and isinstance(channel_qualifier, str)
        and channel_qualifier.strip()
        and channel_qualifier not in known_programs
    ):
        out.append(_reject("program-not-found", "channelQualifier", program_id=channel_qualifier))
    out.extend(
        contact_rejection("invalid-phone-number", contact_field.format(i)) for i in bad_phones
    )
    return out


def check_payload(
    *,
    channel_qualifier: object,
    contacts: Sequence[ContactLike],
    content: object = None,
    content_id: object = None,
    personalization_defaults: Mapping[str, str] | None = None,
    known_programs: Collection[str] | None = None,
) -> tuple[Rejection, ...]:
    """What Acoustic would answer a send of these fields with (seed 003), without building.

    Whole-request 400s first (``status`` 400, each with the seed's exact text), then one
    per-contact ``"Invalid phone number."`` (``code`` ``"invalid-phone-number"``, ``status``
    ``None``: the request is accepted and only that contact fails) for each phone that is not
    1-15 ASCII digits. ``known_programs``: the active SMS program ids; when given, any other
    ``channel_qualifier`` is predicted as "SMS Program is inactive or not found ...". A tag with
    no value and no default is not predicted (it is advice: :func:`tag_advice`).

    >>> [r.message for r in check_payload(channel_qualifier="", contacts=["19495001234"],
    ...                                   content="Hi")]
    ['Channel qualifier should be present']
    >>> [(r.code, r.field) for r in check_payload(channel_qualifier="1", content="Hi",
    ...                                           contacts=["19495001234", "1x833920903"])]
    [('invalid-phone-number', 'contacts[1].phoneNumber')]
    """
    if not isinstance(contacts, Sequence) or isinstance(contacts, str):
        raise InvalidRequest(
            f"contacts: {type(contacts).__name__} is not a sequence of contacts",
            field="contacts",
            value=contacts,
            rule="seed 003: contacts is an array",
        )
    programs = _programs(known_programs)
    text = content if isinstance(content, str) else None
    found = scan(contacts, (), False)
    return tuple(
        payload_rejections(
            channel_qualifier,
            len(contacts),
            text,
            content_id,
            programs,
            found.empty_at,
            found.bad_phones,
        )
    )


def check_send_body(
    body: bytes | bytearray | str, *, known_programs: Collection[str] | None = None
) -> tuple[Rejection, ...]:
    """The 400s Acoustic would answer a send body (raw JSON bytes) with.

    For a server or simulator that receives bodies: "Bad request" when the body is not JSON
    in the ``SmsExternalConsentSendPayload`` shape, else :func:`check_payload` on its fields.

    >>> [r.message for r in check_send_body(b"{not json")]
    ['Bad request']
    """
    if not isinstance(body, bytes | bytearray | str):
        raise TypeError(f"body must be bytes (the raw JSON body), got {type(body).__name__}")
    fields = decode_send_body(body)
    if fields is None:
        return (_reject("bad-request", "body"),)
    return check_payload(known_programs=known_programs, **fields)


def _str_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _lookup_ok(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict)
        and set(item) == {"name", "value"}
        and isinstance(item["name"], str)
        and isinstance(item["value"], str)
        for item in value
    )


def decode_send_body(body: bytes | bytearray | str) -> dict[str, Any] | None:
    """The fields of a send body for :func:`check_payload`, or None for "Bad request".

    seed 003: "Improper JSON format" -> 400 "Bad request". Assumption (rules.json
    ``bad-request-types``): a field of the wrong JSON type is improper too.
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    contacts = data.get("contacts", [])
    qualifier = data.get("channelQualifier")
    content = data.get("content")
    content_id = data.get("contentId")
    defaults = data.get("personalizationDefaults")
    if (
        not isinstance(contacts, list)
        or not (qualifier is None or isinstance(qualifier, str))
        or not (content is None or isinstance(content, str))
        or not (content_id is None or isinstance(content_id, str))
        or not (defaults is None or _str_map(defaults))
    ):
        return None
    items: list[ContactLike] = []
    for contact in contacts:
        if not isinstance(contact, dict):
            return None
        phone = contact.get("phoneNumber")
        ident = contact.get("contactId")
        lookup = contact.get("contactLookup")
        values = contact.get("personalization")
        if not (phone is None or isinstance(phone, str)):
            return None
        if not (ident is None or isinstance(ident, str)):
            return None
        if not (lookup is None or _lookup_ok(lookup)):
            return None
        if not (values is None or _str_map(values)):
            return None
        wire: dict[str, Any] = {"phoneNumber": phone or ""} if ident is None and not lookup else {}
        wire.update((k, v) for k, v in contact.items() if k in {"contactId", "contactLookup"})
        if phone and "phoneNumber" not in wire:
            wire["phoneNumber"] = phone
        if values is not None:
            wire["personalization"] = values
        items.append(wire)
    return {
        "channel_qualifier": "" if qualifier is None else qualifier,
        "contacts": items,
        "content": content,
        "content_id": content_id,
        "personalization_defaults": defaults,
    }
