r"""The Indian national language shift tables of 3GPP TS 23.038 annex A, as data.

Ten languages (§6.2.1.2.4 national language identifiers 0x04..0x0D), each with a locking
shift table (§A.3.4..§A.3.13) and a single shift table (§A.2.4..§A.2.13). This module is
imported only when one of them is asked for (``_gsm.national_tables``), so the default
path of ``import smscore`` never pays for it.

Each table is written as the standard prints it: 16 rows (the low nibble, 0..F) of 8
columns (the high three bits, 0..7), so the code of the cell in row ``r``, column ``c`` is
``c * 16 + r``. A cell is one token:

* four hex digits: the character's UCS-2 code as the standard prints it under the glyph;
* ``SP`` space, ``LF`` line feed, ``CR`` carriage return;
* ``ESC`` at 0x1B: the escape to the single shift table in a locking table (note 1 of the
  tables), reserved for an extension to another extension table in a single shift table;
* ``FF`` at 0x0A of a single shift table: the page break (note 3), sent as ESC + 0x0A;
* ``CR2`` at 0x0D of a single shift table: reserved for the control CR2 (note 4), never
  a character;
* ``--`` an empty (reserved) cell;
* any other single character: that character.

Three public transcriptions of annex A were read to cross-check every cell (CyberChef's
GSM-7 operation, from TS 23.038 V16.0.0; ndf-zz/gsmcodecs, from V18.0.0; Mozilla's
ril_consts.js). Where they disagree, a comment at the cell says so and which one the
standard supports. Cells where all three agree carry no comment.
"""

from __future__ import annotations

from functools import cache
from typing import Final

# RESERVED (U+FFFF, a Unicode noncharacter) stands for a reserved cell in a 128-character
# locking table string; ``_gsm.locking_chars`` drops it with the ESC. It is the same value as
# ``_gsm.RESERVED`` (a test keeps them equal); this module is imported by ``_gsm`` on first
# use, so it does not import ``_gsm`` back.
RESERVED: Final = "\uffff"

_NAMED: Final[dict[str, str]] = {"SP": " ", "LF": "\n", "CR": "\r", "FF": "\f"}

# --- TS 23.038 §A.3: locking shift tables --------------------------------------------------
# Common to all ten: LF 0x0A, CR 0x0D, ESC 0x1B, SP 0x20, ! 0x21, ) ( 0x28-0x29, , 0x2C,
# . 0x2E, digits 0x30-0x39, : ; 0x3A-0x3B, ? 0x3F, a..z 0x61-0x7A.
# Note on 0x2C: V16 (CyberChef) and Mozilla print a comma; the V18 transcription
# (gsmcodecs) has an apostrophe there in every Indian locking table. The comma is the
# character of the default alphabet at 0x2C and the one both other readings give, and the
# apostrophe already has its own code (0x09) in every Indian single shift table: comma.

# TS 23.038 §A.3.4: Bengali and Assamese national language locking shift table (NLI 0x04).
_BENGALI_LOCKING: Final = r"""
0981 0990 SP   0    09AC 09BE 09CE p
0982 --   !    1    09AD 09BF a    q
0983 --   099F 2    09AE 09C0 b    r
0985 0993 09A0 3    09AF 09C1 c    s
0986 0994 09A1 4    09B0 09C2 d    t
0987 0995 09A2 5    --   09C3 e    u
0988 0996 09A3 6    09B2 09C4 f    v
0989 0997 09A4 7    --   --   g    w
098A 0998 )    8    --   --   h    x
098B 0999 (    9    --   09C7 i    y
LF   099A 09A5 :    09B6 09C8 j    z
098C ESC  09A6 ;    09B7 --   k    09D7
--   099B ,    --   09B8 --   l    09DC
CR   099C 09A7 09AA 09B9 09CB m    09DD
--   099D .    09AB 09BC 09CC n    09F0
098F 099E 09A8 ?    09BD 09CD o    09F1
"""

# TS 23.038 §A.3.5: Gujarati national language locking shift table (NLI 0x05).
_GUJARATI_LOCKING: Final = r"""
0A81 0A90 SP   0    0AAC 0ABE 0AD0 p
0A82 0A91 !    1    0AAD 0ABF a    q
0A83 --   0A9F 2    0AAE 0AC0 b    r
0A85 0A93 0AA0 3    0AAF 0AC1 c    s
0A86 0A94 0AA1 4    0AB0 0AC2 d    t
0A87 0A95 0AA2 5    --   0AC3 e    u
0A88 0A96 0AA3 6    0AB2 0AC4 f    v
0A89 0A97 0AA4 7    0AB3 0AC5 g    w
0A8A 0A98 )    8    --   --   h    x
0A8B 0A99 (    9    0AB5 0AC7 i    y
LF   0A9A 0AA5 :    0AB6 0AC8 j    z
0A8C ESC  0AA6 ;    0AB7 0AC9 k    0AE0
0A8D 0A9B ,    --   0AB8 --   l    0AE1
CR   0A9C 0AA7 0AAA 0AB9 0ACB m    0AE2
--   0A9D .    0AAB 0ABC 0ACC n    0AE3
0A8F 0A9E 0AA8 ?    0ABD 0ACD o    0AF1
"""

# TS 23.038 §A.3.6: Hindi national language locking shift table (NLI 0x06).
_HINDI_LOCKING: Final = r"""
0901 0910 SP   0    092C 093E 0950 p
0902 0911 !    1    092D 093F a    q
0903 0912 091F 2    092E 0940 b    r
0905 0913 0920 3    092F 0941 c    s
0906 0914 0921 4    0930 0942 d    t
0907 0915 0922 5    0931 0943 e    u
0908 0916 0923 6    0932 0944 f    v
0909 0917 0924 7    0933 0945 g    w
090A 0918 )    8    0934 0946 h    x
090B 0919 (    9    0935 0947 i    y
LF   091A 0925 :    0936 0948 j    z
090C ESC  0926 ;    0937 0949 k    0972
090D 091B ,    0929 0938 094A l    097B
CR   091C 0927 092A 0939 094B m    097C
090E 091D .    092B 093C 094C n    097E
090F 091E 0928 ?    093D 094D o    097F
"""

# TS 23.038 §A.3.7: Kannada national language locking shift table (NLI 0x07).
# 0x24: the standard prints 0CAA (KANNADA LETTER PA, also at 0x3D), as both the V16 and the
# V18 transcriptions read it; Mozilla has 0CA1 (LETTER DDA) there, the letter the sequence
# 0x22..0x28 (TTA, TTHA, 0x24, DDHA, NNA, TA) suggests. We follow the standard: DDA is not
# in this table, so a text with U+0CA1 is not sent with it.
_KANNADA_LOCKING: Final = r"""
--   0C90 SP   0    0CAC 0CBE 0CD5 p
0C82 --   !    1    0CAD 0CBF a    q
0C83 0C92 0C9F 2    0CAE 0CC0 b    r
0C85 0C93 0CA0 3    0CAF 0CC1 c    s
0C86 0C94 0CAA 4    0CB0 0CC2 d    t
0C87 0C95 0CA2 5    0CB1 0CC3 e    u
0C88 0C96 0CA3 6    0CB2 0CC4 f    v
0C89 0C97 0CA4 7    0CB3 --   g    w
0C8A 0C98 )    8    --   0CC6 h    x
0C8B 0C99 (    9    0CB5 0CC7 i    y
LF   0C9A 0CA5 :    0CB6 0CC8 j    z
0C8C ESC  0CA6 ;    0CB7 --   k    0CD6
--   0C9B ,    --   0CB8 0CCA l    0CE0
CR   0C9C 0CA7 0CAA 0CB9 0CCB m    0CE1
0C8E 0C9D .    0CAB 0CBC 0CCC n    0CE2
0C8F 0C9E 0CA8 ?    0CBD 0CCD o    0CE3
"""

# TS 23.038 §A.3.8: Malayalam national language locking shift table (NLI 0x08).
_MALAYALAM_LOCKING: Final = r"""
--   0D10 SP   0    0D2C 0D3E 0D57 p
0D02 --   !    1    0D2D 0D3F a    q
0D03 0D12 0D1F 2    0D2E 0D40 b    r
0D05 0D13 0D20 3    0D2F 0D41 c    s
0D06 0D14 0D21 4    0D30 0D42 d    t
0D07 0D15 0D22 5    0D31 0D43 e    u
0D08 0D16 0D23 6    0D32 0D44 f    v
0D09 0D17 0D24 7    0D33 --   g    w
0D0A 0D18 )    8    0D34 0D46 h    x
0D0B 0D19 (    9    0D35 0D47 i    y
LF   0D1A 0D25 :    0D36 0D48 j    z
0D0C ESC  0D26 ;    0D37 --   k    0D60
--   0D1B ,    --   0D38 0D4A l    0D61
CR   0D1C 0D27 0D2A 0D39 0D4B m    0D62
0D0E 0D1D .    0D2B --   0D4C n    0D63
0D0F 0D1E 0D28 ?    0D3D 0D4D o    0D79
"""

# TS 23.038 §A.3.9: Oriya national language locking shift table (NLI 0x09).
_ORIYA_LOCKING: Final = r"""
0B01 0B10 SP   0    0B2C 0B3E 0B56 p
0B02 --   !    1    0B2D 0B3F a    q
0B03 --   0B1F 2    0B2E 0B40 b    r
0B05 0B13 0B20 3    0B2F 0B41 c    s
0B06 0B14 0B21 4    0B30 0B42 d    t
0B07 0B15 0B22 5    --   0B43 e    u
0B08 0B16 0B23 6    0B32 0B44 f    v
0B09 0B17 0B24 7    0B33 --   g    w
0B0A 0B18 )    8    --   --   h    x
0B0B 0B19 (    9    0B35 0B47 i    y
LF   0B1A 0B25 :    0B36 0B48 j    z
0B0C ESC  0B26 ;    0B37 --   k    0B57
--   0B1B ,    --   0B38 --   l    0B60
CR   0B1C 0B27 0B2A 0B39 0B4B m    0B61
--   0B1D .    0B2B 0B3C 0B4C n    0B62
0B0F 0B1E 0B28 ?    0B3D 0B4D o    0B63
"""

# TS 23.038 §A.3.10: Punjabi national language locking shift table (NLI 0x0A).
_PUNJABI_LOCKING: Final = r"""
0A01 0A10 SP   0    0A2C 0A3E 0A51 p
0A02 --   !    1    0A2D 0A3F a    q
0A03 --   0A1F 2    0A2E 0A40 b    r
0A05 0A13 0A20 3    0A2F 0A41 c    s
0A06 0A14 0A21 4    0A30 0A42 d    t
0A07 0A15 0A22 5    --   --   e    u
0A08 0A16 0A23 6    0A32 --   f    v
0A09 0A17 0A24 7    0A33 --   g    w
0A0A 0A18 )    8    --   --   h    x
--   0A19 (    9    0A35 0A47 i    y
LF   0A1A 0A25 :    0A36 0A48 j    z
--   ESC  0A26 ;    --   --   k    0A70
--   0A1B ,    --   0A38 --   l    0A71
CR   0A1C 0A27 0A2A 0A39 0A4B m    0A72
--   0A1D .    0A2B 0A3C 0A4C n    0A73
0A0F 0A1E 0A28 ?    --   0A4D o    0A74
"""

# TS 23.038 §A.3.11: Tamil national language locking shift table (NLI 0x0B).
_TAMIL_LOCKING: Final = r"""
--   0B90 SP   0    --   0BBE 0BD0 p
0B82 --   !    1    --   0BBF a    q
0B83 0B92 0B9F 2    0BAE 0BC0 b    r
0B85 0B93 --   3    0BAF 0BC1 c    s
0B86 0B94 --   4    0BB0 0BC2 d    t
0B87 0B95 --   5    0BB1 --   e    u
0B88 --   0BA3 6    0BB2 --   f    v
0B89 --   0BA4 7    0BB3 --   g    w
0B8A --   )    8    0BB4 0BC6 h    x
--   0B99 (    9    0BB5 0BC7 i    y
LF   0B9A --   :    0BB6 0BC8 j    z
--   ESC  --   ;    0BB7 --   k    0BD7
--   --   ,    0BA9 0BB8 0BCA l    0BF0
CR   0B9C --   0BAA 0BB9 0BCB m    0BF1
0B8E --   .    --   --   0BCC n    0BF2
0B8F 0B9E 0BA8 ?    --   0BCD o    0BF9
"""

# TS 23.038 §A.3.12: Telugu national language locking shift table (NLI 0x0C).
# 0x11: reserved in the V18 transcription and in Mozilla; the V16 transcription has 0C11,
# a code point Unicode leaves unassigned in the Telugu block. Reserved.
_TELUGU_LOCKING: Final = r"""
0C01 0C10 SP   0    0C2C 0C3E 0C55 p
0C02 --   !    1    0C2D 0C3F a    q
0C03 0C12 0C1F 2    0C2E 0C40 b    r
0C05 0C13 0C20 3    0C2F 0C41 c    s
0C06 0C14 0C21 4    0C30 0C42 d    t
0C07 0C15 0C22 5    0C31 0C43 e    u
0C08 0C16 0C23 6    0C32 0C44 f    v
0C09 0C17 0C24 7    0C33 --   g    w
0C0A 0C18 )    8    --   0C46 h    x
0C0B 0C19 (    9    0C35 0C47 i    y
LF   0C1A 0C25 :    0C36 0C48 j    z
0C0C ESC  0C26 ;    0C37 --   k    0C56
--   0C1B ,    --   0C38 0C4A l    0C60
CR   0C1C 0C27 0C2A 0C39 0C4B m    0C61
0C0E 0C1D .    0C2B --   0C4C n    0C62
0C0F 0C1E 0C28 ?    0C3D 0C4D o    0C63
"""

# TS 23.038 §A.3.13: Urdu national language locking shift table (NLI 0x0D).
_URDU_LOCKING: Final = r"""
0627 062B SP   0    0635 06BA 0654 p
0622 062C !    1    0636 06BB a    q
0628 0681 068F 2    0637 06BC b    r
067B 0684 068D 3    0638 0648 c    s
0680 0683 0630 4    0639 06C4 d    t
067E 0685 0631 5    0641 06D5 e    u
06A6 0686 0691 6    0642 06C1 f    v
062A 0687 0693 7    06A9 06BE g    w
06C2 062D )    8    06AA 0621 h    x
067F 062E (    9    06AB 06CC i    y
LF   062F 0699 :    06AF 06D0 j    z
0679 ESC  0632 ;    06B3 06D2 k    0655
067D 068C ,    069A 06B1 064D l    0651
CR   0688 0696 0633 0644 0650 m    0653
067A 0689 .    0634 0645 064F n    0656
067C 068A 0698 ?    0646 0657 o    0670
"""

# --- TS 23.038 §A.2: single shift tables (ESC + code = 2 septets) --------------------------
# Common to all ten: columns 0, 1 (rows 0-8), 4 and 5 repeat ASCII punctuation and the
# capital letters A..Z; 0x65 is €. The standard itself prints ¡ twice (0x13, 0x15) and *
# twice (0x0B, 0x18): both codes decode to the same character.

# TS 23.038 §A.2.4: Bengali and Assamese national language single shift table.
_BENGALI_SINGLE: Final = r"""
@    <    09EC 09F6 |    P    --   --
£    =    09ED 09F7 A    Q    --   --
$    >    09EE 09F8 B    R    --   --
¥    ¡    09EF 09F9 C    S    --   --
¿    ^    09DF 09FA D    T    --   --
"    ¡    09E0 --   E    U    €    --
¤    _    09E1 --   F    V    --   --
%    #    09E2 --   G    W    --   --
&    *    {    --   H    X    --   --
'    09E6 }    --   I    Y    --   --
FF   09E7 09E3 --   J    Z    --   --
*    ESC  09F2 --   K    --   --   --
+    09E8 09F3 [    L    --   --   --
CR2  09E9 09F4 ~    M    --   --   --
-    09EA 09F5 ]    N    --   --   --
/    09EB \    --   O    --   --   --
"""

# TS 23.038 §A.2.5: Gujarati national language single shift table.
_GUJARATI_SINGLE: Final = r"""
@    <    0AEA --   |    P    --   --
£    =    0AEB --   A    Q    --   --
$    >    0AEC --   B    R    --   --
¥    ¡    0AED --   C    S    --   --
¿    ^    0AEE --   D    T    --   --
"    ¡    0AEF --   E    U    €    --
¤    _    --   --   F    V    --   --
%    #    --   --   G    W    --   --
&    *    {    --   H    X    --   --
'    0964 }    --   I    Y    --   --
FF   0965 --   --   J    Z    --   --
*    ESC  --   --   K    --   --   --
+    0AE6 --   [    L    --   --   --
CR2  0AE7 --   ~    M    --   --   --
-    0AE8 --   ]    N    --   --   --
/    0AE9 \    --   O    --   --   --
"""

# TS 23.038 §A.2.6: Hindi national language single shift table.
_HINDI_SINGLE: Final = r"""
@    <    096A 095B |    P    --   --
£    =    096B 095C A    Q    --   --
$    >    096C 095D B    R    --   --
¥    ¡    096D 095E C    S    --   --
¿    ^    096E 095F D    T    --   --
"    ¡    096F 0960 E    U    €    --
¤    _    0951 0961 F    V    --   --
%    #    0952 0962 G    W    --   --
&    *    {    0963 H    X    --   --
'    0964 }    0970 I    Y    --   --
FF   0965 0953 0971 J    Z    --   --
*    ESC  0954 --   K    --   --   --
+    0966 0958 [    L    --   --   --
CR2  0967 0959 ~    M    --   --   --
-    0968 095A ]    N    --   --   --
/    0969 \    --   O    --   --   --
"""

# TS 23.038 §A.2.7: Kannada national language single shift table.
_KANNADA_SINGLE: Final = r"""
@    <    0CEA --   |    P    --   --
£    =    0CEB --   A    Q    --   --
$    >    0CEC --   B    R    --   --
¥    ¡    0CED --   C    S    --   --
¿    ^    0CEE --   D    T    --   --
"    ¡    0CEF --   E    U    €    --
¤    _    0CDE --   F    V    --   --
%    #    0CF1 --   G    W    --   --
&    *    {    --   H    X    --   --
'    0964 }    --   I    Y    --   --
FF   0965 0CF2 --   J    Z    --   --
*    ESC  --   --   K    --   --   --
+    0CE6 --   [    L    --   --   --
CR2  0CE7 --   ~    M    --   --   --
-    0CE8 --   ]    N    --   --   --
/    0CE9 \    --   O    --   --   --
"""

# TS 23.038 §A.2.8: Malayalam national language single shift table.
_MALAYALAM_SINGLE: Final = r"""
@    <    0D6A 0D7B |    P    --   --
£    =    0D6B 0D7C A    Q    --   --
$    >    0D6C 0D7D B    R    --   --
¥    ¡    0D6D 0D7E C    S    --   --
¿    ^    0D6E 0D7F D    T    --   --
"    ¡    0D6F --   E    U    €    --
¤    _    0D70 --   F    V    --   --
%    #    0D71 --   G    W    --   --
&    *    {    --   H    X    --   --
'    0964 }    --   I    Y    --   --
FF   0965 0D72 --   J    Z    --   --
*    ESC  0D73 --   K    --   --   --
+    0D66 0D74 [    L    --   --   --
CR2  0D67 0D75 ~    M    --   --   --
-    0D68 0D7A ]    N    --   --   --
/    0D69 \    --   O    --   --   --
"""

# TS 23.038 §A.2.9: Oriya national language single shift table.
# 0x20: 0B6A (ORIYA DIGIT FOUR) in the V18 transcription and in Mozilla; the V16
# transcription has 0BEA (a Tamil digit) there, between Oriya digits three (0x1F) and five
# (0x21): 0B6A.
_ORIYA_SINGLE: Final = r"""
@    <    0B6A --   |    P    --   --
£    =    0B6B --   A    Q    --   --
$    >    0B6C --   B    R    --   --
¥    ¡    0B6D --   C    S    --   --
¿    ^    0B6E --   D    T    --   --
"    ¡    0B6F --   E    U    €    --
¤    _    0B5C --   F    V    --   --
%    #    0B5D --   G    W    --   --
&    *    {    --   H    X    --   --
'    0964 }    --   I    Y    --   --
FF   0965 0B5F --   J    Z    --   --
*    ESC  0B70 --   K    --   --   --
+    0B66 0B71 [    L    --   --   --
CR2  0B67 --   ~    M    --   --   --
-    0B68 --   ]    N    --   --   --
/    0B69 \    --   O    --   --   --
"""

# TS 23.038 §A.2.10: Punjabi national language single shift table.
_PUNJABI_SINGLE: Final = r"""
@    <    0A6A --   |    P    --   --
£    =    0A6B --   A    Q    --   --
$    >    0A6C --   B    R    --   --
¥    ¡    0A6D --   C    S    --   --
¿    ^    0A6E --   D    T    --   --
"    ¡    0A6F --   E    U    €    --
¤    _    0A59 --   F    V    --   --
%    #    0A5A --   G    W    --   --
&    *    {    --   H    X    --   --
'    0964 }    --   I    Y    --   --
FF   0965 0A5B --   J    Z    --   --
*    ESC  0A5C --   K    --   --   --
+    0A66 0A5E [    L    --   --   --
CR2  0A67 0A75 ~    M    --   --   --
-    0A68 --   ]    N    --   --   --
/    0A69 \    --   O    --   --   --
"""

# TS 23.038 §A.2.11: Tamil national language single shift table.
# 0x24: 0BEE (TAMIL DIGIT EIGHT) in the V18 transcription and in Mozilla; CyberChef notes
# that the V16 document prints 0BEF there, which repeats 0x25 and leaves digit eight out.
# The later version (V18) is followed: 0BEE.
_TAMIL_SINGLE: Final = r"""
@    <    0BEA --   |    P    --   --
£    =    0BEB --   A    Q    --   --
$    >    0BEC --   B    R    --   --
¥    ¡    0BED --   C    S    --   --
¿    ^    0BEE --   D    T    --   --
"    ¡    0BEF --   E    U    €    --
¤    _    0BF3 --   F    V    --   --
%    #    0BF4 --   G    W    --   --
&    *    {    --   H    X    --   --
'    0964 }    --   I    Y    --   --
FF   0965 0BF5 --   J    Z    --   --
*    ESC  0BF6 --   K    --   --   --
+    0BE6 0BF7 [    L    --   --   --
CR2  0BE7 0BF8 ~    M    --   --   --
-    0BE8 0BFA ]    N    --   --   --
/    0BE9 \    --   O    --   --   --
"""

# TS 23.038 §A.2.12: Telugu national language single shift table (no danda at 0x19/0x1A).
# 0x1C: 0C66 (TELUGU DIGIT ZERO) in the V18 transcription and in Mozilla; the V16
# transcription has 0CE6 (a Kannada digit) before Telugu digits 0x1D..0x25: 0C66.
_TELUGU_SINGLE: Final = r"""
@    <    0C6A 0C7D |    P    --   --
£    =    0C6B 0C7E A    Q    --   --
$    >    0C6C 0C7F B    R    --   --
¥    ¡    0C6D --   C    S    --   --
¿    ^    0C6E --   D    T    --   --
"    ¡    0C6F --   E    U    €    --
¤    _    0C58 --   F    V    --   --
%    #    0C59 --   G    W    --   --
&    *    {    --   H    X    --   --
'    --   }    --   I    Y    --   --
FF   --   0C78 --   J    Z    --   --
*    ESC  0C79 --   K    --   --   --
+    0C66 0C7A [    L    --   --   --
CR2  0C67 0C7B ~    M    --   --   --
-    0C68 0C7C ]    N    --   --   --
/    0C69 \    --   O    --   --   --
"""

# TS 23.038 §A.2.13: Urdu national language single shift table.
_URDU_SINGLE: Final = r"""
@    <    06F4 0613 |    P    --   --
£    =    06F5 0614 A    Q    --   --
$    >    06F6 061B B    R    --   --
¥    ¡    06F7 061F C    S    --   --
¿    ^    06F8 0640 D    T    --   --
"    ¡    06F9 0652 E    U    €    --
¤    _    060C 0658 F    V    --   --
%    #    060D 066B G    W    --   --
&    *    {    066C H    X    --   --
'    0600 }    0672 I    Y    --   --
FF   0601 060E 0673 J    Z    --   --
*    ESC  060F 06CD K    --   --   --
+    06F0 0610 [    L    --   --   --
CR2  06F1 0611 ~    M    --   --   --
-    06F2 0612 ]    N    --   --   --
/    06F3 \    06D4 O    --   --   --
"""

#: language -> (§A.3 locking shift grid, §A.2 single shift grid), in NLI order 0x04..0x0D.
GRIDS: Final[dict[str, tuple[str, str]]] = {
    "bengali": (_BENGALI_LOCKING, _BENGALI_SINGLE),
    "gujarati": (_GUJARATI_LOCKING, _GUJARATI_SINGLE),
    "hindi": (_HINDI_LOCKING, _HINDI_SINGLE),
    "kannada": (_KANNADA_LOCKING, _KANNADA_SINGLE),
    "malayalam": (_MALAYALAM_LOCKING, _MALAYALAM_SINGLE),
    "oriya": (_ORIYA_LOCKING, _ORIYA_SINGLE),
    "punjabi": (_PUNJABI_LOCKING, _PUNJABI_SINGLE),
    "tamil": (_TAMIL_LOCKING, _TAMIL_SINGLE),
    "telugu": (_TELUGU_LOCKING, _TELUGU_SINGLE),
    "urdu": (_URDU_LOCKING, _URDU_SINGLE),
}


def _cells(grid: str) -> list[str]:
    """The 128 tokens of a grid in code order (column * 16 + row)."""
    rows = [line.split() for line in grid.strip().splitlines()]
    if len(rows) != 16 or any(len(row) != 8 for row in rows):
        raise ValueError("a TS 23.038 annex A grid is 16 rows of 8 cells")
    return [rows[code % 16][code // 16] for code in range(128)]


def _char(token: str) -> str | None:
    """The character of one cell; ``None`` for a cell that holds no character."""
    if token in _NAMED:
        return _NAMED[token]
    if token in {"ESC", "CR2", "--"}:
        return None
    if len(token) == 4:
        return chr(int(token, 16))
    if len(token) != 1:
        raise ValueError(f"unknown grid token {token!r}")
    return token


def locking_table(grid: str) -> str:
    """A §A.3 grid as the 128-character string ``_gsm`` uses (ESC at 0x1B, reserved cells
    as :data:`RESERVED`)."""
    chars = []
    for code, token in enumerate(_cells(grid)):
        char = _char(token)
        if code == 0x1B:  # TS 23.038 §6.2.1: 0x1B escapes to the single shift table
            char = "\x1b"
        chars.append(RESERVED if char is None else char)
    return "".join(chars)


def single_table(grid: str) -> dict[int, str]:
    """A §A.2 grid as ``{code after ESC: character}``; reserved cells are left out."""
    table = {}
    for code, token in enumerate(_cells(grid)):
        char = _char(token)
        if char is not None:
            table[code] = char
    return table


@cache
def tables(language: str) -> tuple[str, dict[int, str]]:
    """(locking shift table, single shift table) of one language, built on first use.

    >>> tables("hindi")[0][0x03], tables("hindi")[1][0x1C]
    ('अ', '०')
    """
    lock, single = GRIDS[language]
    return locking_table(lock), single_table(single)
