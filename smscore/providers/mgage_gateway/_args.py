"""Argument checks shared by the mGage modules (seed 000): text, yes/no, the endpoint."""

from __future__ import annotations

from urllib.parse import urlsplit

from ...errors import InvalidRequest

__all__ = ["check_endpoint", "require_text", "yes_no"]


def yes_no(value: bool | str | None, field: str) -> str | None:
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
    parts = urlsplit(endpoint)
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
