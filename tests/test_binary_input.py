"""Binary data passed off as a page (an image or archive named .html) is a decode error at
once, not seconds of repairing noise; text with a few control characters still decodes."""

from __future__ import annotations

import random

import pytest

import scraper
from scraper.decode import decode_document
from scraper.errors import DecodeError


@pytest.mark.parametrize("data", [
    random.Random(14).randbytes(256 * 1024),
    b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(4096),
    "<html><body><p>UTF-16 without a byte-order mark</p>".encode("utf-16-le"),
])
def test_binary_data_is_a_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError):
        scraper.extract(data)


def test_a_page_with_a_few_control_bytes_decodes() -> None:
    page = b"<html><body><article><p>Bell \x07 and escape \x1b[0m in a long enough text, " \
        b"with commas, about the bridge.</p>" + b"<p>More text here.</p>" * 50
    assert "Bell" in decode_document(page).text
    assert "\x07" not in scraper.extract(page).text


def test_a_byte_order_mark_comes_first() -> None:
    page = "<html><body><p>UTF-16 with its byte-order mark</p>".encode("utf-16")
    assert "byte-order mark" in decode_document(page).text
