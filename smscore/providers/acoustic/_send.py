"""The send's internals behind :mod:`smscore.providers.acoustic`: contacts (one pass over up to
1000 of them that validates, predicts and builds), optional fields, the JSON body, and the
form request that masks OAuth secrets."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ...errors import InvalidRequest
from ...wire import Rejection, json_body

_CONTACT_FIELD_RE: Final = re.compile(r"contacts\[([0-9]+)\]\.(phoneNumber|personalization)")
# seed 003: "Phone Number with Country Code", e.g. 19495001234: digits only, at most 15
# (ITU-T E.164 §6.1).
_MAX_DIGITS: Final = 15


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """One ``SmsExternalConsentContact``: a phone number (digits with country code) and its
    personalization values (seed 003).

    >>> Contact(phone_number="19495001234", personalization={"FIRST NAME": "Ada"}).phone_number
    '19495001234'
    """

    phone_number: str
    personalization: Mapping[str, str] | None = None


def contact(item: object, index: int) -> tuple[str, dict[str, str] | None]:
    """One contact as ``(phone, personalization dict or None)``, or InvalidRequest."""
    if isinstance(item, str):
        return item, None
    if isinstance(item, tuple) and len(item) == 2:
        phone, pers = item
    elif isinstance(item, Contact):
        phone, pers = item.phone_number, item.personalization
    else:
        raise InvalidRequest(
            f"contacts[{index}]: {item!r} is not a contact; give a Contact, a phone number "
            "or a (phone_number, personalization) pair",
            field=f"contacts[{index}]",
            value=item,
            rule="contact shape",
        )
    if not isinstance(phone, str):
        raise InvalidRequest(
            f"contacts[{index}].phoneNumber: {phone!r} is not a string",
            field=f"contacts[{index}].phoneNumber",
            value=phone,
            rule="seed 003: phoneNumber is a string",
        )
    if pers is None:
        return phone, None
    check_str_map(pers, f"contacts[{index}].personalization")
    return phone, dict(pers)


def check_str_map(value: object, field: str) -> None:
    """InvalidRequest unless ``value`` maps strings to strings (seed 003: a map of key value
    pairs; values are text, as the seed's ``"PIN": "1234"`` shows)."""
    if not isinstance(value, Mapping):
        raise InvalidRequest(
            f"{field}: {value!r} is not a map of strings",
            field=field,
            value=value,
            rule="seed 003: a map of key value pairs",
        )
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise InvalidRequest(
                f"{field}: entry {key!r}: {item!r} is not a string key and string value",
                field=field,
                value={key: item},
                rule="seed 003: a map of key value pairs (strings)",
            )


def utf16_units(text: str) -> int:
    """DESIGN.md: Acoustic's 800 counts UTF-16 code units; an astral character is 2."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def scan(
    contacts: Sequence[object], needed: tuple[str, ...], build: bool
) -> tuple[list[dict[str, object]], int | None, int | None, dict[str, int]]:
    """One pass over the contacts: the JSON items (when ``build``), the first contact with an
    empty phone number, the first with a phone that is not 1-15 digits, and for each tag in
    ``needed`` (tags with no default) the first contact with no value for it."""
    items: list[dict[str, object]] = []
    append = items.append
    need = frozenset(needed)
    empty_at: int | None = None
    bad_at: int | None = None
    missing: dict[str, int] = {}
    for i, item in enumerate(contacts):
        # The fast path: a (str, dict of str) pair or a bare str; everything else is checked
        # (and converted to a dict) by contact().
        if type(item) is tuple and len(item) == 2 and type(item[0]) is str:
            phone, pers = item
            if pers is not None:
                try:
                    # str.join raises TypeError on a non-str key or value, at C speed.
                    if type(pers) is not dict or ("".join(pers), "".join(pers.values())) is None:
                        raise TypeError
                except TypeError:
                    phone, pers = contact(item, i)
        elif type(item) is str:
            phone, pers = item, None
        else:
            phone, pers = contact(item, i)
        if not (phone.isdigit() and phone.isascii() and len(phone) <= _MAX_DIGITS):
            if not phone.strip():
                if empty_at is None:
                    empty_at = i
            elif bad_at is None:
                bad_at = i
        if need and (pers is None or not pers.keys() >= need):
            for tag in needed:
                if (pers is None or tag not in pers) and tag not in missing:
                    missing[tag] = i
        if build:
            append(
                {"phoneNumber": phone}
                if pers is None
                else {"phoneNumber": phone, "personalization": pers}
            )
    return items, empty_at, bad_at, missing


def bad_phone(phone: str, index: int) -> InvalidRequest:
    return InvalidRequest(
        f"contacts[{index}].phoneNumber: {phone!r} is not digits with the country code",
        field=f"contacts[{index}].phoneNumber",
        value=phone,
        rule="seed 003: phone number with country code, digits only (at most 15)",
    )


def optional_fields(
    source: object,
    content_id: object,
    character_swap_enabled: object,
    ttl_in_minutes: object,
    campaign_name: object,
) -> list[tuple[str, object]]:
    """The optional body fields that are given, each type-checked (providers.md)."""
    out: list[tuple[str, object]] = []
    for key, value, kind in (
        ("source", source, str),
        ("contentId", content_id, str),
        ("characterSwapEnabled", character_swap_enabled, bool),
        ("ttlInMinutes", ttl_in_minutes, int),
        ("campaignName", campaign_name, str),
    ):
        if value is None:
            continue
        bad = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if bad or (key == "ttlInMinutes" and isinstance(value, int) and value < 1):
            rule = "a positive int" if kind is int else f"a {kind.__name__}"
            raise InvalidRequest(
                f"{key}: {value!r} is not {rule}",
                field=key,
                value=value,
                rule=f"providers.md: {key} is {rule}",
            )
        out.append((key, value))
    return out


def raise_first(rejections: tuple[Rejection, ...], args: Mapping[str, Any]) -> None:
    """InvalidRequest for the first predicted rejection, naming field, value and the text."""
    if not rejections:
        return
    r = rejections[0]
    field = r.field or ""
    value: object = args.get(field)
    shown = repr(value)
    found = _CONTACT_FIELD_RE.fullmatch(field)
    if found:
        index = int(found.group(1))
        phone, pers = contact(args["contacts"][index], index)
        value = phone if found.group(2) == "phoneNumber" else pers
        shown = repr(value)
    elif field == "contacts":
        value = len(args["contacts"])
        shown = f"{value} contacts"
    elif field == "content" and isinstance(value, str) and value:
        shown = f"{utf16_units(value)} UTF-16 units"
    raise InvalidRequest(
        f"{field}: {shown} would be refused by Acoustic: {r.code} {r.message}",
        field=field,
        value=value,
        rule=f"seed 003: {r.code} {r.message}",
    )


def send_body(
    content: str | None,
    items: list[dict[str, object]],
    channel_qualifier: str,
    defaults: Mapping[str, str] | None,
    extra: list[tuple[str, object]],
) -> bytes:
    """The JSON body. Key order of the seed's sample payload (content, contacts,
    channelQualifier), then the parameter table's personalizationDefaults and source, then the
    optional extras; contentId sits next to content."""
    data: dict[str, object] = {}
    if content is not None:
        data["content"] = content
    extra_map = dict(extra)
    if "contentId" in extra_map:
        data["contentId"] = extra_map.pop("contentId")
    data["contacts"] = items
    data["channelQualifier"] = channel_qualifier
    if defaults is not None:
        data["personalizationDefaults"] = dict(defaults)
    data.update(extra_map)
    try:
        return json_body(data)
    except (UnicodeEncodeError, InvalidRequest):
        # A lone surrogate (wire.json_body refuses it): name the field that holds it.
        from ._plan import raise_unencodable

        raise_unencodable(data)
        raise
