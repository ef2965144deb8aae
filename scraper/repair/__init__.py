"""Repair stage: bring back structure and text that broken pipelines mangled.

Two entry points, both counting what they change into a ``Repairs`` counter (the record's
``repairs`` field):

- ``repair_markup(html, repairs)``: on the decoded document, before parsing, so repaired tags
  become real elements when the tree is built. Kinds: ``mojibake`` (``text``: it must be undone
  before extraction collapses the U+00A0 it holds), ``table_debris`` (``tables``),
  ``mangled_tags``, ``escaped_tags`` and ``misnested`` (``markup``).
- ``repair_text(text, repairs)``: on each extracted text. Kinds: ``entities``, ``mojibake``,
  ``control_chars``, ``invisible_chars``, ``spaces``, ``soft_hyphens``, ``unicode_nfc``
  (``text``).

The decode stage adds ``charset`` (the declared charset was wrong or missing and bytes said
otherwise). Each module skips clean input with one cheap precheck, so clean pages pay almost
nothing.
"""

from __future__ import annotations

from scraper.models import Repairs
from scraper.repair.context import TextPositions, find_hints
from scraper.repair.markup import repair_tags
from scraper.repair.tables import repair_tables
from scraper.repair.text import repair_document_mojibake, repair_text_chars

__all__ = ["repair_markup", "repair_text"]


def repair_markup(html: str, repairs: Repairs, *, utf8_source: bytes | None = None) -> str:
    """Return ``html`` with half-eaten tables rebuilt and mangled tags turned back into tags.

    Tables go first: their debris holds spaced cell tags (``< / td >``) that only make sense as
    cell boundaries of the rebuilt table. ``utf8_source``: the bytes ``html`` was decoded from
    as UTF-8, when it was (a faster mojibake check).
    """
    decoded = html
    html = repair_document_mojibake(html, repairs, utf8_source=utf8_source)
    hints = find_hints(html, utf8_source if html is decoded else None)
    if not hints:
        return html
    positions = TextPositions(html)
    repaired = repair_tables(html, repairs, hints, positions)
    if repaired is not html:
        return repair_tags(repaired, repairs)
    return repair_tags(html, repairs, hints, positions)


def repair_text(text: str, repairs: Repairs, *, literal: bool = False) -> str:
    """Return ``text`` with mojibake and character damage fixed.

    ``literal`` marks text shown verbatim (code blocks): only encoding damage is repaired there,
    entities and spacing are content.
    """
    return repair_text_chars(text, repairs, literal=literal)
