"""The caller's side of a gateway send (seed 000): credentials and settings, checked once.

A setting no request can carry (a wrong type, an endpoint that is not a URL, a batch size of
0) is the caller's configuration error: :class:`~smscore.errors.InvalidRequest` naming the
field. A value the gateway would refuse (message_billed ``"maybe"``) is kept as given, so
the check can predict the gateway's status for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ... import wire
from ...errors import InvalidRequest
from .._common import NUMBER_POLICIES
from .._guard import BasicCredentials, require_str_collection
from ._rules import COUNTRIES, MAX_NUMBERS

__all__ = ["Credentials", "Settings", "check_endpoint", "read_settings", "require_text", "yes_no"]


class Credentials(BasicCredentials):
    """The gateway's HTTP Basic credentials, from Provisioning (seed 000, "Obtaining SMS API
    credentials"). Checked here (UTF-8 text, no control character, no ``:`` in the username:
    RFC 7617); an error names the field, never the value; ``repr`` shows neither.

    >>> Credentials("acme", "s3cret")
    Credentials(username='***', password='***')
    """

    __slots__ = ()


def yes_no(value: object, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    raise InvalidRequest(
        f"{field} must be a bool, 'yes', 'no' or None, got {value!r}",
        field=field,
        value=value,
        rule="seed 000: a yes/no parameter",
    )


def require_text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and field == "program_id":
        value = str(value)
    if not isinstance(value, str):
        raise InvalidRequest(
            f"{field} must be a str, got {type(value).__name__}",
            field=field,
            value=value,
            rule="text parameter",
        )
    if not allow_empty and not value.strip():
        raise InvalidRequest(
            f"{field} must not be empty, got {value!r}",
            field=field,
            value=value,
            rule=f"seed 000: {field} is required",
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRequest(
            f"{field} contains a lone surrogate and cannot be sent as UTF-8, got {value!r}",
            field=field,
            value=value,
            rule="parameters are UTF-8 percent-encoded",
        ) from None
    return value


def check_endpoint(endpoint: object, country: str, countries: tuple[str, ...]) -> str:
    if not isinstance(endpoint, str) or not endpoint:
        raise InvalidRequest(
            "endpoint is required: the gateway URL received with your credentials "
            f"(not public; never guessed), got {endpoint!r}",
            field="endpoint",
            value=endpoint,
            rule="providers.md: the mGage Gateway URL is a required setting per region",
        )
    parts = wire.split_url(endpoint, "endpoint")
    if "@" in parts.netloc:  # user:password@host: a secret in every URL; never echoed
        raise InvalidRequest(
            "endpoint must not carry credentials (user:password@host): the gateway takes "
            "HTTP Basic credentials (Credentials), and a URL is logged (value not shown)",
            field="endpoint",
            rule="seed 000: HTTP Basic authentication",
        )
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise InvalidRequest(
            f"endpoint must be an absolute http(s) URL with no query or fragment, got {endpoint!r}",
            field="endpoint",
            value=endpoint,
            rule="the query string carries the parameters",
        )
    # seed 000: "UK instance users have a different request format that uses '-uk' in the URL".
    if country in countries and ("-uk" in endpoint.lower()) != (country == "UK"):
        raise InvalidRequest(
            f"endpoint {endpoint!r} does not match country {country!r}: the UK instance's URL "
            "contains '-uk' and the US instance's does not",
            field="endpoint",
            value=endpoint,
            rule="seed 000: UK requests use '-uk' in the URL",
        )
    return endpoint


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """The settings of one send, checked: every value text as the request carries it."""

    program_id: str
    sender: str | None
    allow_long: str | None
    billed: str
    message_type: str
    country: str
    endpoint: str | None
    region: str | None
    dedup: bool
    batch_size: int | None
    numbers: str
    message_types: tuple[str, ...]
    defaults: Any

    def to_data(self) -> dict[str, Any]:
        """The settings shown on the plan (no credential is a setting)."""
        return {
            "endpoint": self.endpoint,
            "program_id": self.program_id,
            "spoof_from": self.sender,
            "message_billed": self.billed,
            "message_type": self.message_type,
            "allow_long_messages": self.allow_long,
            "country": self.country,
            "region": self.region,
            "dedup": self.dedup,
            "batch_size": self.batch_size,
            "numbers": self.numbers,
        }


def _check_batch_size(batch_size: object) -> int | None:
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
    ):
        raise InvalidRequest(
            f"batch_size must be a positive int or None, got {batch_size!r}",
            field="batch_size",
            value=batch_size,
            rule=f"seed 000: up to {MAX_NUMBERS} numbers per call",
        )
    return batch_size


def _check_defaults(defaults: object) -> Any:
    if defaults is None or isinstance(defaults, Mapping):
        return defaults
    if isinstance(defaults, Sequence) and not isinstance(defaults, str | bytes | bytearray):
        return defaults
    raise InvalidRequest(
        f"defaults must be a mapping (tags), a sequence (positional) or None, "
        f"got {type(defaults).__name__}",
        field="defaults",
        value=type(defaults).__name__,
        rule="defaults have the shape of a recipient's values",
    )


def read_settings(
    *,
    sender: object,
    region: object,
    program_id: object,
    endpoint: object,
    allow_long_messages: object,
    message_billed: object,
    message_type: object,
    country: object,
    dedup: object,
    batch_size: object,
    numbers: object,
    message_types: object,
    defaults: object,
) -> Settings:
    """Check every setting; InvalidRequest (naming the field) for what no request can carry."""
    program = require_text(program_id, "program_id")
    mtype = require_text(message_type, "message_type", allow_empty=True)
    where = require_text(country, "country", allow_empty=True)
    spoof = None if sender is None else require_text(sender, "spoof_from", allow_empty=True)
    if message_billed is None:  # seed 000: message_billed is required ("Set this to 'no'")
        raise InvalidRequest(
            "message_billed must be a bool, 'yes' or 'no', got None",
            field="message_billed",
            rule="seed 000: message_billed is a required yes/no parameter",
        )
    billed = require_text(
        yes_no(message_billed, "message_billed"), "message_billed", allow_empty=True
    )
    allow_long = yes_no(allow_long_messages, "allow_long_messages")
    if allow_long is not None:
        require_text(allow_long, "allow_long_messages", allow_empty=True)
    types = tuple(require_str_collection(message_types, "message_types", "message types"))
    if region is not None and not isinstance(region, str):
        raise InvalidRequest(
            f"region must be a str (a region such as 'US') or None, got {type(region).__name__}",
            field="region",
            value=type(region).__name__,
            rule="region reads national numbers",
        )
    if not isinstance(dedup, bool):
        raise InvalidRequest(
            f"dedup must be a bool, got {type(dedup).__name__}",
            field="dedup",
            value=dedup,
            rule="dedup is true or false",
        )
    if numbers not in NUMBER_POLICIES:
        raise InvalidRequest(
            f"numbers must be one of {', '.join(NUMBER_POLICIES)}, got {numbers!r}",
            field="numbers",
            value=numbers if isinstance(numbers, str) else type(numbers).__name__,
            rule="numbers= says how strictly recipients are read",
        )
    url = None if endpoint is None else check_endpoint(endpoint, where, COUNTRIES)
    return Settings(
        program_id=program,
        sender=spoof,
        allow_long=allow_long,
        billed=billed,
        message_type=mtype,
        country=where,
        endpoint=url,
        region=region,
        dedup=dedup,
        batch_size=_check_batch_size(batch_size),
        numbers=str(numbers),
        message_types=types,
        defaults=_check_defaults(defaults),
    )
