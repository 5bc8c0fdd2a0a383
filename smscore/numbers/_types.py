"""Line types in the same match that decides validity (``number_type`` without a second parse).

``phonenumberutil._number_type_helper`` tries a region's number descriptions in a fixed
order (premium rate, toll free, shared cost, VoIP, personal number, pager, UAN, voicemail,
fixed line, mobile) after the general description, each only when its possible lengths
hold the number's length. :func:`typed_validator` writes that walk for one region and one
length as one regular expression: the general pattern as a lookahead, then one named
alternative per type in the helper's order, each anchored at the end. The alternation
takes the first type that matches, and ``Match.lastindex`` (the outermost group closed
last) names it. A number valid for the region is exactly one that matches, so the fast
path gets validity and type from one match.
"""

from __future__ import annotations

import re
from typing import Any, Final

__all__ = [
    "LINE_TYPES",
    "NO_SMS_LINE_TYPES",
    "TYPE_ATTRS",
    "Typed",
    "type_alternatives",
    "typed_validator",
]

# The number types _number_type_helper tries before fixed line and mobile, in its order.
TYPE_ATTRS: Final = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)
# Every phonenumbers.PhoneNumberType name in lower case, as NumberCheck.line_type gives it.
LINE_TYPES: Final = (
    "fixed_line",
    "mobile",
    "fixed_line_or_mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "unknown",
)

# phonenumbers.PhoneNumberType names (lower snake case) of lines that usually cannot
# receive an SMS: landlines (fixed_line; fixed_line_or_mobile may be a mobile and is not
# here), free and premium service numbers, shared-cost and universal access numbers
# (routed to a service, not a handset), pagers and voicemail. mobile, voip and
# personal_number lines often can; unknown is the caller's call.
NO_SMS_LINE_TYPES: Final[frozenset[str]] = frozenset(
    {"fixed_line", "toll_free", "premium_rate", "shared_cost", "pager", "uan", "voicemail"}
)

# (pattern, group number -> type name); a match means valid, and names the type.
Typed = tuple[re.Pattern[str], tuple[str, ...]]
_NEVER: Final[Typed] = (re.compile("(?!)"), ())


def _allows(desc: Any, n: int) -> bool:
    # _is_number_matching_desc before its pattern: a pattern, and the length allowed
    return (
        desc is not None
        and bool(desc.national_number_pattern)
        and (not desc.possible_length or n in desc.possible_length)
    )


def type_alternatives(meta: Any, n: int) -> list[tuple[str, str]]:
    """``_number_type_helper``'s walk for national numbers of length ``n``: (type, pattern)
    in the order it tries them (empty when the general description rules the length out).

    Fixed line and mobile: a number both patterns take is fixed_line_or_mobile (tried
    first, as the helper asks the mobile pattern only after fixed line matched), then
    fixed line, then mobile (skipped when the region's patterns are the same, where fixed
    line means fixed_line_or_mobile).
    """
    general = meta.general_desc
    alts: list[tuple[str, str]] = []
    if _allows(general, n):
        for attr in TYPE_ATTRS:
            desc = getattr(meta, attr)
            if _allows(desc, n):
                alts.append((attr, desc.national_number_pattern))
        same = meta.same_mobile_and_fixed_line_pattern
        fixed = meta.fixed_line.national_number_pattern if _allows(meta.fixed_line, n) else None
        mobile = (
            meta.mobile.national_number_pattern if not same and _allows(meta.mobile, n) else None
        )
        if fixed is not None and same:
            alts.append(("fixed_line_or_mobile", fixed))
        elif fixed is not None:
            if mobile is not None:
                # both patterns, the fixed-line one first: it fails at once on a mobile
                alts.append(("fixed_line_or_mobile", f"(?=(?:{fixed})\\Z)(?:{mobile})"))
            alts.append(("fixed_line", fixed))
        if mobile is not None:
            alts.append(("mobile", mobile))
    return alts


def typed_validator(meta: Any, n: int) -> Typed:
    """``_number_type_helper(nsn, meta)`` for national numbers of length ``n``, as one match.

    >>> from phonenumbers import PhoneMetadata
    >>> pattern, kinds = typed_validator(PhoneMetadata.metadata_for_region("GB"), 10)
    >>> kinds[pattern.match("7400123456").lastindex], kinds[pattern.match("2079460958").lastindex]
    ('mobile', 'fixed_line')
    """
    general = meta.general_desc
    alts = type_alternatives(meta, n)
    if not alts:
        return _NEVER
    body = "|".join(f"(?P<t{k}>(?:{p})\\Z)" for k, (_, p) in enumerate(alts))
    pattern = re.compile(f"(?=(?:{general.national_number_pattern})\\Z)(?:{body})")
    kinds = [""] * (pattern.groups + 1)
    for name, index in pattern.groupindex.items():
        if name[:1] == "t" and name[1:].isdigit():
            kinds[index] = alts[int(name[1:])][0]
    return (pattern, tuple(kinds))
