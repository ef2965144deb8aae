"""Decode stage: the charset decision order of scraper.decode."""

from __future__ import annotations

import codecs

import pytest

from scraper.decode import declared_charsets, decode, decode_document, utf8_source
from scraper.models import Repairs

TEXT = "The United States’ envoy — “quoted”, café, naïve."
PAGE = f"<html><head><meta charset='utf-8'></head><body><p>{TEXT}</p></body></html>"
NO_META = f"<html><body><p>{TEXT}</p></body></html>"
UTF8 = {"content-type": "text/html; charset=utf-8"}


def _decode(body: bytes, headers: dict[str, str]) -> tuple[str, dict[str, int]]:
    repairs = Repairs()
    return decode(body, headers, repairs), dict(repairs)


def test_correct_declaration_is_used_silently() -> None:
    assert _decode(PAGE.encode(), UTF8) == (PAGE, {})


def test_bom_wins_over_declarations() -> None:
    body = codecs.BOM_UTF16_LE + NO_META.encode("utf-16-le")
    assert _decode(body, {"content-type": "text/html; charset=iso-8859-1"})[0] == NO_META


def test_header_says_utf8_but_bytes_are_windows_1252() -> None:
    text, repairs = _decode(PAGE.encode("cp1252"), UTF8)
    assert text == PAGE
    assert repairs == {"charset": 1}


def test_meta_contradicting_the_header_wins_when_the_header_fails() -> None:
    page = PAGE.replace("utf-8", "windows-1252")
    text, repairs = _decode(page.encode("cp1252"), UTF8)
    assert text == page
    assert repairs == {"charset": 1}


def test_valid_utf8_beats_a_single_byte_declaration() -> None:
    text, repairs = _decode(NO_META.encode(), {"content-type": "text/html; charset=latin-1"})
    assert text == NO_META
    assert repairs == {"charset": 1}


def test_no_declaration_windows_1252() -> None:
    assert _decode(NO_META.encode("cp1252"), {}) == (NO_META, {})


def test_no_declaration_cyrillic_is_detected() -> None:
    page = "<p>Посол США покинул Россию на фоне растущей напряжённости в отношениях.</p>"
    assert _decode(page.encode("cp1251"), {})[0] == page


def test_utf8_page_with_pasted_windows_1252_bytes() -> None:
    body = (NO_META + NO_META).encode() + "<p>It’s pasted</p>".encode("cp1252")
    text, repairs = _decode(body, UTF8)
    assert text.endswith("<p>It’s pasted</p>")
    assert text.startswith(NO_META)
    assert repairs == {"charset": 1}


def test_windows_1252_unassigned_bytes_never_fail() -> None:
    body = b"<p>caf\xe9 \x81</p>"
    text, _ = _decode(body, {"content-type": "text/html; charset=windows-1252"})
    assert text == "<p>café \x81</p>"


def test_ascii_is_ascii() -> None:
    assert _decode(b"<p>plain</p>", {}) == ("<p>plain</p>", {})


@pytest.mark.parametrize("headers, body, expected", [
    ({"Content-Type": "text/html; charset=ISO-8859-1"}, b"<p>x</p>", ["cp1252"]),
    ({}, b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
     ["shift_jis"]),
    (UTF8, b'<meta charset="windows-1251">', ["utf-8", "cp1251"]),
    ({"content-type": "text/html; charset=bogus"}, b"<p>x</p>", []),
])
def test_declared_charsets(headers: dict[str, str], body: bytes, expected: list[str]) -> None:
    assert declared_charsets(body, headers) == expected


@pytest.mark.parametrize("body, headers, encoding", [
    (PAGE.encode(), {}, "utf-8"),
    (NO_META.encode(), {}, "utf-8"),
    (codecs.BOM_UTF8 + NO_META.encode(), {}, "utf-8"),
    (NO_META.encode("cp1252"), UTF8, "cp1252"),
    ((NO_META + NO_META).encode() + "<p>It’s</p>".encode("cp1252"), {}, "utf-8+cp1252"),
    (b"<p>plain</p>", {}, "ascii"),
])
def test_decode_document_names_the_codec_it_used(body: bytes, headers: dict[str, str],
                                                  encoding: str) -> None:
    decoded = decode_document(body, headers)
    assert decoded.encoding == encoding
    assert decoded.text == decode(body, headers)


@pytest.mark.parametrize(("body", "same"), [
    ("<p>Café</p>".encode(), True),
    (b"<p>plain</p>", True),
    (codecs.BOM_UTF8 + "<p>Café</p>".encode(), False),  # the mark is not in the text
    ("<meta charset=windows-1252><p>Café</p>".encode("cp1252"), False),
])
def test_utf8_source_is_the_body_only_when_it_encodes_the_text(body: bytes, same: bool) -> None:
    decoded = decode_document(body)
    source = utf8_source(body, decoded)
    assert (source is body) is same
    if same:
        assert decoded.text.encode() == body
