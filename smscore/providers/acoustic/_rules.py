"""Acoustic's rules as data (seed 003, providers.md): limits, hosts, paths, the error catalogue
with the seed's exact texts, and the basis of every rule (documented in seed 003 with the
section, or assumed with the reason). ``spec/acoustic/rules.json`` holds :func:`rules_data`;
a test keeps them equal.

This module is the bottom of the package: it imports nothing from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from ...wire import Basis, Rejection

NAME: Final = "acoustic"
TITLE: Final = "Acoustic Campaign SMS External Consent"
SEED: Final = "003"
SEED_FILE: Final = "003_842d9fecd5eaf51f.txt"

_PARAMS: Final = 'seed 003, "Parameters for SmsExternalConsentSendPayload"'
_CODES: Final = 'seed 003, "Response Codes"'

# seed 003, "Parameters for SmsExternalConsentSendPayload": "API accepts max 1000 contacts";
# the 400 text: "at least 1 contact and cannot exceed more than 1000 contacts".
MIN_CONTACTS: Final = 1
MAX_CONTACTS: Final = 1000
# seed 003, "Response Codes": "SMS content exceeds 800 characters". How characters are counted
# is not in the seed: smscore counts UTF-16 code units (an assumption, RULES below).
MAX_CONTENT_CHARS: Final = 800
# seed 003, "How it Works": "Up to 10 concurrent requests are allowed ... when using OAuth".
MAX_CONCURRENT_REQUESTS: Final = 10
# providers.md, Acoustic OAuth token: tokens live 4 h; reuse them and refresh about every 3 h.
TOKEN_LIFETIME_SECONDS: Final = 4 * 3600
TOKEN_REFRESH_AFTER_SECONDS: Final = 3 * 3600
# ITU-T E.164 §6.1: at most 15 digits; seed 003: "Phone Number with Country Code", 19495001234.
MAX_PHONE_DIGITS: Final = 15

# providers.md, "Acoustic pod hosts": the pod number is not the host number: map, never compute.
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

# The documented answers of seed 003, "Response Codes", keyed by our name: the HTTP status
# (Acoustic's code is the status) and the exact text. Placeholders: {tag} the personalization
# tag, {program_id} the SMS program id, {token} the access token (parse_* masks it as "***").
ERRORS: Final[Mapping[str, Mapping[str, Any]]] = {
    "wrong-personalization-tags": {"status": 400, "text": "Wrong personalization tags {tag}"},
    "bad-request": {"status": 400, "text": "Bad request"},
    "program-not-found": {
        "status": 400,
        "text": "SMS Program is inactive or not found with identifier {program_id}.",
    },
    "channel-qualifier-missing": {"status": 400, "text": "Channel qualifier should be present"},
    "content-too-long": {
        "status": 400,
        "text": "The message exceeded the maximum 800 character limit.",
    },
    "content-empty": {"status": 400, "text": "SMS content should be present"},
    "contact-count": {
        "status": 400,
        "text": (
            "Contacts must contain at least 1 contact and cannot exceed more than 1000 contacts."
        ),
    },
    "contact-empty": {
        "status": 400,
        "text": "Contact information is empty. Please provide contact identifier or lookup keys.",
    },
    "token-expired": {
        "status": 401,
        "text": "The access token has expired. Token provided was: {token}",
    },
    "forbidden": {"status": 403, "text": "Forbidden"},
}

# seed 003, "Sample Response Body": one contact of an accepted send fails with this message
# (smsSent false). A per-contact outcome, not an answer to the request.
CONTACT_ERRORS: Final[Mapping[str, str]] = {"invalid-phone-number": "Invalid phone number."}

# An empty 401 body: the seed's "expired" text is claimed only when the body says so.
UNAUTHORIZED_TEXT: Final = "Unauthorized"

# providers.md, Acoustic status: an HTTP 200 carrying this text means "not ready yet (or unknown
# id)": pending, not failure.
STATUS_NOT_FOUND_TEXT: Final = (
    "Transaction status not found. Please try your request again in a few minutes."
)

# seed 003 ("Hey %%FIRST NAME%%!") and providers.md: tags are %%FIELD NAME%%, spaces allowed.
# A tag never spans a line and holds no '%'.
TAG_RE: Final = re.compile(r"%%([^%\r\n]+)%%")

#: The basis of every rule smscore applies to Acoustic, by rule name (the ERRORS and
#: CONTACT_ERRORS keys, and the limits and shapes).
RULES: Final[Mapping[str, Basis]] = {
    # -- whole-request rejections (the ERRORS keys) --
    "wrong-personalization-tags": Basis.documented(
        f'{_CODES}, "Personalization tag does not match DB field name" (parsed, never '
        "predicted: which database fields exist is not known before sending; a tag with no "
        "value and no default is advice)"
    ),
    "bad-request": Basis.documented(f'{_CODES}, "Improper JSON format"'),
    "program-not-found": Basis.documented(
        f'{_CODES}, "Invalid SMS program ID" and "SMS program is inactive" (predicted only '
        "against the known_programs you give)"
    ),
    "channel-qualifier-missing": Basis.documented(f'{_CODES}, "SMS program is empty"'),
    "content-too-long": Basis.documented(f'{_CODES}, "SMS content exceeds 800 characters"'),
    "content-empty": Basis.documented(f'{_CODES}, "SMS content is empty"'),
    "contact-count": Basis.documented(
        f'{_CODES}, "Contact array has more than 1000 contacts"; {_PARAMS}, Contacts'
    ),
    "contact-empty": Basis.documented(
        f'{_CODES}, "API call does not include a Contact ID or Contact Lookup"'
    ),
    "token-expired": Basis.documented(f'{_CODES}, "Expired access token"'),
    "forbidden": Basis.documented(f'{_CODES}, "SMS is not enabled for Org, database or user"'),
    # -- per-contact outcome --
    "invalid-phone-number": Basis.assumed(
        "the seed's status sample fails one contact of an accepted send with \"Invalid phone "
        'number." (smsSent false) for "1×833920903", a number with a non-digit; the seed asks '
        "for the phone number with the country code (19495001234); smscore predicts the same "
        "for any phone that is not 1-15 ASCII digits (15: the E.164 maximum)",
        source='seed 003, "Sample Response Body"; ITU-T E.164 §6.1',
    ),
    # -- limits and counting --
    "content-units": Basis.assumed(
        "the seed says 800 characters without saying how they are counted; smscore counts "
        "UTF-16 code units (Java's String.length(), which counts an emoji as 2), the strictest "
        "common reading; the advice names the code-point and segment readings when they differ",
        source="providers.md",
    ),
    "blank-channel-qualifier": Basis.assumed(
        "a channelQualifier of spaces only is treated as empty (the seed says 'empty')"
    ),
    "content-id": Basis.assumed(
        "content is optional when contentId is given (providers.md), so a missing content is "
        "predicted only without a contentId",
        source="providers.md",
    ),
    "bad-request-types": Basis.assumed(
        "a field of the wrong JSON type (contacts not a list, content a number) is 'improper "
        "JSON format' too"
    ),
    "max-concurrent-requests": Basis.documented('seed 003, "How it Works": up to 10 concurrent'),
    "contact-identifiers": Basis.assumed(
        'the seed says "Use Contact ID or Contact Lookup" and "provide contact identifier or '
        'lookup keys" but shows no field names: smscore writes {"contactId": "..."} and '
        '{"contactLookup": [{"name": ..., "value": ...}]}',
        source='seed 003, "Parameters for SmsExternalConsentSendPayload", Contacts',
    ),
    "personalization-tags": Basis.documented(f'{_PARAMS}, Content: "Hey %%FIRST NAME%%!"'),
    "unauthorized-empty-body": Basis.assumed(
        'an empty 401 says only "unauthorized": the seed\'s "The access token has expired" '
        "is reported only when the body says so"
    ),
    "token-lifetime": Basis.assumed(
        "tokens live 4 h and are refreshed about every 3 h", source="providers.md"
    ),
    "pod-hosts": Basis.assumed("the pod host map (map, never compute)", source="providers.md"),
    "paths": Basis.assumed(
        "the seed's POST /channels/sms/sends is the consent-checked endpoint copied by mistake; "
        "the external-consent send is /rest/channels/sms/externalconsentsends",
        source="providers.md",
    ),
    "status-pending": Basis.assumed(
        'HTTP 200 with "Transaction status not found..." means not ready yet (or an unknown '
        "id): pending, not failure",
        source="providers.md",
    ),
}


def rejection(key: str, field: str, **fill: str) -> Rejection:
    """The predicted whole-request rejection ``key`` (an :data:`ERRORS` key) with its basis."""
    entry = ERRORS[key]
    text: str = entry["text"]
    return Rejection(
        provider=NAME,
        code=str(entry["status"]),
        message=text.format(**fill) if fill else text,
        status=entry["status"],
        field=field,
        basis=RULES[key],
    )


def contact_rejection(key: str, field: str) -> Rejection:
    """The predicted failure of one contact (a :data:`CONTACT_ERRORS` key): no HTTP status,
    the request itself is accepted (202) and only this contact gets ``smsSent: false``."""
    return Rejection(
        provider=NAME,
        code=key,
        message=CONTACT_ERRORS[key],
        status=None,
        field=field,
        basis=RULES[key],
    )


def rules_data() -> dict[str, Any]:
    """The rules as JSON-ready data: what ``spec/acoustic/rules.json`` holds."""
    return {
        "name": NAME,
        "title": TITLE,
        "seed": SEED_FILE,
        "min_contacts": MIN_CONTACTS,
        "max_contacts": MAX_CONTACTS,
        "max_content_chars": MAX_CONTENT_CHARS,
        "max_phone_digits": MAX_PHONE_DIGITS,
        "max_concurrent_requests": MAX_CONCURRENT_REQUESTS,
        "token_lifetime_seconds": TOKEN_LIFETIME_SECONDS,
        "token_refresh_after_seconds": TOKEN_REFRESH_AFTER_SECONDS,
        "pod_hosts": dict(POD_HOSTS),
        "paths": dict(PATHS),
        "errors": {key: {**entry, "basis": RULES[key].to_data()} for key, entry in ERRORS.items()},
        "contact_errors": {
            key: {"text": text, "basis": RULES[key].to_data()}
            for key, text in CONTACT_ERRORS.items()
        },
        "unauthorized_text": UNAUTHORIZED_TEXT,
        "status_not_found_text": STATUS_NOT_FOUND_TEXT,
        "rules": {key: basis.to_data() for key, basis in RULES.items()},
    }
