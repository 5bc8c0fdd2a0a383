"""From a campaign to the gateway's requests (seed 000): read, render, group, batch, build.

The gateway has no personalization: one request carries one text to up to 250 numbers. A
campaign whose text differs per recipient becomes one group of numbers per distinct rendered
text (in the order each text first appears), each group split into requests of at most
``batch_size`` numbers. Requests are built from the plan's normalized numbers (digits with
the country code), never normalizing a number twice: :func:`build_requests` joins them as
they are (issue 14).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, NoReturn

from ... import wire
from ...errors import InvalidRequest, SmsError
from ...text import LengthReadings
from ...wire import Advice, Rejection, Request
from .._common import Intake, SendPlan, intake
from ._args import Credentials, Settings, check_endpoint, require_text
from ._check import number_rejections, readings_of, setting_rejections, text_rejections
from ._rules import COUNTRIES, NAME

__all__ = ["Campaign", "build_requests", "read_campaign", "render_plan"]

_COMMA: Final = "%2C"  # providers.md: one encoding of the comma in numbers, kept
_DIGITS: Final = b"0123456789"
_SEP_LEFT: Final = b"%C"  # what the separator leaves once its digit is deleted


def _message(message: object) -> Any:
    from ...templates import Template

    if isinstance(message, Template):
        return message
    if isinstance(message, str):
        return require_text(message, "message", allow_empty=True)
    raise InvalidRequest(
        f"message must be a str or a smscore.Template, got {type(message).__name__}",
        field="message",
        value=type(message).__name__,
        rule="message is text or a Template",
    )


def _read(recipients: Iterable[Any], s: Settings) -> Intake:
    if s.dedup:
        return intake(recipients, region=s.region, style="digits", numbers=s.numbers)
    # dedup off: every input keeps its place, repeats included (the gateway answers 113)
    whole = intake((), region=s.region, style="digits", numbers=s.numbers)
    if isinstance(recipients, str | bytes | Mapping) or not isinstance(recipients, Iterable):
        intake(recipients, region=s.region, style="digits")  # raises the same InvalidRequest
    for item in recipients:
        one = intake((item,), region=s.region, style="digits", numbers=s.numbers)
        whole.read += 1
        whole.numbers += one.numbers
        whole.values += one.values
        whole.raws += one.raws
        whole.rejected += one.rejected
        whole.advice += one.advice
    return whole


class Campaign:
    """Recipients read and texts rendered: the accounting and one text per accepted number."""

    __slots__ = ("accepted", "advice", "duplicates", "fixed", "read", "rejected", "texts", "valid")

    def __init__(
        self, got: Intake, texts: list[str], accepted: list[str], fixed: str | None = None
    ) -> None:
        self.fixed = fixed  # the one text of a message with no placeholders
        self.read = got.read
        self.valid = len(got.numbers)
        self.accepted = accepted
        self.texts = texts
        self.duplicates = got.duplicates
        self.rejected = got.rejected
        self.advice = got.advice


def read_campaign(message: object, recipients: Iterable[Any], s: Settings) -> Campaign:
    """Read every recipient and render its text (a recipient whose text cannot be rendered is
    rejected with the template's reason: the gateway cannot send it a text)."""
    return _campaign(_message(message), recipients, s)


def _campaign(message: Any, recipients: Iterable[Any], s: Settings) -> Campaign:
    got = _read(recipients, s)
    if isinstance(message, str) or not message.placeholders:
        text = message if isinstance(message, str) else message.render(None)
        return Campaign(got, [text] * len(got.numbers), got.numbers, text)
    texts: list[str] = []
    accepted: list[str] = []
    render = message.render
    defaults = s.defaults
    for number, values, raw in zip(got.numbers, got.values, got.raws, strict=True):
        try:
            text = render(values, defaults=defaults)
            text.encode("utf-8")
        except SmsError as exc:
            got.rejected.append((raw, f"template: {getattr(exc, 'message', exc)}"))
            continue
        except UnicodeEncodeError:
            got.rejected.append((raw, "template: the text has a lone surrogate (not UTF-8)"))
            continue
        texts.append(text)
        accepted.append(number)
    return Campaign(got, texts, accepted)


def group_batches(
    texts: Sequence[str], numbers: Sequence[str], batch_size: int | None
) -> tuple[list[str], list[tuple[str, ...]]]:
    """One group per distinct text (first-seen order), split into batches: the text of each
    batch and the batch."""
    if not numbers:
        return [], []
    groups: dict[str, list[str]] = {}
    if len(set(texts)) == 1:
        groups[texts[0]] = list(numbers)
    else:
        for text, number in zip(texts, numbers, strict=True):
            group = groups.get(text)
            if group is None:
                groups[text] = [number]
            else:
                group.append(number)
    batch_texts: list[str] = []
    batches: list[tuple[str, ...]] = []
    for text, group in groups.items():
        size = batch_size or len(group)
        for i in range(0, len(group), size):
            batch_texts.append(text)
            batches.append(tuple(group[i : i + size]))
    return batch_texts, batches


def build_requests(
    batch_texts: Sequence[str],
    batches: Sequence[Sequence[str]],
    s: Settings,
    credentials: Credentials,
) -> tuple[Request, ...]:
    """One POST per batch, every parameter in the query string in the seed's order.

    The numbers are the plan's: digits with the country code, so they are joined as they are
    (no escaping, no second reading); a batch with anything else is an InvalidRequest.
    """
    if s.endpoint is None:
        check_endpoint(None, s.country, COUNTRIES)  # raises: the endpoint names the field
    auth = (credentials.header(),)
    enc = wire.percent_encode
    # seed 000 sample request: message, message_billed, message_type, numbers, spoof_from,
    # program_id, allow_long_messages ("All API parameters must be URL encoded"); the comma
    # between numbers is always sent as %2C.
    middle = f"&message_billed={enc(s.billed)}&message_type={enc(s.message_type)}&numbers="
    tail = "" if s.sender is None else f"&spoof_from={enc(s.sender)}"
    tail += f"&program_id={enc(s.program_id)}"
    if s.allow_long is not None:
        tail += f"&allow_long_messages={enc(s.allow_long)}"
    out: list[Request] = []
    heads: dict[str, str] = {}
    for text, batch in zip(batch_texts, batches, strict=True):
        head = heads.get(text)
        if head is None:
            head = heads[text] = f"{s.endpoint}?message={enc(text)}{middle}"
        try:
            joined = _COMMA.join(batch)
        except TypeError:
            _bad_batch(batch)  # an item that is not text
        # digits only: with the digits deleted, exactly the separators' "%C" is left (one
        # bytes.translate: str.isdigit is ~10x slower on a 3 kB string), and no empty number
        if (
            not joined.isascii()
            or joined.encode("ascii").translate(None, _DIGITS) != _SEP_LEFT * (len(batch) - 1)
            or "" in batch
        ):
            _bad_batch(batch)
        out.append(Request(method="POST", url=f"{head}{joined}{tail}", headers=auth))
    return tuple(out)


def _bad_batch(batch: Sequence[str]) -> NoReturn:
    bad = [n for n in batch if not (isinstance(n, str) and n.isascii() and n.isdigit())]
    number = bad[0] if bad else batch
    raise InvalidRequest(
        f"numbers must be digits with the country code (a plan's normalized numbers), "
        f"got {number!r}",
        field="numbers",
        value=number,
        rule="seed 000: numbers may not contain any non-numeric characters",
    )


def render_plan(
    campaign: Campaign, s: Settings, credentials: Credentials | None
) -> tuple[SendPlan, list[Rejection]]:
    """The plan (requests built when ``credentials`` are given) and its rejections."""
    batch_texts, batches = group_batches(campaign.texts, campaign.accepted, s.batch_size)
    readings: dict[str, LengthReadings] = {}
    if campaign.fixed is not None:  # one text for every recipient
        readings[campaign.fixed] = readings_of(campaign.fixed)
        segments = (readings[campaign.fixed].segments,) * len(campaign.texts)
    else:
        for text in campaign.texts:
            if text not in readings:
                readings[text] = readings_of(text)
        segments = tuple(readings[t].segments for t in campaign.texts)
    found = setting_rejections(s)
    on_text, advice = text_rejections(readings.items(), s.allow_long)
    found += on_text
    found += number_rejections(campaign.read, campaign.valid, batches, s.dedup)
    requests = (
        build_requests(batch_texts, batches, s, credentials) if credentials is not None else ()
    )
    all_advice: list[Advice] = [*campaign.advice, *advice]
    plan = SendPlan(
        provider=NAME,
        requests=requests,
        batches=tuple(batches),
        accepted=tuple(campaign.accepted),
        duplicates=tuple(campaign.duplicates),
        rejected=tuple(campaign.rejected),
        read=campaign.read,
        texts=tuple(campaign.texts),
        segments=segments,
        rejections=tuple(found),
        advice=tuple(all_advice),
        settings=s.to_data(),
    )
    return plan, found
