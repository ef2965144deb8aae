"""Character-level repair of extracted text (scraper.repair.text)."""

from __future__ import annotations

import random
import re

import ftfy.badness
import pytest

from scraper.models import Repairs
from scraper.repair import repair_text
from scraper.repair.text import BADNESS_MAX_WIDTH, SPARSE_BADNESS_MIN_LENGTH, _sparse_is_bad


def _fix(text: str, *, literal: bool = False) -> tuple[str, dict[str, int]]:
    repairs = Repairs()
    return repair_text(text, repairs, literal=literal), dict(repairs)


@pytest.mark.parametrize("damaged, expected, kind", [
    ("The envoyâ€™s exit â€” a â€œturning pointâ€\x9d", "The envoy’s exit — a “turning point”",
     "mojibake"),
    ("CafÃ© dÃ©jÃ  vu", "Café déjà vu", "mojibake"),
    ("\x93Quoted\x94 and it\x92s", "“Quoted” and it’s", "mojibake"),
    ("AT&amp;T and R&amp;amp;D", "AT&T and R&D", "entities"),
    ("it&#8217;s &quot;fine&quot;", "it’s \"fine\"", "entities"),
    ("zero\u200bwidth\ufeff", "zerowidth", "invisible_chars"),
    ("bell\x07 and\x1b", "bell and", "control_chars"),
    ("non\u00a0breaking\u2009thin\u202f  space", "non breaking thin space", "spaces"),
    ("hy\u00adphen\u00adated", "hyphenated", "soft_hyphens"),
    ("e\u0301te\u0301", "été", "unicode_nfc"),
])
def test_damage_is_repaired_and_counted(damaged: str, expected: str, kind: str) -> None:
    fixed, repairs = _fix(damaged)
    assert fixed == expected
    assert repairs.get(kind, 0) >= 1


@pytest.mark.parametrize("text", [
    "Plain ASCII text, nothing to do.",
    "Curly “quotes” and ’apostrophes’ stay curly — and dashes too.",
    "ﬁne ligatures and ＦＵＬＬ width stay as written",
    "Emoji family 👨\u200d👩\u200d👧 and Persian می\u200cخواهم keep their joiners",
    "Ελληνικά, русский, 中文, العربية",
    "Straße, naïve, façade, smörgåsbord",
    "a < b > c, <me@x.y>, 5 & 6",
])
def test_legitimate_text_is_never_changed(text: str) -> None:
    fixed, repairs = _fix(text)
    assert fixed == text
    assert repairs == {}


def test_code_text_keeps_entities_and_spacing() -> None:
    code = "x = '&amp;'  # two  spaces\u00a0kept"
    assert _fix(code, literal=True)[0] == code
    assert _fix("itâ€™s", literal=True)[0] == "it’s"


def test_clean_ascii_takes_the_fast_path() -> None:
    text = "word " * 1000
    assert repair_text(text, Repairs()) is text


def test_document_mojibake_is_fixed_before_extraction_collapses_its_spaces() -> None:
    from scraper.repair import repair_markup

    text = "정덕현의 이슈공감 — à la carte"
    # UTF-8 read as windows-1252; its five unassigned bytes read as latin-1, as browsers do.
    mojibake = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
    repairs = Repairs()
    fixed = repair_markup(f"<p>{mojibake}</p>", repairs)
    assert fixed == f"<p>{text}</p>"
    assert repairs["mojibake"] == 1


def test_the_utf8_lead_byte_rules_out_only_pages_without_lead_characters() -> None:
    from scraper.repair import repair_markup
    from scraper.repair.text import _UTF8_LEAD_BYTE, MOJIBAKE_LEADS

    # The byte search stands for every lead character's search.
    assert all(lead.encode("utf-8").startswith(_UTF8_LEAD_BYTE) for lead in MOJIBAKE_LEADS)
    mojibake = "<p>The envoyâ€™s cafÃ© closed.</p>"
    repairs = Repairs()
    fixed = repair_markup(mojibake, repairs, utf8_source=mojibake.encode("utf-8"))
    assert fixed == "<p>The envoy’s café closed.</p>"
    assert repairs["mojibake"] == 1
    clean = "<p>The envoy’s “café” — 정덕현</p>"
    assert repair_markup(clean, Repairs(), utf8_source=clean.encode("utf-8")) is clean


def test_one_class_stands_for_the_first_characters_of_both_later_scans() -> None:
    from scraper.repair.text import _MOJIBAKE_HINT, _ODD_CHAR, _SUSPECT

    # Texts without a _SUSPECT character skip the mojibake and odd-character scans.
    for code in range(0x10000):
        char = chr(code)
        if _ODD_CHAR.match(char) or _MOJIBAKE_HINT.match(char + "\u0080"):
            assert _SUSPECT.match(char), hex(code)



def test_sparse_badness_search_rests_on_what_ftfy_s_pattern_is() -> None:
    """The search around non-ASCII characters gives ftfy's answer only while every alternative
    of its pattern needs a non-ASCII character and none is wider than BADNESS_MAX_WIDTH."""
    pattern = ftfy.badness.BADNESS_RE
    assert not pattern.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL)
    parsed = re._parser.parse(pattern.pattern, pattern.flags)  # type: ignore[attr-defined]
    assert parsed.getwidth()[1] <= BADNESS_MAX_WIDTH
    ((op, (_, branches)),) = parsed.data
    assert op == re._constants.BRANCH  # type: ignore[attr-defined]
    for branch in branches:
        single_characters = (
            re._compiler.compile(  # type: ignore[attr-defined]
                re._parser.SubPattern(parsed.state, [item]), pattern.flags)  # type: ignore[attr-defined]
            for item in branch.data
            if re._parser.SubPattern(parsed.state, [item]).getwidth() == (1, 1)  # type: ignore[attr-defined]
        )
        assert any(not any(one.fullmatch(chr(code)) for code in range(128))
                   for one in single_characters), branch


def test_sparse_badness_search_agrees_with_ftfy() -> None:
    rng = random.Random(15)
    plain = "ab Z.,!?\n\t-"
    odd = "ÂÃÎÐØÙà√≈‚вВГРСβΒΓΞΟāŒœ×°²€™ŠšŸž\xa0\xad®©·»–—´¡±∂†≠ìîïòôúùûπâóàäê"
    for _ in range(3_000):
        length = rng.choice((5, 50, SPARSE_BADNESS_MIN_LENGTH + rng.randrange(3_000)))
        ascii_share = rng.random()
        text = "".join(rng.choice(plain) if rng.random() < ascii_share
                       else rng.choice(odd) for _ in range(length))
        assert _sparse_is_bad(text) == ftfy.badness.is_bad(text), text
    long_ascii = "x" * 5_000
    for piece in ("Ã ", "a Ã ", "ГўВЂВ™a", "Ã©", "—\u2019"):
        for text in (piece + long_ascii, long_ascii + piece, long_ascii + piece + long_ascii):
            assert _sparse_is_bad(text) == ftfy.badness.is_bad(text), piece
