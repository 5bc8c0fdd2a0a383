"""Filter dates for the mGage export (seed 001): YYYY-MM-DDTHH:MM:SS, GMT, the one-year window."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ...errors import InvalidRequest
from ._rules import DATE_FORMAT, MAX_WINDOW_YEARS, RULES

__all__ = [
    "DATE_FORMAT",
    "MAX_WINDOW_YEARS",
    "fmt",
    "one_year_after",
    "one_year_before",
    "parse_filter_date",
]

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def parse_filter_date(value: object, field: str) -> tuple[str, datetime]:
    """``(text, naive GMT datetime)`` for a filter date, or InvalidRequest naming ``field``."""
    rule = RULES["date-format"].describe()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        value = value.replace(microsecond=0)
        return fmt(value), value
    if isinstance(value, str):
        if _DATE_RE.fullmatch(value):
            try:
                return value, datetime.strptime(value, DATE_FORMAT)
            except ValueError:
                pass
        raise InvalidRequest(
            f"{field} must be a real date in the form YYYY-MM-DDTHH:MM:SS, got {value!r}",
            field=field,
            value=value,
            rule=rule,
        )
    raise InvalidRequest(
        f"{field} must be a datetime or a str, got {type(value).__name__}",
        field=field,
        value=value,
        rule=rule,
    )


def fmt(value: datetime) -> str:
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )


def shift_years(value: datetime, years: int) -> datetime:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # Feb 29 -> Feb 28; a year past 9999 stays at the end of time
        if value.month == 2 and value.day == 29:
            return value.replace(year=value.year + years, day=28)
        return datetime.max if years > 0 else datetime.min


def one_year_after(start: datetime) -> datetime:
    return shift_years(start, MAX_WINDOW_YEARS)


def one_year_before(now: datetime) -> datetime:
    return shift_years(now, -MAX_WINDOW_YEARS)
