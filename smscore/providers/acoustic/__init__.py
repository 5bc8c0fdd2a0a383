"""Acoustic Campaign SMS External Consent API (seed 003): token, send, status.

The one send interface (issue 9, :mod:`smscore.providers._common`)::

    from smscore.providers import acoustic
    creds = acoustic.Credentials("<access token>")
    plan = acoustic.plan_send("Hi %%FIRST NAME%%", ["+1 949 231 9304"], credentials=creds,
                              program_id="129856", pod=1,
                              defaults={"FIRST NAME": "Valued Customer"})
    plan.requests        # POST /rest/channels/sms/externalconsentsends, 1000 contacts each
    plan.rejections      # what Acoustic would refuse, each with its basis (data, not raised)
    plan.advice          # smscore's opinion (tags with no value, readings of the 800 limit)

Provider settings of :func:`plan_send` / :func:`check_send` (keyword-only, snake_case):
``defaults`` (``personalizationDefaults``), ``program_id`` (``channelQualifier``), ``pod``
or ``base_url`` (the host), ``source``, ``content_id``, ``character_swap_enabled``,
``ttl_in_minutes``, ``campaign_name``, ``known_programs`` (active program ids: predicts
"SMS Program is inactive or not found"), ``batch_size`` (1-1000 contacts per request),
``numbers`` (``"provider"``/``"possible"``/``"valid"``), ``tag_names`` (tag names for the
placeholders of a ``{0}`` template; default ``"0"``, ``"1"``, ...).

Lower level, every call built as a :class:`~smscore.wire.Request` and parsed from a
:class:`~smscore.wire.Response` (no I/O, no clock): :func:`build_token` / :func:`parse_token`
(``POST https://<pod host>/oauth/token``), :func:`build_send` / :func:`build_sends` /
:func:`check_payload` / :func:`check_send_body` / :func:`parse_send`, and
:func:`build_status` / :func:`parse_status` (``GET /rest/channels/sms/sends/{id}/status``;
"Transaction status not found" means *pending*). Hosts come from :data:`POD_HOSTS` or
``base_url``. The rules, each with its basis, are :data:`RULES` (``spec/acoustic/rules.json``).

>>> plan = plan_send("Hello. Here is the PIN you requested %%PIN%%.",
...                  [{"phoneNumber": "19492319304", "personalization": {"PIN": "1234"}}],
...                  credentials=Credentials("tok"), program_id="129856", pod=1, source="")
>>> plan.requests[0].url
'https://api-campaign-us-1.goacoustic.com/rest/channels/sms/externalconsentsends'
>>> plan.requests[0].body[-50:]
b'"1234"}}],"channelQualifier":"129856","source":""}'
>>> plan.ok, plan.texts, plan.segments
(True, ('Hello. Here is the PIN you requested 1234.',), (1,))
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from .._common import Recipient, SendPlan
from ._build import (
    Credentials,
    base_url_for_pod,
    build_send,
    build_sends,
    build_status,
    build_token,
)
from ._check import check_payload, check_send_body, content_tags
from ._parse import (
    ContactStatus,
    SendAccepted,
    SendStatus,
    StatusState,
    Token,
    mask_token_text,
    parse_send,
    parse_status,
    parse_token,
)
from ._rules import (
    CONTACT_ERRORS,
    ERRORS,
    MAX_CONCURRENT_REQUESTS,
    MAX_CONTACTS,
    MAX_CONTENT_CHARS,
    MAX_PHONE_DIGITS,
    MIN_CONTACTS,
    NAME,
    PATHS,
    POD_HOSTS,
    RULES,
    SEED,
    STATUS_NOT_FOUND_TEXT,
    TITLE,
    TOKEN_LIFETIME_SECONDS,
    TOKEN_REFRESH_AFTER_SECONDS,
    UNAUTHORIZED_TEXT,
    rules_data,
)
from ._send import Contact, ContactLike, contact_label, utf16_units

if TYPE_CHECKING:
    from ...templates import Template
    from ...wire import Rejection

__all__ = [
    "CONTACT_ERRORS",
    "ERRORS",
    "MAX_CONCURRENT_REQUESTS",
    "MAX_CONTACTS",
    "MAX_CONTENT_CHARS",
    "MAX_PHONE_DIGITS",
    "MIN_CONTACTS",
    "NAME",
    "PATHS",
    "POD_HOSTS",
    "RULES",
    "SEED",
    "SENDS",
    "STATUS_NOT_FOUND_TEXT",
    "TITLE",
    "TOKEN_LIFETIME_SECONDS",
    "TOKEN_REFRESH_AFTER_SECONDS",
    "UNAUTHORIZED_TEXT",
    "Contact",
    "ContactLike",
    "ContactStatus",
    "Credentials",
    "Recipient",
    "SendAccepted",
    "SendPlan",
    "SendStatus",
    "StatusState",
    "Token",
    "base_url_for_pod",
    "build_send",
    "build_sends",
    "build_status",
    "build_token",
    "check_payload",
    "check_send",
    "check_send_body",
    "contact_label",
    "content_tags",
    "mask_token_text",
    "parse_send",
    "parse_status",
    "parse_token",
    "plan_send",
    "rules_data",
    "run_vector",
    "utf16_units",
]

#: Acoustic sends messages (it has plan_send, check_send and parse_send).
SENDS: Final = True


def plan_send(
    message: str | Template | None,
    recipients: Iterable[Any],
    *,
    credentials: Credentials,
    sender: str | None = None,
    region: str | None = None,
    defaults: Mapping[Any, Any] | Iterable[Any] | None = None,
    program_id: str | None = None,
    pod: str | int | None = None,
    base_url: str | None = None,
    source: str | None = None,
    content_id: str | None = None,
    character_swap_enabled: bool | None = None,
    ttl_in_minutes: int | None = None,
    campaign_name: str | None = None,
    known_programs: Collection[str] | None = None,
    batch_size: int = MAX_CONTACTS,
    numbers: str = "provider",
    tag_names: Mapping[int, str] | Iterable[str] | None = None,
) -> SendPlan:
    """The whole pre-send path: a message and recipients to Acoustic send requests.

    ``message``: ``%%TAG%%`` text, or a ``smscore.Template`` (tags stay tags; ``{0}``
    placeholders become ``%%0%%``... or the ``tag_names`` you give); ``None`` with a
    ``content_id``. ``recipients``: raw numbers, :class:`~smscore.providers.Recipient` values
    (a mapping of tag to value, or a sequence for ``{0}`` templates), ``(number, values)``
    pairs, :class:`Contact` values, or Acoustic's own contact objects
    (``{"phoneNumber": ..., "personalization": ...}``, ``{"contactId": ...}``,
    ``{"contactLookup": [{"name": ..., "value": ...}]}``). Numbers are normalized to digits
    with the country code and deduplicated (``region`` for national numbers); contacts by
    Contact ID or lookup keys follow the numbered ones, labelled ``contactId:<id>`` /
    ``contactLookup:<name>=<value>`` in ``accepted``.

    ``defaults`` become ``personalizationDefaults``. ``credentials`` must hold an access
    token. ``sender`` has no Acoustic field (the program sends): given, it is advice.

    A phone that cannot be read, or has more than 15 digits, is left out of the requests and
    listed in ``rejected`` with ``"Invalid phone number. (<why>)"``: Acoustic would accept the
    request and fail that contact alone (seed 003 status sample), so it is no whole-request
    rejection; :func:`check_payload` predicts it per contact for contacts sent as given.
    A tag with no value and no default is advice, not a rejection (the server may fill it
    from the database). ``rejections`` hold the whole-request 400s Acoustic would answer,
    each with its basis.
    """
    from ._plan import plan

    return plan(
        message,
        recipients,
        credentials=credentials,
        sender=sender,
        region=region,
        defaults=defaults,
        program_id=program_id,
        pod=pod,
        base_url=base_url,
        source=source,
        content_id=content_id,
        character_swap_enabled=character_swap_enabled,
        ttl_in_minutes=ttl_in_minutes,
        campaign_name=campaign_name,
        known_programs=known_programs,
        batch_size=batch_size,
        numbers=numbers,
        tag_names=tag_names,
        build=True,
    )


def check_send(
    message: str | Template | None,
    recipients: Iterable[Any],
    *,
    credentials: Credentials,
    sender: str | None = None,
    region: str | None = None,
    defaults: Mapping[Any, Any] | Iterable[Any] | None = None,
    program_id: str | None = None,
    pod: str | int | None = None,
    base_url: str | None = None,
    source: str | None = None,
    content_id: str | None = None,
    character_swap_enabled: bool | None = None,
    ttl_in_minutes: int | None = None,
    campaign_name: str | None = None,
    known_programs: Collection[str] | None = None,
    batch_size: int = MAX_CONTACTS,
    numbers: str = "provider",
    tag_names: Mapping[int, str] | Iterable[str] | None = None,
) -> tuple[Rejection, ...]:
    """The rejections :func:`plan_send` predicts (same arguments), without building requests.

    >>> [r.message for r in check_send("", ["19492319304"], credentials=Credentials("t"),
    ...                                program_id="1")]
    ['SMS content should be present']
    """
    from ._plan import plan

    return plan(
        message,
        recipients,
        credentials=credentials,
        sender=sender,
        region=region,
        defaults=defaults,
        program_id=program_id,
        pod=pod,
        base_url=base_url,
        source=source,
        content_id=content_id,
        character_swap_enabled=character_swap_enabled,
        ttl_in_minutes=ttl_in_minutes,
        campaign_name=campaign_name,
        known_programs=known_programs,
        batch_size=batch_size,
        numbers=numbers,
        tag_names=tag_names,
        build=False,
    ).rejections


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one conformance vector (operations documented in ``spec/acoustic/README.md``).

    >>> run_vector("status", {"pod": "1", "token": "t", "transaction_id": "x"})["request"]["url"]
    'https://api-campaign-us-1.goacoustic.com/rest/channels/sms/sends/x/status'
    """
    from ._vectors import run

    return run(operation, input)
