"""Acoustic helpers behind :mod:`smscore.providers.acoustic`: the pre-send plan (raw numbers to
send requests), the reading of a raw send body for :func:`~acoustic.check_send_body`, and the
conversions of content and the errors for text that cannot be encoded."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...errors import InvalidRequest
from ...wire import Request
from .. import acoustic
from .._guard import require_iterable


@dataclass(frozen=True, slots=True, kw_only=True)
class SendPlan:
    """The pre-send path's outcome: the requests, and where every raw recipient went.

    ``accepted``: the numbers sent to (digits with country code, first-seen order);
    ``duplicates``: ``(raw, number it repeats)``; ``rejected``: ``(raw, reason)``, first the
    numbers that are not valid, then the contacts whose tags have no value and no default
    (Acoustic would refuse the whole request of 1000 for one of them, seed 003), each in input
    order. Every raw lands in exactly one of them.
    """

    requests: tuple[Request, ...]
    accepted: tuple[str, ...]
    duplicates: tuple[tuple[str, str], ...]
    rejected: tuple[tuple[str, str], ...]


def _split_recipient(item: object, index: int) -> tuple[str, Mapping[str, str] | None]:
    if isinstance(item, str):
        return item, None
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        pers = item[1]
        if pers is not None and not isinstance(pers, Mapping):
            raise InvalidRequest(
                f"recipients[{index}]: personalization {pers!r} is not a map",
                field=f"recipients[{index}]",
                value=item,
                rule="a recipient is a raw number or a (raw number, personalization) pair",
            )
        return item[0], pers
    raise InvalidRequest(
        f"recipients[{index}]: {item!r} is not a raw number or a (number, personalization) pair",
        field=f"recipients[{index}]",
        value=item,
        rule="a recipient is a raw number or a (raw number, personalization) pair",
    )


def plan(
    recipients: Iterable[object], region: str | None, send_args: Mapping[str, Any]
) -> SendPlan:
    """See :func:`acoustic.plan_send`."""
    from ...numbers.recipients import prepare_recipients

    content = acoustic._content_text(send_args.get("content"))
    tags = acoustic.content_tags(content or "")
    defaults = send_args.get("personalization_defaults") or {}
    needed = tuple(t for t in tags if t not in defaults)
    raws: list[str] = []
    pers: list[Mapping[str, str] | None] = []
    untagged: list[tuple[str, str]] = []
    need = frozenset(needed)
    append_raw = raws.append
    append_pers = pers.append
    for index, item in enumerate(require_iterable(recipients, "recipients", "recipients")):
        # Fast path: a (str, dict) pair or a str; anything else is checked by _split_recipient.
        if type(item) is tuple and len(item) == 2 and type(item[0]) is str:
            raw, values = item
            if values is not None and type(values) is not dict:
                raw, values = _split_recipient(item, index)
        elif type(item) is str:
            raw, values = item, None
        else:
            raw, values = _split_recipient(item, index)
        if need and (values is None or not values.keys() >= need):
            # seed 003: one contact whose tag has neither a value nor a default makes Acoustic
            # refuse the whole send (400 "Wrong personalization tags {tag}"): reject it here,
            # before dedup, so a later occurrence of the number with values can still go.
            tag = next(t for t in needed if values is None or t not in values)
            text = acoustic.ERRORS["wrong-personalization-tags"]["text"].format(tag=tag)
            reason = f"personalization: tag {tag!r} has no value and no default (400 {text})"
            untagged.append((raw, reason))
            continue
        append_raw(raw)
        append_pers(values)
    # seed 003 / providers.md: phoneNumber is digits with the country code.
    prepared = prepare_recipients(raws, region=region, style="digits")
    # DESIGN.md: every raw lands in exactly one of accepted (its first occurrence), duplicates
    # or rejected, in input order; walk the raws once to pair each accepted number with the
    # personalization of the raw that produced it. A raw string seen k times whose duplicates
    # count is k never produced an accepted number (its first use repeats an earlier number).
    accepted = prepared.accepted
    if not prepared.rejected and not prepared.duplicates:
        # Every raw was accepted, in order: pair them directly.
        contacts: list[tuple[str, Mapping[str, str] | None]] = list(
            zip(accepted, pers, strict=True)
        )
    else:
        contacts = _pair(raws, pers, prepared.rejected, prepared.duplicates, accepted)
    args = {**send_args, "content": content}
    requests = acoustic.build_sends(contacts=contacts, **args) if contacts else ()
    return SendPlan(
        requests=requests,
        accepted=accepted,
        duplicates=tuple(prepared.duplicates),
        rejected=(*prepared.rejected, *untagged),
    )


def _pair(
    raws: list[str],
    pers: list[Mapping[str, str] | None],
    rejected: Sequence[tuple[Any, str]],
    duplicates: Sequence[tuple[Any, str]],
    accepted: Sequence[str],
) -> list[tuple[str, Mapping[str, str] | None]]:
    refused = {raw for raw, _ in rejected}
    dup_count = Counter(raw for raw, _ in duplicates)
    seen: set[str] = set()
    total = Counter(raws) if dup_count else None
    contacts: list[tuple[str, Mapping[str, str] | None]] = []
    j = 0
    for raw, values in zip(raws, pers, strict=True):
        if raw in refused or raw in seen:
            continue
        seen.add(raw)
        if total is not None and dup_count[raw] >= total[raw]:
            continue
        if j >= len(accepted):
            raise _broken(len(accepted), j + 1)
        contacts.append((accepted[j], values))
        j += 1
    if j != len(accepted):
        raise _broken(len(accepted), j)
    return contacts


def _broken(accepted: int, firsts: int) -> RuntimeError:
    return RuntimeError(
        f"prepare_recipients returned {accepted} accepted numbers for at least {firsts} "
        "first occurrences: its contract (DESIGN.md) is broken"
    )


def template_content(content: object) -> str:
    """The ``%%TAG%%`` content of a ``smscore.Template`` (smscore.templates.acoustic_content)."""
    from ...templates import Template, acoustic_content

    if not isinstance(content, Template):
        raise InvalidRequest(
            f"content: {content!r} is not a string or a smscore.Template",
            field="content",
            value=content,
            rule="seed 003: content is a string",
        )
    return acoustic_content(content)


def _bad(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def raise_unencodable(data: Mapping[str, Any]) -> None:
    """Raise InvalidRequest naming the first string in a send body that is not valid Unicode."""
    found: list[tuple[str, object]] = []
    for key, value in data.items():
        if key == "contacts" and isinstance(value, list):
            for i, contact in enumerate(value):
                for ckey, cval in contact.items():
                    found.extend(
                        (f"contacts[{i}].{ckey}", v)
                        for v in ([cval] if isinstance(cval, str) else [*cval, *cval.values()])
                    )
        elif isinstance(value, Mapping):
            found.extend((key, v) for v in [*value, *value.values()])
        else:
            found.append((key, value))
    for where, value in found:
        if _bad(value):
            raise InvalidRequest(
                f"{where}: {value!r} holds a lone surrogate, which UTF-8 cannot carry",
                field=where,
                value=value,
                rule="JSON text is valid Unicode (RFC 8259 §8.1)",
            )


def _str_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def decode_send_body(body: bytes | bytearray | str) -> dict[str, Any] | None:
    """The fields of a send body for check_send, or None for "Bad request".

    seed 003: "Improper JSON format" -> 400 "Bad request". Assumption: a field of the wrong
    JSON type (contacts not a list, content a number) is improper too.
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
    items: list[tuple[str, Mapping[str, str] | None]] = []
    for contact in contacts:
        if not isinstance(contact, dict):
            return None
        phone = contact.get("phoneNumber")
        values = contact.get("personalization")
        if not (phone is None or isinstance(phone, str)):
            return None
        if not (values is None or _str_map(values)):
            return None
        # seed 003: a contact with no phone number -> "Contact information is empty".
        items.append((phone or "", values))
    return {
        "channel_qualifier": "" if qualifier is None else qualifier,
        "contacts": items,
        "content": content,
        "content_id": content_id,
        "personalization_defaults": defaults,
    }
