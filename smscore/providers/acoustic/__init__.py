"""Acoustic Campaign SMS External Consent API (seed 003): token, send, status.

Three calls, each built as a :class:`~smscore.wire.Request` and parsed from a
:class:`~smscore.wire.Response`; nothing here does I/O or reads a clock:

* the OAuth refresh-token grant (``POST https://<pod host>/oauth/token``, form-encoded),
  :func:`build_token` and :func:`parse_token` (the expiry comes from a ``now`` you pass);
* the external-consent send (``POST /rest/channels/sms/externalconsentsends``, Bearer, JSON),
  :func:`build_send` (1-1000 contacts), :func:`build_sends` (any number, split into requests of
  1000), :func:`plan_send` (raw numbers: normalize, dedup, reject, split), :func:`check_send`
  (every documented 400 predicted with its exact text) and :func:`parse_send` (the 202 answer);
* the status of a send (``GET /rest/channels/sms/sends/{id}/status``), :func:`build_status`
  and :func:`parse_status` (the 200 "Transaction status not found" answer means *pending*).

The host of every call comes from the pod map (:data:`POD_HOSTS`, providers.md: map, never
compute), or from ``base_url`` when you point the calls elsewhere (a simulator, a proxy).

>>> from smscore.providers import acoustic
>>> r = acoustic.build_send(pod=1, token="t0k", channel_qualifier="129856",
...                         contacts=[("19492319304", {"PIN": "1234"})],
...                         content="Hello. Here is the PIN you requested %%PIN%%.")
>>> r.url
'https://api-campaign-us-1.goacoustic.com/rest/channels/sms/externalconsentsends'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from ...errors import InvalidRequest
from ...wire import Rejection, Request, bearer_auth, percent_encode, query_string
from .._guard import check_secret, require_iterable, require_str_collection
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
from ._send import (
    Contact,
    bad_phone,
    check_str_map,
    optional_fields,
    raise_first,
    scan,
    send_body,
    utf16_units,
)

if TYPE_CHECKING:
    from ...templates import Template
    from ._plan import SendPlan

__all__ = [
    "ERRORS",
    "MAX_CONCURRENT_REQUESTS",
    "MAX_CONTACTS",
    "MAX_CONTENT_CHARS",
    "MIN_CONTACTS",
    "NAME",
    "PATHS",
    "POD_HOSTS",
    "STATUS_NOT_FOUND_TEXT",
    "TOKEN_LIFETIME_SECONDS",
    "TOKEN_REFRESH_AFTER_SECONDS",
    "Contact",
    "ContactLike",
    "ContactStatus",
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
    "check_send",
    "check_send_body",
    "content_tags",
    "mask_token_text",
    "parse_send",
    "parse_status",
    "parse_token",
    "plan_send",
    "run_vector",
]

# ---------------------------------------------------------------------------------------------
# The rules as data (spec/acoustic/rules.json holds the same; a test keeps them equal).

NAME: Final = "acoustic"

# seed 003, "Parameters for SmsExternalConsentSendPayload": "API accepts max 1000 contacts";
# the 400 text: "at least 1 contact and cannot exceed more than 1000 contacts".
MIN_CONTACTS: Final = 1
MAX_CONTACTS: Final = 1000
# seed 003, response codes: "SMS content exceeds 800 characters". DESIGN.md: provider character
# limits count UTF-16 code units (Java String.length()), so an astral emoji counts 2.
MAX_CONTENT_CHARS: Final = 800
# seed 003, "How it Works": "Up to 10 concurrent requests are allowed ... when using OAuth".
MAX_CONCURRENT_REQUESTS: Final = 10
# providers.md, Acoustic OAuth token: tokens live 4 h; reuse them and refresh about every 3 h.
# parse_token uses the lifetime when the answer has no expires_in (an assumption: override it
# with default_expires_in); Token.refresh_due says when to refresh.
TOKEN_LIFETIME_SECONDS: Final = 4 * 3600
TOKEN_REFRESH_AFTER_SECONDS: Final = 3 * 3600

# providers.md, "Acoustic pod hosts": the pod number is not the host number: map, never compute.
# Pod B is "medium" confidence there.
POD_HOSTS: Final[Mapping[str, str]] = {
    "1": "api-campaign-us-1.goacoustic.com",
    "2": "api-campaign-us-2.goacoustic.com",
    "3": "api-campaign-us-3.goacoustic.com",
    "4": "api-campaign-us-4.goacoustic.com",
    "5": "api-campaign-us-5.goacoustic.com",
    "6": "api-campaign-eu-1.goacoustic.com",
    "7": "api-campaign-ap-2.goacoustic.com",
    "8": "api-campaign-ca-1.goacoustic.com",
    "9": "api-campaign-us-6.goacoustic.com",
    "A": "api-campaign-ap-1.goacoustic.com",
    "B": "api-campaign-ap-3.goacoustic.com",
}

# providers.md, Endpoints. The seed's "POST /channels/sms/sends" is the consent-checked endpoint
# copied by mistake; the external-consent send is externalconsentsends.
PATHS: Final[Mapping[str, str]] = {
    "token": "/oauth/token",
    "send": "/rest/channels/sms/externalconsentsends",
    "status": "/rest/channels/sms/sends/{id}/status",
}

# seed 003, "Response Codes": every documented rejection, keyed by our name, with the HTTP
# status (Acoustic's code is the status, errors.ProviderError) and the exact text. Placeholders:
# {tag} the personalization tag, {program_id} the SMS program id (channelQualifier), {token}
# the access token (never filled in: parse_* masks it as "***").
ERRORS: Final[Mapping[str, Mapping[str, Any]]] = {
    # "Personalization tag does not match DB field name". Assumption: the tag is written bare
    # (no %% around it), one rejection per tag.
    "wrong-personalization-tags": {"status": 400, "text": "Wrong personalization tags {tag}"},
    # "Improper JSON format"
    "bad-request": {"status": 400, "text": "Bad request"},
    # "Invalid SMS program ID" and "SMS program is inactive" share one text.
    "program-not-found": {
        "status": 400,
        "text": "SMS Program is inactive or not found with identifier {program_id}.",
    },
    # "SMS program is empty"
    "channel-qualifier-missing": {"status": 400, "text": "Channel qualifier should be present"},
    # "SMS content exceeds 800 characters"
    "content-too-long": {
        "status": 400,
        "text": "The message exceeded the maximum 800 character limit.",
    },
    # "SMS content is empty"
    "content-empty": {"status": 400, "text": "SMS content should be present"},
    # "Contact array has more than 1000 contacts"
    "contact-count": {
        "status": 400,
        "text": (
            "Contacts must contain at least 1 contact and cannot exceed more than 1000 contacts."
        ),
    },
    # "API call does not include a Contact ID or Contact Lookup"
    "contact-empty": {
        "status": 400,
        "text": "Contact information is empty. Please provide contact identifier or lookup keys.",
    },
    # "Expired access token"
    "token-expired": {
        "status": 401,
        "text": "The access token has expired. Token provided was: {token}",
    },
    # "SMS is not enabled for Org, database or user"
    "forbidden": {"status": 403, "text": "Forbidden"},
}

# providers.md, Acoustic status: an HTTP 200 carrying this text means "not ready yet (or unknown
# id)": pending, not failure.
STATUS_NOT_FOUND_TEXT: Final = (
    "Transaction status not found. Please try your request again in a few minutes."
)

# providers.md: personalization tags are %%FIELD NAME%% (spaces allowed). A tag never spans a
# line and holds no '%'.
_TAG_RE: Final = re.compile(r"%%([^%\r\n]+)%%")

_JSON_HEADERS: Final = (("Content-Type", "application/json"), ("Accept", "application/json"))


# ---------------------------------------------------------------------------------------------
# Contacts


#: A contact as the build functions take it: a :class:`Contact`, a bare phone number, or a
#: ``(phone_number, personalization)`` pair (the cheapest form in a loop of a million).
ContactLike: TypeAlias = Contact | str | tuple[str, Mapping[str, str] | None]


def content_tags(content: str) -> tuple[str, ...]:
    """The personalization tags in ``content``, each once, in order of first use.

    >>> content_tags("Hey %%FIRST NAME%%! Your PIN is %%PIN%%, %%FIRST NAME%%.")
    ('FIRST NAME', 'PIN')
    """
    if not isinstance(content, str):
        raise TypeError(f"content must be a str, got {type(content).__name__}")
    return tuple(dict.fromkeys(_TAG_RE.findall(content)))


# ---------------------------------------------------------------------------------------------
# Hosts and the token request


def base_url_for_pod(pod: str | int) -> str:
    """``https://<pod host>`` for an Acoustic pod (1-9, A, B), from the map in providers.md.

    >>> base_url_for_pod("A")
    'https://api-campaign-ap-1.goacoustic.com'
    """
    key = str(pod).strip().upper() if isinstance(pod, str | int) else None
    host = POD_HOSTS.get(key) if key is not None else None
    if host is None:
        raise InvalidRequest(
            f"pod: {pod!r} is not an Acoustic pod; known pods: {', '.join(POD_HOSTS)}",
            field="pod",
            value=pod,
            rule="providers.md: pod host map (map, never compute)",
        )
    return f"https://{host}"


def _base(pod: str | int | None, base_url: str | None) -> str:
    if base_url is None:
        if pod is None:
            raise InvalidRequest(
                "pod: give an Acoustic pod (1-9, A, B) or a base_url",
                field="pod",
                value=None,
                rule="one of pod or base_url is required",
            )
        return base_url_for_pod(pod)
    if pod is not None:
        raise InvalidRequest(
            f"base_url: give either pod ({pod!r}) or base_url ({base_url!r}), not both",
            field="base_url",
            value=base_url,
            rule="one of pod or base_url",
        )
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise InvalidRequest(
            f"base_url: {base_url!r} is not an http(s) URL",
            field="base_url",
            value=base_url,
            rule="base_url starts with https:// or http://",
        )
    return base_url.rstrip("/")


def build_token(
    *,
    client_id: str,
    client_secret: str,
    refresh_token: str,
    pod: str | int | None = None,
    base_url: str | None = None,
) -> Request:
    """The OAuth refresh-token grant: ``POST https://<pod host>/oauth/token``, form-encoded.

    The secrets reach only the body; the returned request's ``repr`` and ``masked()`` hide
    ``client_secret`` and ``refresh_token``.

    >>> r = build_token(pod=1, client_id="cid", client_secret="s3", refresh_token="rt")
    >>> r.body
    b'grant_type=refresh_token&client_id=cid&client_secret=s3&refresh_token=rt'
    """
    base = _base(pod, base_url)
    for field, value in (
        ("client_id", client_id),
        ("client_secret", client_secret),
        ("refresh_token", refresh_token),
    ):
        if not isinstance(value, str) or not value.strip():
            # The value is a credential: never echoed.
            raise InvalidRequest(
                f"{field}: must be a non-empty string",
                field=field,
                rule="RFC 6749 §6: refresh-token grant fields",
            )
        # RFC 6749 App. B: form values are UTF-8 percent-encoded; a lone surrogate cannot be,
        # and the error names the field, never the value.
        check_secret(value, field, "RFC 6749 App. B: form values are UTF-8")
    # RFC 6749 §6 and providers.md: grant_type, client_id, client_secret, refresh_token.
    body = query_string(
        (
            ("grant_type", "refresh_token"),
            ("client_id", client_id),
            ("client_secret", client_secret),
            ("refresh_token", refresh_token),
        )
    )
    return Request(
        method="POST",
        url=base + PATHS["token"],
        headers=(
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
        ),
        body=body.encode("ascii"),
    )


# ---------------------------------------------------------------------------------------------
# The send: checks


def _reject(key: str, field: str, **fill: str) -> Rejection:
    entry = ERRORS[key]
    return Rejection(
        provider=NAME,
        code=str(entry["status"]),
        message=entry["text"].format(**fill) if fill else entry["text"],
        status=entry["status"],
        field=field,
    )


def check_send(
    *,
    channel_qualifier: object,
    contacts: Sequence[ContactLike],
    content: object = None,
    content_id: object = None,
    personalization_defaults: Mapping[str, str] | None = None,
    known_programs: Collection[str] | None = None,
    **_build_args: object,
) -> tuple[Rejection, ...]:
    """The 400s Acoustic would answer a send with, each with its exact text (seed 003).

    Takes the same arguments as :func:`build_send` (the extra ones are ignored), plus
    ``known_programs``: the SMS program ids that are active for the org; when given, any other
    ``channel_qualifier`` is predicted as "SMS Program is inactive or not found ...". Empty
    when Acoustic would accept the request. The order of several rejections is ours (the seed
    does not say which check the server runs first).

    >>> [r.message for r in check_send(channel_qualifier="", contacts=["19495001234"],
    ...                                content="Hi")]
    ['Channel qualifier should be present']
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
    _, empty_at, _bad_at, missing = scan(contacts, _needed(text, personalization_defaults), False)
    return _rejections(
        channel_qualifier, len(contacts), text, content_id, programs, empty_at, missing
    )


def _programs(known_programs: object) -> Collection[str] | None:
    if known_programs is None:
        return None
    return require_str_collection(known_programs, "known_programs", "SMS program ids")


def _needed(content: str | None, defaults: Mapping[str, str] | None) -> tuple[str, ...]:
    tags = content_tags(content) if content else ()
    return tuple(t for t in tags if t not in defaults) if defaults else tags


def _rejections(
    channel_qualifier: object,
    count: int,
    text: str | None,
    content_id: object,
    known_programs: Collection[str] | None,
    empty_at: int | None,
    missing: Mapping[str, int],
) -> tuple[Rejection, ...]:
    out: list[Rejection] = []
    # seed 003: "SMS program is empty" -> 400. Assumption: a blank string counts as empty.
    if not isinstance(channel_qualifier, str) or not channel_qualifier.strip():
        out.append(_reject("channel-qualifier-missing", "channelQualifier"))
    # seed 003: "SMS content is empty" (providers.md: content is optional with a contentId).
    if not text and content_id is None:
        out.append(_reject("content-empty", "content"))
    # seed 003: "SMS content exceeds 800 characters" (801 is the first length refused).
    if text is not None and utf16_units(text) > MAX_CONTENT_CHARS:
        out.append(_reject("content-too-long", "content"))
    # seed 003: 1 to 1000 contacts.
    if not MIN_CONTACTS <= count <= MAX_CONTACTS:
        out.append(_reject("contact-count", "contacts"))
    # seed 003: "API call does not include a Contact ID or Contact Lookup".
    if empty_at is not None:
        out.append(_reject("contact-empty", f"contacts[{empty_at}].phoneNumber"))
    # seed 003: "Invalid SMS program ID" / "SMS program is inactive", the id filled in.
    if (
        known_programs is not None
        and isinstance(channel_qualifier, str)
        and channel_qualifier.strip()
        and channel_qualifier not in known_programs
    ):
        out.append(_reject("program-not-found", "channelQualifier", program_id=channel_qualifier))
    # seed 003: a tag with neither a value nor a default (assumption: exact, case-sensitive).
    out.extend(
        _reject("wrong-personalization-tags", f"contacts[{i}].personalization", tag=tag)
        for tag, i in missing.items()
    )
    return tuple(out)


def check_send_body(
    body: bytes | bytearray | str, *, known_programs: Collection[str] | None = None
) -> tuple[Rejection, ...]:
    """The 400s Acoustic would answer a send body (raw JSON bytes) with.

    For a server or simulator that receives bodies: "Bad request" when the body is not JSON
    in the ``SmsExternalConsentSendPayload`` shape, else :func:`check_send` on its fields.

    >>> [r.message for r in check_send_body(b"{not json")]
    ['Bad request']
    """
    from ._plan import decode_send_body

    if not isinstance(body, bytes | bytearray | str):
        raise TypeError(f"body must be bytes (the raw JSON body), got {type(body).__name__}")
    fields = decode_send_body(body)
    if fields is None:
        return (_reject("bad-request", "body"),)
    return check_send(known_programs=known_programs, **fields)


# ---------------------------------------------------------------------------------------------
# The send: requests


def build_send(
    *,
    token: str,
    channel_qualifier: str,
    contacts: Sequence[ContactLike],
    content: str | Template | None = None,
    personalization_defaults: Mapping[str, str] | None = None,
    source: str | None = None,
    content_id: str | None = None,
    character_swap_enabled: bool | None = None,
    ttl_in_minutes: int | None = None,
    campaign_name: str | None = None,
    pod: str | int | None = None,
    base_url: str | None = None,
    known_programs: Collection[str] | None = None,
    check: bool = True,
) -> Request:
    """One external-consent send: ``POST /rest/channels/sms/externalconsentsends``, Bearer.

    ``content`` is the text with ``%%TAG%%`` personalization (or a ``smscore.Template`` in the
    %%TAG%% dialect); each contact's values fill the tags, ``personalization_defaults`` the rest.
    Phone numbers are digits with the country code (``plan_send`` normalizes raw ones). With
    ``check`` (the default) anything Acoustic would refuse (:func:`check_send`) raises
    :class:`~smscore.errors.InvalidRequest` quoting the provider's text; ``check=False`` builds
    such requests anyway (to exercise a server), still refusing what cannot be encoded.

    >>> r = build_send(pod=1, token="t", channel_qualifier="129856", contacts=["19492319304"],
    ...                content="Hi")
    >>> r.body
    b'{"content":"Hi","contacts":[{"phoneNumber":"19492319304"}],"channelQualifier":"129856"}'
    """
    content = _content_text(content)
    url = _base(pod, base_url) + PATHS["send"]
    headers = (*_JSON_HEADERS, bearer_auth(token))
    if not isinstance(contacts, Sequence) or isinstance(contacts, str):
        raise InvalidRequest(
            f"contacts: {type(contacts).__name__} is not a sequence of contacts",
            field="contacts",
            value=contacts,
            rule="contacts is a list",
        )
    if not isinstance(channel_qualifier, str):
        raise InvalidRequest(
            f"channelQualifier: {channel_qualifier!r} is not a string",
            field="channelQualifier",
            value=channel_qualifier,
            rule="providers.md: channelQualifier is a string (the SMS program id)",
        )
    if personalization_defaults is not None:
        check_str_map(personalization_defaults, "personalizationDefaults")
    programs = _programs(known_programs)
    extra = optional_fields(source, content_id, character_swap_enabled, ttl_in_minutes, None)
    extra += optional_fields(None, None, None, None, campaign_name)
    items, empty_at, bad_at, missing = scan(
        contacts, _needed(content, personalization_defaults), True
    )
    if check:
        found = _rejections(
            channel_qualifier, len(contacts), content, content_id, programs, empty_at, missing
        )
        raise_first(
            found, {"channelQualifier": channel_qualifier, "contacts": contacts, "content": content}
        )
        if bad_at is not None:
            raise bad_phone(str(items[bad_at]["phoneNumber"]), bad_at)
    return Request(
        method="POST",
        url=url,
        headers=headers,
        body=send_body(content, items, channel_qualifier, personalization_defaults, extra),
    )


def _content_text(content: object) -> str | None:
    if content is None or isinstance(content, str):
        return content
    from ._plan import template_content

    return template_content(content)


def build_sends(
    *,
    token: str,
    channel_qualifier: str,
    contacts: Iterable[ContactLike],
    content: str | Template | None = None,
    personalization_defaults: Mapping[str, str] | None = None,
    batch_size: int = MAX_CONTACTS,
    **options: Any,
) -> tuple[Request, ...]:
    """Any number of contacts as sends of at most ``batch_size`` (1-1000) contacts each.

    Other keyword arguments are those of :func:`build_send`.

    >>> rs = build_sends(pod=1, token="t", channel_qualifier="1", content="Hi",
    ...                  contacts=[str(19495000000 + i) for i in range(2500)])
    >>> [r.body.count(b"phoneNumber") for r in rs]
    [1000, 1000, 500]
    """
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or not (MIN_CONTACTS <= batch_size <= MAX_CONTACTS)
    ):
        raise InvalidRequest(
            f"batch_size: {batch_size!r} is not between 1 and {MAX_CONTACTS}",
            field="batch_size",
            value=batch_size,
            rule="seed 003: a send holds 1 to 1000 contacts",
        )
    items = (
        contacts
        if isinstance(contacts, list | tuple)
        else list(require_iterable(contacts, "contacts", "contacts"))
    )
    if not items:
        raise InvalidRequest(
            "contacts: no contacts to send to",
            field="contacts",
            value=0,
            rule="seed 003: at least 1 contact",
        )
    return tuple(
        build_send(
            token=token,
            channel_qualifier=channel_qualifier,
            contacts=items[start : start + batch_size],
            content=content,
            personalization_defaults=personalization_defaults,
            **options,
        )
        for start in range(0, len(items), batch_size)
    )


def plan_send(
    *,
    recipients: Iterable[str | tuple[str, Mapping[str, str] | None]],
    region: str | None = None,
    **send_args: Any,
) -> SendPlan:
    """The whole pre-send path: raw numbers (with their personalization) to send requests.

    Each recipient is a raw number or a ``(raw number, personalization)`` pair. Numbers are
    normalized to digits with the country code (``smscore.prepare_recipients``, ``region`` for
    national numbers), deduplicated (the first occurrence keeps its personalization), rejected
    with reasons, and split into sends of 1000. Other keyword arguments are those of
    :func:`build_send`.

    >>> p = plan_send(pod=1, token="t", channel_qualifier="1", content="PIN %%PIN%%",
    ...               recipients=[("+1 213 555 0123", {"PIN": "1"}), ("12135550123", {"PIN": "2"})])
    >>> p.accepted, len(p.requests), p.duplicates
    (('12135550123',), 1, (('12135550123', '12135550123'),))
    """
    from ._plan import plan

    return plan(recipients, region, send_args)


def build_status(
    *,
    token: str,
    transaction_id: str,
    pod: str | int | None = None,
    base_url: str | None = None,
) -> Request:
    """The status of a send: ``GET /rest/channels/sms/sends/{id}/status`` (id percent-encoded).

    >>> build_status(pod=1, token="t", transaction_id="6adb75b2-158df6e11e8").url
    'https://api-campaign-us-1.goacoustic.com/rest/channels/sms/sends/6adb75b2-158df6e11e8/status'
    """
    url = _base(pod, base_url)
    if not isinstance(transaction_id, str) or not transaction_id.strip():
        raise InvalidRequest(
            f"transaction_id: {transaction_id!r} is not a non-empty string",
            field="transaction_id",
            value=transaction_id,
            rule="seed 003: the transaction id returned by the send",
        )
    try:
        path = PATHS["status"].format(id=percent_encode(transaction_id))
    except UnicodeEncodeError:
        raise InvalidRequest(
            f"transaction_id: {transaction_id!r} is not valid Unicode",
            field="transaction_id",
            value=transaction_id,
            rule="the id is UTF-8 text",
        ) from None
    return Request(
        method="GET",
        url=url + path,
        headers=(("Accept", "application/json"), bearer_auth(token)),
    )


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one conformance vector (operations documented in ``spec/acoustic/README.md``).

    >>> run_vector("status", {"pod": "1", "token": "t", "transaction_id": "x"})["request"]["url"]
    'https://api-campaign-us-1.goacoustic.com/rest/channels/sms/sends/x/status'
    """
    from ._vectors import run

    return run(operation, input)
