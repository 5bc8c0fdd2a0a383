"""The send's wire form behind :mod:`smscore.providers.acoustic`: contacts (by phone number, by
Contact ID, or by lookup keys), one pass over them that validates, predicts and builds, the
optional fields and the JSON body."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from ...errors import InvalidRequest
from ...wire import json_body
from ._rules import MAX_PHONE_DIGITS

__all__ = [
    "Contact",
    "ContactLike",
    "ContactScan",
    "as_contact",
    "check_str_map",
    "contact_label",
    "optional_fields",
    "phone_ok",
    "scan",
    "send_body",
    "utf16_units",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """One ``SmsExternalConsentContact`` (seed 003): a phone number (digits with the country
    code), or a Contact ID, or lookup keys ("Use Contact ID or Contact Lookup"), and its
    personalization values. ``lookup`` maps a lookup field's name to its value (written as
    ``"contactLookup": [{"name": ..., "value": ...}]``; the field names are an assumption,
    see ``rules.json`` ``contact-identifiers``).

    >>> Contact(phone_number="19495001234", personalization={"FIRST NAME": "Ada"}).phone_number
    '19495001234'
    >>> Contact(contact_id="1234567").to_wire()
    {'contactId': '1234567'}
    """

    phone_number: str | None = None
    personalization: Mapping[str, str] | None = None
    contact_id: str | None = None
    lookup: Mapping[str, str] | None = field(default=None)

    def to_wire(self) -> dict[str, object]:
        """The contact as Acoustic's JSON object."""
        out: dict[str, object] = {}
        if self.phone_number is not None:
            out["phoneNumber"] = self.phone_number
        if self.contact_id is not None:
            out["contactId"] = self.contact_id
        if self.lookup is not None:
            out["contactLookup"] = [{"name": k, "value": v} for k, v in self.lookup.items()]
        if self.personalization is not None:
            out["personalization"] = dict(self.personalization)
        return out


#: A contact as the build functions take it: a :class:`Contact`, a bare phone number, a
#: ``(phone_number, personalization)`` pair (the cheapest form in a loop of a million), or
#: Acoustic's own JSON object (``{"phoneNumber": ..., "personalization": ...}``, or with
#: ``contactId`` / ``contactLookup``).
ContactLike: TypeAlias = Contact | str | tuple[str, Mapping[str, str] | None] | Mapping[str, Any]

_WIRE_KEYS = frozenset({"phoneNumber", "personalization", "contactId", "contactLookup"})


def _lookup_from_wire(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, list):
        raise InvalidRequest(
            f"{where}: {value!r} is not a list of {{'name': ..., 'value': ...}}",
            field=where,
            value=value,
            rule="contactLookup is a list of name/value pairs (rules.json contact-identifiers)",
        )
    out: dict[str, str] = {}
    for item in value:
        name = item.get("name") if isinstance(item, dict) else None
        text = item.get("value") if isinstance(item, dict) else None
        if (
            not isinstance(name, str)
            or not isinstance(text, str)
            or set(item)
            != {
                "name",
                "value",
            }
        ):
            raise InvalidRequest(
                f"{where}: {item!r} is not {{'name': str, 'value': str}}",
                field=where,
                value=item,
                rule="contactLookup is a list of name/value pairs (rules.json contact-identifiers)",
            )
        out[name] = text
    return out


def _check_identifiers(phone: object, ident: object, where: str) -> None:
    """InvalidRequest unless the phone number and the Contact ID are strings (or absent)."""
    for key, value in (("phoneNumber", phone), ("contactId", ident)):
        if value is not None and not isinstance(value, str):
            raise InvalidRequest(
                f"{where}.{key}: {value!r} is not a string",
                field=f"{where}.{key}",
                value=value,
                rule=f"seed 003: {key} is a string",
            )


def from_wire(item: Mapping[str, Any], where: str) -> Contact:
    """A :class:`Contact` from Acoustic's JSON object, or InvalidRequest naming ``where``."""
    extra = set(item) - _WIRE_KEYS
    if extra:
        raise InvalidRequest(
            f"{where}: unknown contact keys {sorted(map(str, extra))}; known: "
            f"{', '.join(sorted(_WIRE_KEYS))}",
            field=where,
            value=sorted(map(str, extra)),
            rule="seed 003: SmsExternalConsentContact",
        )
    phone = item.get("phoneNumber")
    ident = item.get("contactId")
    _check_identifiers(phone, ident, where)
    pers = item.get("personalization")
    if pers is not None:
        check_str_map(pers, f"{where}.personalization")
    lookup = item.get("contactLookup")
    return Contact(
        phone_number=phone,
        personalization=pers,
        contact_id=ident,
        lookup=None if lookup is None else _lookup_from_wire(lookup, f"{where}.contactLookup"),
    )


def contact_label(contact: Contact | Mapping[str, Any]) -> str:
    """How a contact is named in a plan's ``accepted``/``batches`` and a client's outcomes: its
    phone number, else ``contactId:<id>``, else ``contactLookup:<name>=<value>,...``.

    ``contact``: a :class:`Contact` or Acoustic's JSON object (checked as :func:`from_wire`).

    >>> contact_label({"contactId": "1234567"})
    'contactId:1234567'
    >>> contact_label({"contactLookup": [{"name": "EMAIL", "value": "a@b.test"}]})
    'contactLookup:EMAIL=a@b.test'
    >>> contact_label(Contact(phone_number="19495001234"))
    '19495001234'
    """
    found = contact if isinstance(contact, Contact) else from_wire(contact, "contact")
    phone = found.phone_number
    if phone is not None and phone.strip():
        return phone
    if found.contact_id is not None and found.contact_id.strip():
        return f"contactId:{found.contact_id}"
    lookup = found.lookup or {}
    return "contactLookup:" + ",".join(f"{k}={v}" for k, v in lookup.items())


def _contact(item: object, index: int) -> Contact:
    """Any :data:`ContactLike` as a checked :class:`Contact`, or InvalidRequest."""
    where = f"contacts[{index}]"
    if isinstance(item, str):
        return Contact(phone_number=item)
    if isinstance(item, tuple) and len(item) == 2:
        return as_contact(Contact(phone_number=item[0], personalization=item[1]), where)
    if isinstance(item, Contact | Mapping):
        return as_contact(item, where)
    raise InvalidRequest(
        f"{where}: {item!r} is not a contact; give a Contact, a phone number, a "
        "(phone_number, personalization) pair or Acoustic's contact object",
        field=where,
        value=item,
        rule="contact shape",
    )


def as_contact(item: Contact | Mapping[str, Any], where: str) -> Contact:
    """A :class:`Contact` or Acoustic's contact object, checked; InvalidRequest names
    ``where``."""
    if isinstance(item, Mapping):
        return from_wire(item, where)
    _check_identifiers(item.phone_number, item.contact_id, where)
    if item.personalization is not None:
        check_str_map(item.personalization, f"{where}.personalization")
    if item.lookup is not None:
        check_str_map(item.lookup, f"{where}.contactLookup")
    return item


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
    """The length smscore checks against 800: UTF-16 code units (an astral character is 2).

    >>> utf16_units("hi 😀")
    5
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def phone_ok(phone: str) -> bool:
    """1 to 15 ASCII digits (rules.json ``invalid-phone-number``)."""
    return phone.isdigit() and phone.isascii() and len(phone) <= MAX_PHONE_DIGITS


@dataclass(slots=True)
class ContactScan:
    """What one pass over the contacts found.

    ``items``: the JSON objects (when building); ``empty_at``: the first contact with neither a
    phone number, a Contact ID nor lookup keys; ``bad_phones``: the index of every contact whose
    phone is not 1-15 ASCII digits; ``missing``: for each tag with no default, the first
    contact with no value for it.
    """

    items: list[dict[str, object]] = field(default_factory=list)
    empty_at: int | None = None
    bad_phones: list[int] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)


def _identified(found: Contact) -> bool:
    if found.contact_id is not None and found.contact_id.strip():
        return True
    return bool(found.lookup) and all(
        k.strip() and v.strip() for k, v in (found.lookup or {}).items()
    )


def scan(contacts: Sequence[object], needed: tuple[str, ...], build: bool) -> ContactScan:
    """One pass over the contacts (see :class:`ContactScan`); ``needed`` are the tags with no
    default."""
    out = ContactScan()
    append = out.items.append
    need = frozenset(needed)
    missing = out.missing
    for i, item in enumerate(contacts):
        wire: dict[str, object] | None = None
        # The fast path: a (str, dict of str) pair or a bare str; everything else is checked
        # (and converted) by _contact().
        if type(item) is tuple and len(item) == 2 and type(item[0]) is str:
            phone, pers = item
            if pers is not None:
                try:
                    # str.join raises TypeError on a non-str key or value, at C speed.
                    if type(pers) is not dict or ("".join(pers), "".join(pers.values())) is None:
                        raise TypeError
                except TypeError:
                    check_str_map(pers, f"contacts[{i}].personalization")
                    pers = dict(pers)
            if build:
                wire = (
                    {"phoneNumber": phone}
                    if pers is None
                    else {"phoneNumber": phone, "personalization": pers}
                )
        elif type(item) is str:
            phone, pers = item, None
            if build:
                wire = {"phoneNumber": phone}
        else:
            found = _contact(item, i)
            phone, pers = found.phone_number, found.personalization
            if build:
                wire = found.to_wire()
            if (phone is None or not phone.strip()) and _identified(found):
                phone = None  # identified by Contact ID or lookup keys
            elif phone is None:
                phone = ""
        if phone is not None and not phone_ok(phone):
            if not phone.strip():
                if out.empty_at is None:
                    out.empty_at = i
            else:
                out.bad_phones.append(i)
        if need and (pers is None or not pers.keys() >= need):
            for tag in needed:
                if (pers is None or tag not in pers) and tag not in missing:
                    missing[tag] = i
        if wire is not None:
            append(wire)
    return out


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


def send_body(
    content: str | None,
    items: list[dict[str, object]],
    channel_qualifier: str | None,
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
    if channel_qualifier is not None:
        data["channelQualifier"] = channel_qualifier
    if defaults is not None:
        data["personalizationDefaults"] = dict(defaults)
    data.update(extra_map)
    try:
        return json_body(data)
    except (UnicodeEncodeError, InvalidRequest):
        # A lone surrogate (wire.json_body refuses it): name the field that holds it.
        raise_unencodable(data)
        raise


def _bad(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def _strings(value: object) -> list[object]:
    if isinstance(value, Mapping):
        return [*value, *value.values()]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value]


def raise_unencodable(data: Mapping[str, Any]) -> None:
    """Raise InvalidRequest naming the first string in a send body that is not valid Unicode."""
    found: list[tuple[str, object]] = []
    for key, value in data.items():
        if key == "contacts" and isinstance(value, list):
            for i, contact in enumerate(value):
                for ckey, cval in contact.items():
                    found.extend((f"contacts[{i}].{ckey}", v) for v in _strings(cval))
        else:
            found.extend((key, v) for v in _strings(value))
    for where, value in found:
        if _bad(value):
            raise InvalidRequest(
                f"{where}: {value!r} holds a lone surrogate, which UTF-8 cannot carry",
                field=where,
                value=value,
                rule="JSON text is valid Unicode (RFC 8259 §8.1)",
            )
