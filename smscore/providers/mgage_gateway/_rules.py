"""The mGage Gateway API 2.0's rules as data (seed 000), each with its basis.

Everything the seed states (parameters, defaults, the 250-number batch, every status code
with its exact text) is written here once; ``spec/mgage-gateway/rules.json`` holds the same
data (a test keeps them equal). Each predicted status has a :class:`Rule`: the input field
that causes it and its :class:`~smscore.wire.Basis`, ``documented`` (the seed states the rule;
the source names the section) or ``assumed`` (the seed is silent; the reason says why we
predict it anyway). Nothing here imports another smscore module but :mod:`smscore.wire`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from ...wire import Basis

__all__ = [
    "COUNTRIES",
    "DEFAULTS",
    "LENGTH_READING",
    "MAX_MESSAGE_UNITS",
    "MAX_NUMBERS",
    "MESSAGE_TYPES",
    "NAME",
    "PARAMETERS",
    "RULES",
    "SEED",
    "SEED_FILE",
    "STATUS_TEXTS",
    "TITLE",
    "YES_NO",
    "GatewayStatus",
    "Rule",
    "rules_data",
]

NAME: Final = "mgage-gateway"
TITLE: Final = "mGage Gateway API 2.0"
SEED: Final = "000"
SEED_FILE: Final = "000_6ff3efa4cc1944d8.txt"

#: seed 000, "Considerations": "You can batch up to 250 numbers in a single API call".
MAX_NUMBERS: Final = 250
#: seed 000, status 107 "should be < 160" but allow_long_messages says "exceed 160 characters":
#: 160 is allowed (providers.md). Counted in UTF-16 code units: an assumption (see RULES["107"]).
MAX_MESSAGE_UNITS: Final = 160
#: seed 000, "Request Parameters", in the order of the seed's sample request.
PARAMETERS: Final = (
    "message",
    "message_billed",
    "message_type",
    "numbers",
    "spoof_from",
    "program_id",
    "allow_long_messages",
)
#: seed 000, "Request Parameters": message_billed "Set this to 'no'", message_type "Set this
#: to 'sms'"; allow_long_messages "When not specified, the gateway assumes 'no'".
DEFAULTS: Final[Mapping[str, str]] = {
    "message_billed": "no",
    "message_type": "sms",
    "allow_long_messages": "no",
}
#: seed 000, status 105: "currently supported country codes are: 'US' or 'UK'".
COUNTRIES: Final = ("US", "UK")
#: seed 000, status 104. "sms" is the only type the seed names ("Set this to 'sms'");
#: pass message_types= to widen it.
MESSAGE_TYPES: Final = ("sms",)
#: seed 000, statuses 106 and 114: "should be “yes” or “no”".
YES_NO: Final = ("yes", "no")

#: seed 000, "Status Codes": every code with the seed's exact text (typographic quotes and
#: dashes as the seed prints them; the server's bytes may differ, so a status is identified by
#: its number). ``{0}``/``{1}`` are filled as the server would.
STATUS_TEXTS: Final[Mapping[str, str]] = {
    "0": "Request accepted onto the platform.",
    "1": "Send failed. Please contact support.",
    "104": "Invalid message type: ‘{0}’",
    "105": "Country code not valid – currently supported country codes are: ‘US’ or ‘UK’, "
    "supplied: ‘{0}’",
    "106": "Message billed not set correctly – should be “yes” or “no”.",
    "107": "Too many characters in message – should be < 160, found {0}.",
    "108": "Message must not be empty.",
    "109": "You must specify at least one recipient.",
    "111": "No valid numbers to send to!",
    "112": "Too many numbers in request – max. {0}, received: {1}.",
    "113": "Number found twice in request – please only supply each number once per request!",
    "114": "Parameter allow_long_messages not set correctly – should be “yes” or “no”.",
    "201": "Spoof must be set when sending unbilled messages.",
}


class GatewayStatus(StrEnum):
    """The gateway's status codes (seed 000, "Status Codes"); compares equal to the code."""

    ACCEPTED = "0"
    SEND_FAILED = "1"
    INVALID_MESSAGE_TYPE = "104"
    INVALID_COUNTRY = "105"
    INVALID_MESSAGE_BILLED = "106"
    MESSAGE_TOO_LONG = "107"
    EMPTY_MESSAGE = "108"
    NO_RECIPIENT = "109"
    NO_VALID_NUMBERS = "111"
    TOO_MANY_NUMBERS = "112"
    DUPLICATE_NUMBER = "113"
    INVALID_ALLOW_LONG_MESSAGES = "114"
    SPOOF_REQUIRED = "201"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One predicted status: its ``code``, the input ``field`` that causes it, its ``basis``
    and the ``trigger`` in words (what smscore checks)."""

    code: str
    field: str
    trigger: str
    basis: Basis

    def to_data(self) -> dict[str, Any]:
        """rules.json's form of the rule."""
        return {
            "code": self.code,
            "field": self.field,
            "trigger": self.trigger,
            "basis": self.basis.to_data(),
        }


def _doc(section: str) -> Basis:
    return Basis.documented(f"seed 000, {section}")


_UNITS_REASON: Final = (
    "the seed says neither how the length is counted nor whether 160 itself passes "
    '("should be < 160" in 107, "exceed 160 characters" in allow_long_messages): smscore '
    "counts UTF-16 code units (servers commonly count string length so) and allows 160; "
    "the other readings (code points, SMS segments) are given as advice where they differ"
)

#: Every status smscore predicts before sending, in the order :func:`check_send` reports them.
RULES: Final[Mapping[str, Rule]] = {
    "105": Rule(
        code="105",
        field="country",
        trigger="the country setting is not 'US' or 'UK'",
        basis=Basis.assumed(
            "no request parameter carries a country (the seed gives 105 no trigger): the "
            "country setting picks the US or UK instance's URL, and 105's text lists 'US' "
            "and 'UK' as the supported countries, so smscore refuses any other",
            source="smscore",
        ),
    ),
    "104": Rule(
        code="104",
        field="message_type",
        trigger="message_type is not one of message_types (default: 'sms')",
        basis=_doc('"Request Parameters", message_type "Set this to \'sms\'"; "Status Codes", 104'),
    ),
    "106": Rule(
        code="106",
        field="message_billed",
        trigger="message_billed is not 'yes' or 'no'",
        basis=_doc('"Status Codes", 106'),
    ),
    "114": Rule(
        code="114",
        field="allow_long_messages",
        trigger="allow_long_messages is given and is not 'yes' or 'no'",
        basis=_doc('"Status Codes", 114'),
    ),
    "201": Rule(
        code="201",
        field="spoof_from",
        trigger="message_billed is 'no' and spoof_from is absent or empty",
        basis=_doc('"Status Codes", 201'),
    ),
    "108": Rule(
        code="108",
        field="message",
        trigger="the message is empty",
        basis=_doc('"Status Codes", 108'),
    ),
    "107": Rule(
        code="107",
        field="message",
        trigger="the message is over 160 UTF-16 code units and allow_long_messages is not 'yes'",
        basis=Basis.assumed(_UNITS_REASON, source="providers.md"),
    ),
    "109": Rule(
        code="109",
        field="numbers",
        trigger="no number at all",
        basis=_doc('"Status Codes", 109'),
    ),
    "111": Rule(
        code="111",
        field="numbers",
        trigger="no number is digits with a country code",
        basis=_doc(
            '"Request Parameters", numbers "may not contain any non-numeric characters and '
            'must include the country code"; "Status Codes", 111'
        ),
    ),
    "112": Rule(
        code="112",
        field="numbers",
        trigger="a request carries more than 250 numbers",
        basis=_doc('"Considerations", "batch up to 250 numbers"; "Status Codes", 112'),
    ),
    "113": Rule(
        code="113",
        field="numbers",
        trigger="a request carries a number twice (only when dedup is off)",
        basis=_doc('"Request Parameters", numbers "250 unique numbers"; "Status Codes", 113'),
    ),
}

#: Issue 10 point 7: how the 160 limit's "characters" are read, and the readings offered.
LENGTH_READING: Final[Mapping[str, Any]] = {
    "assumed": "utf-16 code units",
    "alternatives": ["code points", "segments"],
    "basis": RULES["107"].basis.to_data(),
}


def rules_data() -> dict[str, Any]:
    """The rules as ``spec/mgage-gateway/rules.json`` holds them."""
    return {
        "name": NAME,
        "title": TITLE,
        "seed": SEED_FILE,
        "max_numbers": MAX_NUMBERS,
        "max_message_units": MAX_MESSAGE_UNITS,
        "length_reading": dict(LENGTH_READING),
        "parameters": list(PARAMETERS),
        "defaults": dict(DEFAULTS),
        "countries": list(COUNTRIES),
        "message_types": list(MESSAGE_TYPES),
        "yes_no": list(YES_NO),
        "status_texts": dict(STATUS_TEXTS),
        "rules": {code: rule.to_data() for code, rule in RULES.items()},
    }
