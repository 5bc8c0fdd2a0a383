"""GSM 7-bit tables from 3GPP TS 23.038, and the user-data-header sizes from TS 23.040.

Tables are written as the standard prints them: a locking table is the 128 characters at
codes 0x00..0x7F in order; a single shift table maps the code that follows ESC (0x1B) to its
character. Code 0x1B of a locking table is the escape itself, never a character, so it is
left out of every character set below (a literal U+001B in a text is not sendable as GSM-7).

Nothing here is computed at import time beyond building a few frozensets.
"""

from __future__ import annotations

from typing import Final

# TS 23.038 §6.2.1: the GSM 7 bit default alphabet, codes 0x00..0x7F in order.
# 0x1B is ESC (escape to the extension table, §6.2.1.1), not a character.
DEFAULT_ALPHABET: Final = (
    "@£$¥èéùìòÇ\nØø\rÅå"  # 0x00-0x0F (0x09 is capital Ç only)
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"  # 0x10-0x1F (0x1B = ESC)
    " !\"#¤%&'()*+,-./"  # 0x20-0x2F (0x24 is ¤, not $)
    "0123456789:;<=>?"  # 0x30-0x3F
    "¡ABCDEFGHIJKLMNO"  # 0x40-0x4F
    "PQRSTUVWXYZÄÖÑÜ§"  # 0x50-0x5F
    "¿abcdefghijklmno"  # 0x60-0x6F (no backtick anywhere)
    "pqrstuvwxyzäöñüà"  # 0x70-0x7F
)

# TS 23.038 §6.2.1.1: the default alphabet extension table (ESC + code = 2 septets).
DEFAULT_EXTENSION: Final[dict[int, str]] = {
    0x0A: "\f",  # form feed (page break)
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}

# TS 23.038 §A.3.1: Turkish national language locking shift table.
TURKISH_LOCKING: Final = (
    "@£$¥€éùıòÇ\nĞğ\rÅå"  # 0x00-0x0F
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bŞşßÉ"  # 0x10-0x1F
    " !\"#¤%&'()*+,-./"  # 0x20-0x2F
    "0123456789:;<=>?"  # 0x30-0x3F
    "İABCDEFGHIJKLMNO"  # 0x40-0x4F
    "PQRSTUVWXYZÄÖÑÜ§"  # 0x50-0x5F
    "çabcdefghijklmno"  # 0x60-0x6F
    "pqrstuvwxyzäöñüà"  # 0x70-0x7F
)

# TS 23.038 §A.2.1: Turkish national language single shift table.
TURKISH_SINGLE: Final[dict[int, str]] = {
    **DEFAULT_EXTENSION,
    0x47: "Ğ",
    0x49: "İ",
    0x53: "Ş",
    0x63: "ç",
    0x67: "ğ",
    0x69: "ı",
    0x73: "ş",
}

# TS 23.038 §A.3.2: there is no Spanish locking shift table (the default alphabet is used).

# TS 23.038 §A.2.2: Spanish national language single shift table.
SPANISH_SINGLE: Final[dict[int, str]] = {
    **DEFAULT_EXTENSION,
    0x09: "ç",
    0x41: "Á",
    0x49: "Í",
    0x4F: "Ó",
    0x55: "Ú",
    0x61: "á",
    0x69: "í",
    0x6F: "ó",
    0x75: "ú",
}

# TS 23.038 §A.3.3: Portuguese national language locking shift table.
PORTUGUESE_LOCKING: Final = (
    "@£$¥êéúíóç\nÔô\rÁá"  # 0x00-0x0F
    "Δ_ªÇÀ∞^\\€Ó|\x1bÂâÊÉ"  # 0x10-0x1F
    " !\"#º%&'()*+,-./"  # 0x20-0x2F
    "0123456789:;<=>?"  # 0x30-0x3F
    "ÍABCDEFGHIJKLMNO"  # 0x40-0x4F
    "PQRSTUVWXYZÃÕÚÜ§"  # 0x50-0x5F
    "~abcdefghijklmno"  # 0x60-0x6F
    "pqrstuvwxyzãõ`üà"  # 0x70-0x7F
)

# TS 23.038 §A.2.3: Portuguese national language single shift table.
PORTUGUESE_SINGLE: Final[dict[int, str]] = {
    **DEFAULT_EXTENSION,
    0x05: "ê",
    0x09: "ç",
    0x0B: "Ô",
    0x0C: "ô",
    0x0E: "Á",
    0x0F: "á",
    0x12: "Φ",
    0x13: "Γ",
    0x15: "Ω",
    0x16: "Π",
    0x17: "Ψ",
    0x18: "Σ",
    0x19: "Θ",
    0x1F: "Ê",
    0x41: "À",
    0x49: "Í",
    0x4F: "Ó",
    0x55: "Ú",
    0x5B: "Ã",
    0x5C: "Õ",
    0x61: "Â",
    0x69: "í",
    0x6F: "ó",
    0x75: "ú",
    0x7B: "ã",
    0x7C: "õ",
    0x7F: "â",
}

# TS 23.038 §6.2.1.2.4: national language identifiers (the octet carried in the shift IEs).
LANGUAGE_IDS: Final[dict[str, int]] = {
    "turkish": 0x01,
    "spanish": 0x02,
    "portuguese": 0x03,
    "bengali": 0x04,  # Bengali and Assamese
    "gujarati": 0x05,
    "hindi": 0x06,
    "kannada": 0x07,
    "malayalam": 0x08,
    "oriya": 0x09,
    "punjabi": 0x0A,
    "tamil": 0x0B,
    "telugu": 0x0C,
    "urdu": 0x0D,
}

#: Accepted spellings of each language (ISO 639-1 codes and the names).
LANGUAGE_ALIASES: Final[dict[str, str]] = {
    "turkish": "turkish",
    "tr": "turkish",
    "spanish": "spanish",
    "es": "spanish",
    "portuguese": "portuguese",
    "pt": "portuguese",
    # TS 23.038 annex A.2.4-A.2.13 / A.3.4-A.3.13: the Indian languages (_gsm_indian)
    "bengali": "bengali",
    "bn": "bengali",
    "assamese": "bengali",  # one table serves both (§A.2.4: "Bengali and Assamese")
    "as": "bengali",
    "gujarati": "gujarati",
    "gu": "gujarati",
    "hindi": "hindi",
    "hi": "hindi",
    "kannada": "kannada",
    "kn": "kannada",
    "malayalam": "malayalam",
    "ml": "malayalam",
    "oriya": "oriya",
    "odia": "oriya",
    "or": "oriya",
    "punjabi": "punjabi",
    "pa": "punjabi",
    "tamil": "tamil",
    "ta": "tamil",
    "telugu": "telugu",
    "te": "telugu",
    "urdu": "urdu",
    "ur": "urdu",
}

#: language -> (locking shift table or None, single shift table).
NATIONAL_TABLES: Final[dict[str, tuple[str | None, dict[int, str]]]] = {
    "turkish": (TURKISH_LOCKING, TURKISH_SINGLE),
    "spanish": (None, SPANISH_SINGLE),
    "portuguese": (PORTUGUESE_LOCKING, PORTUGUESE_SINGLE),
}


def national_tables(language: str) -> tuple[str | None, dict[int, str]]:
    """(locking shift table or None, single shift table) of a canonical language name.

    The Indian tables (TS 23.038 annex A.2.4-A.2.13, A.3.4-A.3.13) live in ``_gsm_indian``,
    imported on first use so that ``import smscore`` does not build them.
    """
    found = NATIONAL_TABLES.get(language)
    if found is not None:
        return found
    from ._gsm_indian import tables

    return tables(language)


#: A reserved (empty) cell of a locking table string (the Indian tables have some).
RESERVED: Final = "\uffff"


def locking_chars(table: str) -> frozenset[str]:
    """The characters of a locking table, without the ESC at 0x1B and reserved cells."""
    return frozenset(table) - {"\x1b", RESERVED}


BASIC_CHARS: Final = locking_chars(DEFAULT_ALPHABET)
EXTENSION_CHARS: Final = frozenset(DEFAULT_EXTENSION.values())

# --- user data header sizes (TS 23.040 §9.2.3.24) -------------------------------------
#: TS 23.040 §9.2.3.24: the user data is 140 octets.
USER_DATA_OCTETS: Final = 140
#: TS 23.040 §9.2.3.16: UDHL, the one octet that gives the header's length.
UDHL_OCTETS: Final = 1
#: TS 23.040 §9.2.3.24.1: concatenated SM, 8-bit reference: IEI + IEDL + 3 octets.
CONCAT_IE_OCTETS: Final = 5
#: TS 23.040 §9.2.3.24.15 (single shift) and §9.2.3.24.16 (locking shift): IEI + IEDL +
#: the language identifier octet.
SHIFT_IE_OCTETS: Final = 3


def udh_octets(*, concatenated: bool, shift_ies: int) -> int:
    """Octets of the user data header, UDHL included; 0 when there is no IE at all."""
    ies = (CONCAT_IE_OCTETS if concatenated else 0) + SHIFT_IE_OCTETS * shift_ies
    return UDHL_OCTETS + ies if ies else 0


def septet_capacity(udh: int) -> int:
    """Septets left in one part after a header of ``udh`` octets.

    TS 23.040 §9.2.3.24: with 7-bit data the header is padded with fill bits up to a
    septet boundary, so it takes ceil(8 * udh / 7) septets of the 160.
    """
    header_septets = -(-8 * udh // 7)
    return (USER_DATA_OCTETS * 8) // 7 - header_septets


def ucs2_capacity(udh: int) -> int:
    """UTF-16 code units left in one part after a header of ``udh`` octets (2 octets each)."""
    return (USER_DATA_OCTETS - udh) // 2
