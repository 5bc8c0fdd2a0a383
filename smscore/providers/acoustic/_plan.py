"""The one send interface for Acoustic: ``plan_send`` / ``check_send`` (issue 9).

Recipients (raw numbers, :class:`~smscore.providers.Recipient` values, ``(number, values)``
pairs, :class:`Contact` values or Acoustic's own contact objects) are read by
:func:`~smscore.providers._common.intake` (normalized to digits with the country code,
deduplicated, every input accounted once); contacts by Contact ID or lookup keys need no number
and follow the numbered ones. The message becomes ``content`` with ``%%TAG%%`` tags (a ``{0}``
template's placeholders become tags as :func:`smscore.templates.acoustic_content` names them),
``defaults`` become ``personalizationDefaults``, and each recipient's values its
``personalization``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from ...errors import InvalidRequest, SmsError
from ...wire import Advice, Rejection, Request, redact_url
from .._common import Recipient, SendPlan, intake
from .._guard import require_iterable
from ._build import (
    JSON_HEADERS,
    Credentials,
    check_batch_size,
    require_credentials,
    resolve_base,
)
from ._check import _programs, length_advice, payload_rejections, tag_advice
from ._rules import MAX_CONTACTS, MAX_CONTENT_CHARS, NAME, PATHS, TAG_RE
from ._send import (
    Contact,
    as_contact,
    contact_label,
    optional_fields,
    phone_ok,
    send_body,
    utf16_units,
)

__all__ = ["plan"]

_INVALID_PHONE: Final = "Invalid phone number."


def _text(key: object, value: object) -> str:
    from ...templates import text_of

    if type(value) is str:
        return value
    return text_of(key if isinstance(key, int | str) else str(key), value)


class _Message:
    """The message as Acoustic content: ``%%TAG%%`` text, the tag of each placeholder, and a
    renderer for the text each recipient receives."""

    def __init__(self, message: object, tag_names: object) -> None:
        from ...errors import TemplateError
        from ...templates import Dialect, Template, acoustic_content

        self.positional = False
        self.tags: tuple[str, ...] = ()
        self.index_tag: dict[object, str] = {}
        if message is None:
            self.content: str | None = None
        elif isinstance(message, str):
            if tag_names is not None:
                raise InvalidRequest(
                    "tag_names: only a {0}-style smscore.Template has placeholders to name",
                    field="tag_names",
                    value=tag_names,
                    rule="tag_names names the placeholders of a positional Template",
                )
            self.content = message
        elif isinstance(message, Template):
            try:
                self.content = acoustic_content(message, tag_names)  # type: ignore[arg-type]
            except TemplateError as exc:
                raise InvalidRequest(
                    f"message: {exc.message}",
                    field="message",
                    value=message.source,
                    rule="Acoustic personalizes with %%TAG%% tags (seed 003)",
                ) from None
            self.positional = message.dialect is Dialect.POSITIONAL
            self.tags = tuple(TAG_RE.findall(self.content))
            if self.positional:
                # Placeholder i -> its tag, in the order acoustic_content named them.
                self.tags = tuple(dict.fromkeys(self.tags))
                order = tuple(dict.fromkeys(message.placeholders))
                self.index_tag = dict(zip(order, self.tags, strict=True))
        else:
            raise InvalidRequest(
                f"message: a {type(message).__name__} is not a str or a smscore.Template",
                field="message",
                value=type(message).__name__,
                rule="seed 003: content is a string",
            )
        text = self.content or ""
        if not text.isascii():
            _encodable({"": text}, "message")
        self.literals: list[str] = []
        self.slots: list[str] = []
        start = 0
        for m in TAG_RE.finditer(text):
            self.literals.append(text[start : m.start()])
            self.slots.append(m.group(1))
            start = m.end()
        self.literals.append(text[start:])
        self.all_tags = tuple(dict.fromkeys(self.slots))

    def values(self, values: object, raw: object) -> dict[str, str] | None:
        """A recipient's values (``raw``: its number or label; ``None`` for the defaults) as
        Acoustic personalization."""
        if values is None:
            return None
        if type(values) is dict and not self.positional:
            try:
                text = "".join(values.values())
                if "".join(values) is not None and text.isascii():
                    return values
            except TypeError:
                pass
        field = "defaults" if raw is None else f"recipients[{raw!r}].values"
        if isinstance(values, Mapping):
            out: dict[str, str] = {}
            for key, value in values.items():
                tag = self.index_tag.get(key) if self.positional else key
                if not isinstance(tag, str):
                    raise InvalidRequest(
                        f"{field}: key {key!r} names no placeholder",
                        field=field,
                        value=key,
                        rule="values map tag names (or {0} indexes) to values",
                    )
                out[tag] = _text(key, value)
            return _encodable(out, field)
        if self.positional and isinstance(values, Sequence) and not isinstance(values, str):
            return _encodable(
                {
                    self.index_tag[i]: _text(i, v)
                    for i, v in enumerate(values)
                    if i in self.index_tag and v is not None
                },
                field,
            )
        raise InvalidRequest(
            f"{field}: a {type(values).__name__} is not usable; tag values are a mapping of "
            "name to value, {0} values a sequence",
            field=field,
            value=type(values).__name__,
            rule="values match the template's placeholders",
        )

    def render(self, pers: Mapping[str, str] | None, defaults: Mapping[str, str]) -> str:
        """The text one recipient receives; a tag with no value and no default stays as
        ``%%TAG%%`` (the server fills it from the database, which smscore cannot see)."""
        lits = self.literals
        if not self.slots:
            return lits[0]
        parts = [lits[0]]
        for slot, lit in zip(self.slots, lits[1:], strict=True):
            value = pers.get(slot) if pers is not None else None
            if value is None:
                value = defaults.get(slot)
            parts.append(f"%%{slot}%%" if value is None else value)
            parts.append(lit)
        return "".join(parts)


def _encodable(values: dict[str, str], field: str) -> dict[str, str]:
    """``values`` unless a key or value holds a lone surrogate (JSON cannot carry it)."""
    for text in (*values, *values.values()):
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InvalidRequest(
                    f"{field}: {text!r} holds a lone surrogate at {exc.start}, which UTF-8 "
                    "cannot carry",
                    field=field,
                    value=None,
                    rule="JSON text is valid Unicode (RFC 8259 §8.1)",
                    position=exc.start,
                ) from None
    return values


def _unreadable(raw: object, region: str | None, reason: str) -> bool:
    """Whether intake rejected ``raw`` because it is no phone number at all (what Acoustic
    answers "Invalid phone number." for), not for smscore's stricter ``numbers=`` policy."""
    if reason == "not a string" or not isinstance(raw, str):
        return False
    from ...numbers import check_number

    return check_number(raw, region).e164 is None


def _identified(found: Contact) -> bool:
    if found.contact_id is not None:
        return bool(found.contact_id.strip())
    lookup = found.lookup
    return bool(lookup) and all(k.strip() and v.strip() for k, v in (lookup or {}).items())


class _Split:
    """Feeds the numbered recipients to intake; keeps contacts by Contact ID or lookup keys,
    and the contacts in Acoustic's form that are malformed (rejected with the reason)."""

    def __init__(self) -> None:
        self.by_id: list[tuple[Any, Contact]] = []
        self.unidentified: list[Any] = []
        self.bad: list[tuple[Any, str]] = []

    @staticmethod
    def unwrap(item: object) -> Recipient | None:
        if type(item) is tuple and len(item) == 2 and isinstance(item[0], str):
            return Recipient(item[0], item[1])
        return None

    def feed(self, recipients: Iterable[Any]) -> Iterator[Any]:
        for item in recipients:
            if not isinstance(item, Contact | Mapping):
                yield item
                continue
            try:
                found = as_contact(item, "recipients")
            except InvalidRequest as exc:
                self.bad.append((item, exc.message))
                continue
            phone = found.phone_number
            if phone is not None and (phone.strip() or not _identified(found)):
                yield Recipient(phone, found.personalization)
            elif _identified(found):
                self.by_id.append((item, found))
            else:
                self.unidentified.append(item)


def _defaults(message: _Message, defaults: object) -> dict[str, str] | None:
    if defaults is None:
        return None
    try:
        found = message.values(defaults, None)
    except InvalidRequest:
        raise
    except SmsError as exc:
        raise InvalidRequest(
            f"defaults: {exc}", field="defaults", value=None, rule="defaults are text values"
        ) from None
    return found


def plan(
    message: object,
    recipients: Iterable[Any],
    *,
    credentials: object,
    sender: object,
    region: str | None,
    defaults: object,
    program_id: str | None,
    pod: str | int | None,
    base_url: str | None,
    source: str | None,
    content_id: str | None,
    character_swap_enabled: bool | None,
    ttl_in_minutes: int | None,
    campaign_name: str | None,
    known_programs: Collection[str] | None,
    batch_size: int,
    numbers: str,
    tag_names: object,
    build: bool,
) -> SendPlan:
    """See :func:`smscore.providers.acoustic.plan_send`."""
    creds: Credentials = require_credentials(credentials)
    if build:
        creds.header()  # the send carries the access token: without one, say so first
    if build or pod is not None or base_url is not None:
        resolve_base(pod, base_url)
    if program_id is not None and not isinstance(program_id, str):
        raise InvalidRequest(
            f"program_id: {program_id!r} is not a string",
            field="program_id",
            value=program_id,
            rule="providers.md: channelQualifier is a string (the SMS program id)",
        )
    check_batch_size(batch_size)
    programs = _programs(known_programs)
    extra = optional_fields(source, content_id, character_swap_enabled, ttl_in_minutes, None)
    extra += optional_fields(None, None, None, None, campaign_name)
    msg = _Message(message, tag_names)
    default_map = _defaults(msg, defaults)
    advice: list[Advice] = []
    if sender is not None:
        if not isinstance(sender, str):
            raise TypeError(f"sender must be a str or None, got {type(sender).__name__}")
        advice.append(
            Advice(
                kind="sender",
                message="Acoustic has no sender field: the SMS program (program_id) sends; "
                "sender is not sent",
                subject=sender,
                field="sender",
            )
        )
    split = _Split()
    items = split.feed(require_iterable(recipients, "recipients", "numbers or recipients"))
    got = intake(items, region=region, style="digits", numbers=numbers, unwrap=split.unwrap)
    advice.extend(got.advice)
    rejected: list[tuple[Any, str]] = [
        (raw, f"{_INVALID_PHONE} ({reason})" if _unreadable(raw, region, reason) else reason)
        for raw, reason in got.rejected
    ]
    labels: list[str] = []
    contacts: list[tuple[str, dict[str, str] | None] | dict[str, object]] = []
    pers_list: list[dict[str, str] | None] = []
    too_long: set[str] = set()
    for number, values, raw in zip(got.numbers, got.values, got.raws, strict=True):
        if not phone_ok(number):
            rejected.append((raw, f"{_INVALID_PHONE} (more than 15 digits)"))
            too_long.add(raw)
            continue
        try:
            pers = msg.values(values, raw)
        except SmsError as exc:
            rejected.append((raw, str(exc)))
            continue
        labels.append(number)
        contacts.append((number, pers))
        pers_list.append(pers)
    seen = set(labels)
    duplicates = list(got.duplicates)
    for item, found in split.by_id:
        label = contact_label(found)
        if label in seen:
            duplicates.append((item, label))
            continue
        try:
            pers = msg.values(found.personalization, label)
        except SmsError as exc:
            rejected.append((item, str(exc)))
            continue
        seen.add(label)
        labels.append(label)
        contacts.append(
            Contact(
                contact_id=found.contact_id, lookup=found.lookup, personalization=pers
            ).to_wire()
        )
        pers_list.append(pers)
    rejected.extend(
        (item, "no phone number, Contact ID or lookup keys") for item in split.unidentified
    )
    rejected.extend(split.bad)
    if too_long:  # not "sent anyway": left out of the requests
        advice = [a for a in advice if a.subject not in too_long or a.field != "recipients"]
    # Tags with no value and no default: advice (issue 10, point 13), one per tag.
    filled = default_map or {}
    needed = [t for t in msg.all_tags if t not in filled]
    if needed:
        for tag in needed:
            for pers in pers_list:
                if pers is None or tag not in pers:
                    advice.append(tag_advice(tag, "recipients"))
                    break
    texts: tuple[str, ...] = ()
    segments: tuple[int, ...] = ()
    if build:
        texts, segments = _texts(msg, pers_list, filled)
    if msg.content is not None:
        advice.extend(length_advice(msg.content))
        if build and utf16_units(msg.content) <= MAX_CONTENT_CHARS:
            advice.extend(_rendered_length_advice(labels, texts))
    rejections: list[Rejection] = []
    if contacts:
        rejections = payload_rejections(
            program_id, min(len(contacts), MAX_CONTACTS), msg.content, content_id, programs, None
        )
    requests: tuple[Request, ...] = ()
    batches: tuple[tuple[str, ...], ...] = ()
    if build and contacts:
        # The contacts are checked already: the bodies are written directly (build_send's
        # form, without a second pass over every contact).
        url = resolve_base(pod, base_url) + PATHS["send"]
        headers = (*JSON_HEADERS, creds.header())
        wire: list[dict[str, object]] = [
            c
            if isinstance(c, dict)
            else {"phoneNumber": c[0]}
            if c[1] is None
            else {"phoneNumber": c[0], "personalization": c[1]}
            for c in contacts
        ]
        requests = tuple(
            Request(
                method="POST",
                url=url,
                headers=headers,
                body=send_body(
                    msg.content, wire[i : i + batch_size], program_id, default_map, extra
                ),
            )
            for i in range(0, len(wire), batch_size)
        )
        batches = tuple(
            tuple(labels[i : i + batch_size]) for i in range(0, len(labels), batch_size)
        )
    settings: dict[str, Any] = {
        "program_id": program_id,
        "pod": pod,
        "base_url": None if base_url is None else redact_url(base_url),
        "batch_size": batch_size,
        "numbers": numbers,
        "region": region,
    }
    settings.update(
        (k, v)
        for k, v in (
            ("source", source),
            ("content_id", content_id),
            ("character_swap_enabled", character_swap_enabled),
            ("ttl_in_minutes", ttl_in_minutes),
            ("campaign_name", campaign_name),
        )
        if v is not None
    )
    return SendPlan(
        provider=NAME,
        requests=requests,
        batches=batches,
        accepted=tuple(labels),
        duplicates=tuple(duplicates),
        rejected=tuple(rejected),
        read=got.read + len(split.by_id) + len(split.unidentified) + len(split.bad),
        texts=texts,
        segments=segments,
        rejections=tuple(rejections),
        advice=tuple(advice),
        settings=settings,
    )


def _rendered_length_advice(labels: Sequence[str], texts: Sequence[str]) -> list[Advice]:
    """Advice when personalization takes a text over 800 (the seed does not say whether the
    limit applies to the content as sent or to each recipient's text)."""
    over = [
        (label, units)
        for label, text in zip(labels, texts, strict=True)
        if len(text) > MAX_CONTENT_CHARS and (units := utf16_units(text)) > MAX_CONTENT_CHARS
    ]
    if not over:
        return []
    label, units = over[0]
    return [
        Advice(
            kind="length-reading",
            message=(
                f"{len(over)} recipient(s) get a text over {MAX_CONTENT_CHARS} characters after "
                f"personalization ({label}: {units} UTF-16 code units); the content as sent is "
                "within the limit, and the seed does not say which one Acoustic counts"
            ),
            subject=label,
            field="recipients",
        )
    ]


def _texts(
    msg: _Message, pers_list: Sequence[dict[str, str] | None], defaults: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Each recipient's text and its SMS parts (one segmentation per distinct text)."""
    from ...text import segment

    render: Callable[[Mapping[str, str] | None, Mapping[str, str]], str] = msg.render
    texts = [render(p, defaults) for p in pers_list]
    cache: dict[str, int] = {}
    parts: list[int] = []
    for text in texts:
        count = cache.get(text)
        if count is None:
            count = cache[text] = segment(text).segments
        parts.append(count)
    return tuple(texts), tuple(parts)
