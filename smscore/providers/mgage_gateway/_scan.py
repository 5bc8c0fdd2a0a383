"""Tolerant reading of the mGage Gateway's undocumented response body (seed 000).

The seed lost the response block ("The following recipient block will repeat for each number
that you sent to:"), and no public source shows it. providers.md: parse tolerantly, XML with one
element per recipient carrying number and status code, falling back to scanning text for codes.
This module turns a body into ``(number | None, code, text | None)`` blocks in document order;
``mgage_gateway.parse_send`` decides what they mean. It never raises: a body it cannot read
gives no blocks.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Final, NoReturn
from xml.etree import ElementTree
from xml.parsers import expat

Block = tuple[str | None, str, str | None]

# Key spellings seen in SMS gateway responses, compared without case, '_' or '-'.
_NUMBER_KEYS: Final = frozenset(
    {
        "number",
        "numbers",
        "msisdn",
        "mobile",
        "mobilenumber",
        "phone",
        "phonenumber",
        "recipient",
        "destination",
        "to",
        "address",
    }
)
_CODE_KEYS: Final = (
    "statuscode",
    "code",
    "status",
    "resultcode",
    "result",
    "errorcode",
    "responsecode",
)
_TEXT_KEYS: Final = (
    "statustext",
    "statusmessage",
    "message",
    "text",
    "description",
    "reason",
    "detail",
    "details",
    "errormessage",
    "error",
    "status",
)

# Every run of whitespace is matched possessively (``\s*+``, Python 3.11): what follows it is
# never whitespace, so giving characters back could not help a match, and backtracking into
# two adjacent runs made a line of digits, spaces and a letter quadratic (issue 12).
_CODE_RE: Final = re.compile(r"\s*+(\d{1,4})\s*+")
_DIGITS_RE: Final = re.compile(r"\D")
_KEYED_CODE_RE: Final = re.compile(
    r"(?i)\b(?:status[ _-]?code|status|code|result)\b\s*+[:=]\s*+[\"']?(\d{1,4})(?!\d)"
)
# number, then a separator: whitespace alone, or one of , ; : | = with optional whitespace
_NUMBER_THEN_CODE_RE: Final = re.compile(
    r"(?<!\d)\+?(\d{7,15})(?:\s*+[,;:|=]\s*+|\s++)[\"']?(\d{1,4})(?!\d)"
)
_LONG_DIGITS_RE: Final = re.compile(r"(?<!\d)\+?(\d{7,15})(?!\d)")
_LEADING_CODE_RE: Final = re.compile(r"^\s*+(\d{1,4})\s*+[:\-–.)]\s+\S")
_MAX_DEPTH: Final = 64


def _key(name: str) -> str:
    if "}" in name:  # an XML namespace: {uri}local
        name = name.rsplit("}", 1)[1]
    return name.lower().replace("_", "").replace("-", "")


def _plain(text: str) -> str:
    """Typographic quotes and dashes to ASCII, lower case, single spaces: for matching texts."""
    table = {0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-"}
    return " ".join(text.translate(table).lower().split())


def _block_from_fields(fields: Mapping[str, str]) -> Block | None:
    code: str | None = None
    code_key = ""
    for key in _CODE_KEYS:
        value = fields.get(key)
        if value is not None:
            match = _CODE_RE.fullmatch(value)
            if match:
                code, code_key = match.group(1), key
                break
    if code is None:
        return None
    number: str | None = None
    for key, value in fields.items():
        if key in _NUMBER_KEYS:
            digits = _DIGITS_RE.sub("", value)
            if 6 <= len(digits) <= 15:
                number = digits
                break
    text: str | None = None
    for key in _TEXT_KEYS:
        value = fields.get(key)
        if key != code_key and value and value.strip() and not _CODE_RE.fullmatch(value):
            text = value.strip()
            break
    return (number, code, text)


def _xml_walk(element: ElementTree.Element, depth: int, out: list[Block]) -> None:
    # An element's fields: its attributes, its own text when it is a leaf, and the text and
    # attributes of leaf children whose tag is not repeated (a repeated tag is a list).
    fields: dict[str, str] = {_key(k): v for k, v in element.attrib.items()}
    children = list(element)
    if not children and element.text and element.text.strip():
        fields.setdefault(_key(element.tag), element.text.strip())
    counts = Counter(_key(c.tag) for c in children)
    descend: list[ElementTree.Element] = []
    for child in children:
        if len(child) == 0 and counts[_key(child.tag)] == 1:
            fields.setdefault(_key(child.tag), (child.text or "").strip())
            for k, v in child.attrib.items():
                fields.setdefault(_key(k), v)
        else:
            descend.append(child)
    block = _block_from_fields(fields)
    if block is not None and block[0] is not None:
        out.append(block)  # a recipient block: number and code
        return
    before = len(out)
    if depth < _MAX_DEPTH:
        for child in descend:
            _xml_walk(child, depth + 1, out)
    if block is not None and len(out) == before:
        out.append(block)  # a status with no number and no recipient blocks under it


class _Refused(Exception):
    """A DTD in the body: refused wherever it is (no entity is ever declared or expanded)."""


def _refuse(*_args: object) -> NoReturn:
    raise _Refused


def _xml_root(text: str) -> ElementTree.Element | None:
    """The document's root element, or ``None`` for a body that is not XML or declares a DTD.

    expat with every DTD hook refusing: a ``<!DOCTYPE`` anywhere (after a long comment too)
    stops the parse before any entity is declared, so no internal entity is expanded (billion
    laughs) and no external one fetched. Without a DTD an entity other than the five XML
    predefines is an expat error. Lighter than defusedxml (no dependency, same expat, and the
    tree is built by the C ``TreeBuilder``).
    """
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(text, True)
        return builder.close()
    except (_Refused, expat.ExpatError, ValueError, RecursionError, AssertionError):
        # AssertionError: TreeBuilder.close() on a document with no element
        return None


def _xml_blocks(text: str) -> list[Block]:
    root = _xml_root(text)
    if root is None:
        return []
    blocks: list[Block] = []
    _xml_walk(root, 0, blocks)
    return blocks


def _json_scalar(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        return str(value)
    return None


def _json_walk(node: Any, depth: int, out: list[Block]) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            _json_walk(item, depth + 1, out)
        return
    if not isinstance(node, dict):
        return
    fields: dict[str, str] = {}
    nested: list[Any] = []
    for k, v in node.items():
        scalar = _json_scalar(v)
        if scalar is not None:
            fields.setdefault(_key(str(k)), scalar)
        elif isinstance(v, dict):
            # one level of nesting: {"status": {"code": 0, "text": "..."}}
            for k2, v2 in v.items():
                inner = _json_scalar(v2)
                if inner is not None:
                    fields.setdefault(_key(str(k2)), inner)
            nested.append(v)
        elif isinstance(v, list):
            nested.append(v)
    block = _block_from_fields(fields)
    if block is not None and block[0] is not None:
        out.append(block)
        return
    before = len(out)
    for item in nested:
        _json_walk(item, depth + 1, out)
    if block is not None and len(out) == before:
        out.append(block)


def _rest(line: str, end: int) -> str | None:
    rest = line[end:].lstrip(" \t,;:|=-–.)\"'").rstrip()
    return rest if any(c.isalpha() for c in rest) else None


def _text_blocks(text: str, known: Mapping[str, str]) -> Iterator[Block]:
    """Scan text line by line for a status code: keyed, after a number, or a known text."""
    for line in text.splitlines():
        if not line.strip():
            continue
        number: str | None = None
        code: str | None = None
        rest: str | None = None
        pair = _NUMBER_THEN_CODE_RE.search(line)
        keyed = _KEYED_CODE_RE.search(line)
        leading = _LEADING_CODE_RE.match(line)
        if keyed:
            code, rest = keyed.group(1), _rest(line, keyed.end())
        elif pair:
            number, code, rest = pair.group(1), pair.group(2), _rest(line, pair.end())
        elif leading:
            code, rest = leading.group(1), _rest(line, leading.end(1))
        else:
            plain = _plain(line)
            for known_code, prefix in known.items():
                if prefix and prefix in plain:
                    code, rest = known_code, line.strip()
                    break
        if code is None:
            continue
        if number is None:
            long_digits = _LONG_DIGITS_RE.search(line)
            number = long_digits.group(1) if long_digits else None
        yield (number, code, rest)


def scan(text: str, known_texts: Mapping[str, str]) -> list[Block]:
    """Every status block in ``text``: XML first, then JSON, then a line scan.

    ``known_texts`` maps each status code to its text (placeholders allowed): a line that
    carries a known text without a code is read as that code.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        blocks = _xml_blocks(stripped)
        if blocks:
            return blocks
    if stripped[:1] in ("{", "["):
        blocks = []
        try:
            _json_walk(json.loads(stripped), 0, blocks)
        except (ValueError, RecursionError):
            blocks = []
        if blocks:
            return blocks
    prefixes = {
        code: _plain(msg.split("{", 1)[0]).rstrip(" '\"-:") for code, msg in known_texts.items()
    }
    return list(_text_blocks(stripped, prefixes))
