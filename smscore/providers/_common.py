"""What every send provider shares: the recipient type, the plan, and the recipient intake.

The one send interface (issue 9) is, in every send provider package::

    plan_send(message, recipients, *, credentials, sender=None, region=None, **settings) -> SendPlan
    check_send(message, recipients, *, credentials, sender=None, region=None, **settings)
        -> tuple[Rejection, ...]
    parse_send(response, *, plan=None) -> the provider's result, one outcome per recipient

``message`` is a ``str`` or a :class:`smscore.Template`; ``recipients`` an iterable of raw
numbers, of :class:`Recipient` values, or of the provider's own wire form. Predicted provider
rejections are data on the plan (``plan.rejections``, each with its :class:`~smscore.wire.Basis`);
smscore's own opinions are ``plan.advice``; ``plan_send`` raises only for the caller's own
configuration errors (:class:`~smscore.InvalidRequest`, naming the field).

This module sits below the provider packages: it imports the numbers and text engines and
:mod:`smscore.wire`, never a provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ..errors import InvalidRequest
from ..numbers._core import NO_SMS_LINE_TYPES, _check_full, _fast_digits, _region_key
from ..numbers._sms import sms_digits
from ..wire import Advice, Rejection, Request

__all__ = [
    "NUMBER_POLICIES",
    "Intake",
    "NumberPolicy",
    "Recipient",
    "SendPlan",
    "intake",
]

#: How strictly numbers are read before a send (the ``numbers=`` setting of every provider).
#: ``"provider"`` (the default) accepts every number the provider's own rule accepts and turns
#: phonenumbers' opinion (not an assigned range, too short for the country) into advice, for a
#: number written as the provider takes it (digits with the country code, ``+`` optional); a
#: number smscore had to rewrite is sent only when phonenumbers finds it valid;
#: ``"possible"`` and ``"valid"`` reject, as recipients with the reason, numbers that
#: phonenumbers does not find possible / valid.
NumberPolicy = Literal["provider", "possible", "valid"]
NUMBER_POLICIES: Final = ("provider", "possible", "valid")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One recipient: a raw number and the values its message is rendered with.

    ``values`` is a mapping for ``%%TAG%%`` / Jinja templates or a sequence for ``{0}``
    templates; ``None`` when the message has no placeholders.

    >>> Recipient("+1 213 555 0123", {"FIRST NAME": "Ada"}).number
    '+1 213 555 0123'
    """

    number: str
    values: Mapping[str, Any] | Sequence[Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SendPlan:
    """Everything a send becomes before it goes out, the same type for every provider.

    ``requests[i]`` carries the numbers in ``batches[i]`` (in the provider's wire form).
    Accounting: ``accepted`` (normalized numbers, first-seen order), ``duplicates``
    (``(raw, the number it repeats)``) and ``rejected`` (``(raw, reason)``) hold every input
    exactly once; ``read`` counts the inputs independently. ``texts[i]`` and ``segments[i]``
    are the text recipient ``accepted[i]`` receives and the SMS parts it is billed for.
    ``rejections`` are the provider's predicted rejections (code, words, basis); ``advice``
    is smscore's own opinion. ``ok`` is true when the provider would accept every request.
    """

    provider: str
    requests: tuple[Request, ...]
    batches: tuple[tuple[str, ...], ...]
    accepted: tuple[str, ...]
    duplicates: tuple[tuple[Any, str], ...]
    rejected: tuple[tuple[Any, str], ...]
    read: int
    texts: tuple[str, ...]
    segments: tuple[int, ...]
    rejections: tuple[Rejection, ...] = ()
    advice: tuple[Advice, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No predicted rejection."""
        return not self.rejections

    @property
    def total_segments(self) -> int:
        """The SMS parts billed for the whole send."""
        return sum(self.segments)

    def raise_for_rejections(self) -> SendPlan:
        """Raise the first predicted rejection as a :class:`~smscore.ProviderError`; else self."""
        if self.rejections:
            raise self.rejections[0].to_error()
        return self

    def check_accounting(self) -> None:
        """Raise ``RuntimeError`` if accepted + duplicates + rejected differs from ``read``."""
        total = len(self.accepted) + len(self.duplicates) + len(self.rejected)
        if total != self.read:
            raise RuntimeError(f"{self.provider}: accounted {total} of {self.read} recipients")


@dataclass(slots=True)
class Intake:
    """The recipients of a send after reading, numbers normalized, in first-seen order.

    ``numbers[i]`` is the wire form (``style``: E.164 or digits) of ``e164[i]``; ``values[i]``
    the values given with it; ``raws[i]`` the raw number as given.
    """

    style: Literal["e164", "digits"] = "e164"
    numbers: list[str] = field(default_factory=list)
    values: list[Mapping[str, Any] | Sequence[Any] | None] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)
    duplicates: list[tuple[Any, str]] = field(default_factory=list)
    rejected: list[tuple[Any, str]] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)
    read: int = 0

    @property
    def e164(self) -> list[str]:
        """The accepted numbers in E.164 (``numbers`` itself when that is their wire form)."""
        if self.style == "e164":
            return self.numbers
        return ["+" + number for number in self.numbers]


def _policy(numbers: object) -> NumberPolicy:
    if numbers == "provider":
        return "provider"
    if numbers == "possible":
        return "possible"
    if numbers == "valid":
        return "valid"
    raise InvalidRequest(
        f"numbers must be one of {', '.join(NUMBER_POLICIES)}, got {numbers!r}",
        field="numbers",
        value=numbers,
        rule="numbers= says how strictly recipients are read",
    )


def intake(
    recipients: Iterable[Any],
    *,
    region: str | None,
    style: Literal["e164", "digits"],
    numbers: object = "provider",
    unwrap: Callable[[Any], Recipient | None] | None = None,
) -> Intake:
    """Read, normalize and deduplicate ``recipients``; every input lands exactly once.

    A ``str`` is a raw number; a :class:`Recipient` carries values; anything else is offered
    to ``unwrap`` (the provider's wire form, e.g. Acoustic's ``{"phoneNumber": ...}``), and
    rejected as ``"not a string"`` when ``unwrap`` returns ``None``. Numbers are read as
    :func:`smscore.check_number` reads them; ``numbers`` is the :data:`NumberPolicy`.

    >>> r = intake(["+1 213 373 4253", "12133734253", "nope"], region=None, style="digits")
    >>> r.numbers, r.duplicates, r.rejected
    (['12133734253'], [('12133734253', '12133734253')], [('nope', 'not a number')])
    """
    policy = _policy(numbers)
    if isinstance(recipients, (str, bytes, Mapping)):
        raise InvalidRequest(
            f"recipients must be an iterable of numbers or recipients, "
            f"got {type(recipients).__name__}",
            field="recipients",
            value=type(recipients).__name__,
            rule="recipients is a list, not one number",
        )
    try:
        items = iter(recipients)
    except TypeError:
        raise InvalidRequest(
            f"recipients must be iterable, got {type(recipients).__name__}",
            field="recipients",
            value=type(recipients).__name__,
            rule="recipients is an iterable of numbers or recipients",
        ) from None
    out = Intake(style="digits" if style == "digits" else "e164")
    # country code and number -> the raw text of its first occurrence, in first-seen order:
    # one dict operation per recipient and no object the garbage collector has to follow
    # (values, when given, in a dict of their own); the lists are read off at the end
    seen: dict[str, str] = {}
    given: dict[str, Any] = {}
    digits = style == "digits"
    region_key = _region_key(region)  # an unknown region is the caller's InvalidNumber
    no_sms = NO_SMS_LINE_TYPES
    rejected = out.rejected
    fast, sms, plus_only = _fast_digits, sms_digits, region_key is not None
    add_duplicate = out.duplicates.append
    read = 0
    for item in items:
        read += 1
        if type(item) is str:
            raw: Any = item
            values = None
        elif isinstance(item, Recipient):
            raw, values = item.number, item.values
        elif isinstance(item, str):
            raw, values = item, None
        else:
            unwrapped = unwrap(item) if unwrap is not None else None
            if unwrapped is None:
                rejected.append((item, "not a string"))
                continue
            raw, values = unwrapped.number, unwrapped.values
        # The send loop's shortcut: valid as written, on a line that takes SMS (one dict
        # lookup and one match); with a region, only "+" numbers (bare digits are national)
        quick = fast(raw, plus_only, None, sms)
        if quick is not None:
            if quick in seen:
                add_duplicate((raw, quick if digits else "+" + quick))
            else:
                seen[quick] = raw
                if values is not None:
                    given[quick] = values
            continue
        # (e164, valid, possible, reason, region, line type, national format): one reading,
        # the same as check_number's, without building a NumberCheck per recipient
        e164, valid, possible, reason, _, line_type, _ = _check_full(raw, region_key)
        if e164 is None:
            rejected.append((raw, reason or "not a number"))
            continue
        if not valid:
            reason = reason or "not valid"
            if (
                policy == "valid"
                or (policy == "possible" and not possible)
                # "provider": a number already written as the provider takes it (digits with
                # the country code, "+" optional) goes as given; one smscore had to rewrite
                # (separators, labels, a national format) is sent only when phonenumbers
                # vouches for the rewrite, so "555-0100" never becomes Brazil's +55 50100
                or (policy == "provider" and not _as_given(raw, e164))
            ):
                rejected.append((raw, reason))
                continue
            out.advice.append(
                Advice(
                    kind="number-not-valid",
                    message=f"phonenumbers: {reason} (sent anyway: the provider's rule allows it)",
                    subject=str(raw),
                    field="recipients",
                )
            )
        if line_type in no_sms:
            out.advice.append(
                Advice(
                    kind="line-type",
                    message=f"{line_type.replace('_', ' ')} numbers usually cannot receive SMS",
                    subject=str(raw),
                    field="recipients",
                )
            )
        key = e164[1:]  # the country code and number: the same key as the shortcut's
        if key in seen:
            add_duplicate((raw, key if digits else e164))
        else:
            seen[key] = raw if type(raw) is str else str(raw)
            if values is not None:
                given[key] = values
    out.read = read
    out.numbers = list(seen) if digits else ["+" + key for key in seen]
    out.raws = list(seen.values())
    out.values = [given.get(key) for key in seen] if given else [None] * len(seen)
    return out


def _as_given(raw: Any, e164: str) -> bool:
    """Whether ``raw`` is already the wire form of ``e164``: ASCII digits with the country
    code, with or without the ``+`` (surrounding spaces allowed)."""
    text = raw.strip() if isinstance(raw, str) else ""
    return text == e164 or text == e164[1:]
