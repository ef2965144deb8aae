"""Repair stage: bring back structure and text that broken pipelines mangled.

Two entry points, both counting what they change into a ``Repairs`` counter:

- ``repair_markup(html, repairs)``: on the decoded document, before parsing: tags mangled into
  visible text (``< / li >``, ``&lt;p&gt;``), half-eaten table debris.
- ``repair_text(text, repairs)``: on each extracted text: mojibake, stray entities, invisible and
  control characters, odd spaces, NFC.
"""

from __future__ import annotations

import html as _html
import unicodedata

import ftfy

from scraper.models import Repairs

__all__ = ["repair_markup", "repair_text"]


def repair_markup(html: str, repairs: Repairs) -> str:
    """Return ``html`` with mangled markup restored (first version: unchanged)."""
    return html


def repair_text(text: str, repairs: Repairs) -> str:
    """Return ``text`` with mojibake and character damage fixed."""
    fixed = ftfy.fix_text(text)
    if fixed != text:
        repairs["mojibake"] += 1
    if "&" in fixed:
        fixed = _html.unescape(fixed)
    return unicodedata.normalize("NFC", fixed)
