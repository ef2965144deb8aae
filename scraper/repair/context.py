"""Where in a document a suspicious spot sits: literal content, comment, attribute, or text.

The prechecks of the repair modules find hints with a fast case-sensitive search; a hint only
counts when it sits in text. Scripts (``i < n``), attributes (``data-html="&lt;p&gt;"``) and
code samples are full of hints and never damage, and are ruled out here without tokenizing the
whole document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from scraper.repair.tags import LITERAL_TAGS

__all__ = [
    "END_OF_LITERAL",
    "ESCAPED_END_OF_LITERAL",
    "MAX_HINTS",
    "Hints",
    "TextPositions",
    "find_hints",
    "splice",
]

_NAMES = "|".join(sorted(LITERAL_TAGS, key=len, reverse=True))
#: Literal start/end tags and comment openings in one case-sensitive pass (lower-casing a large
#: non-ASCII page costs more than the whole precheck may).
_LITERAL_EDGE = re.compile(
    rf"<(?:(/?)({_NAMES}|{_NAMES.upper()})(?=[\s/>])|(!--)"
    rf"|(?:\s+/\s*|/\s+)({_NAMES}|{_NAMES.upper()})\s*>)"
)
#: A literal element's start tag, as ``_LITERAL_EDGE`` reads it.
_LITERAL_START = re.compile(rf"<(?:{_NAMES}|{_NAMES.upper()})(?=[\s/>])")
#: Where a literal element ends: its end tag, or the same end tag mangled by spaces (then the
#: damage goes on after it, and must not be taken for the element's literal content).
END_OF_LITERAL = {
    name: re.compile(
        rf"</{name}\s*>|<(?:\s+/\s*|/\s+){name}\s*>|&amp;(?:amp;)*lt;\s*/\s*{name}\s*&amp;(?:amp;)*gt;",
        re.I,
    )
    for name in LITERAL_TAGS
}
#: A literal element with no end tag left but a once-escaped one: ends there (once-escaped end
#: tags inside code are content, so this is only the fallback).
ESCAPED_END_OF_LITERAL = {
    name: re.compile(rf"&lt;\s*/\s*{name}\s*&gt;", re.I) for name in LITERAL_TAGS
}


#: How far around the word ``script`` a mangled end tag of it can reach
#: (``&amp;amp;lt; / script &amp;amp;gt;``).
_MANGLED_END_REACH = 32


def _mangled_script_end(html: str, start: int, end: int) -> int | None:
    """Where the first mangled ``</script>`` in ``html[start:end]`` begins. Found from the word
    ``script`` by ``str.find``: a regex over a long script would cost more than the rest of
    the precheck."""
    for word in ("script", "SCRIPT"):
        at = html.find(word, start, end)
        while at != -1:
            found = END_OF_LITERAL["script"].search(
                html, max(start, at - _MANGLED_END_REACH), min(end, at + _MANGLED_END_REACH))
            if found is not None:
                return found.start()
            at = html.find(word, at + len(word), end)
    return None


class TextPositions:
    """Answers "is this position in text?" for one document; the literal spans are found on
    the first question that needs them, once."""

    def __init__(self, html: str) -> None:
        self._html = html
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []
        # The last script found around a position: the hints of one large inline script
        # (``a < b`` in minified code) are answered without scanning it back each time.
        self._script = (0, 0)

    def _in_script(self, position: int) -> bool:
        start, end = self._script
        if start <= position < end:
            return True
        html = self._html
        opened = html.rfind("<script", 0, position)
        if opened == -1 or html.rfind("</script", opened, position) != -1:
            return False
        closed = html.find("</script", position)
        closed = len(html) if closed == -1 else closed
        # A mangled end tag (``< / script >``) ends it for the repair: what follows is the
        # page's markup, swallowed by the script only because of the damage.
        content = html.find(">", opened, closed) + 1  # ``type="text/javascript"`` is no sign
        mangled = _mangled_script_end(html, content, closed) if content else None
        if mangled is not None:
            if mangled <= position:
                return False
            closed = mangled
        self._script = (opened, closed)
        return True

    def _build(self) -> list[tuple[int, int]]:
        html = self._html
        spans: list[tuple[int, int]] = []
        open_name: str | None = None
        open_at = 0
        # Hints are only sought in the body (``find_hints``), so the head's scripts and styles,
        # close to half of a modern page, need no spans.
        pos = _body_start(html)
        while (match := _LITERAL_EDGE.search(html, pos)) is not None:
            pos = match.end()
            if match.group(3):  # a comment, unless inside a literal element
                if open_name is None:
                    end = html.find("-->", pos)
                    end = len(html) if end == -1 else end
                    spans.append((match.start(), end))
                    pos = end
                continue
            closing = bool(match.group(1) or match.group(4))
            name = (match.group(2) or match.group(4)).lower()
            if open_name is None and not closing:
                open_name, open_at = name, match.start()
            elif open_name == name and closing:
                spans.append((open_at, match.start()))
                open_name = None
        if open_name is not None:
            spans.append((open_at, len(html)))
        self._starts = [span[0] for span in spans]
        self._spans = spans
        return spans

    def known_literal(self, position: int) -> bool:
        """True when ``position`` is already known to be literal content (found by an earlier
        question): a check cheap enough to put before any other."""
        if self._spans is not None:
            return self._in_span(position)
        return self._script[0] <= position < self._script[1]

    def in_text(self, position: int) -> bool:
        """False inside literal elements, comments and tags (attribute values)."""
        # Known literal content first: a script holding escaped markup and no ``<`` of its own
        # would send the tag check below scanning back through all of it, hint after hint.
        if self.known_literal(position):
            return False
        html = self._html
        tag_start = html.rfind("<", 0, position)
        if tag_start != -1 and html.rfind(">", 0, position) < tag_start:
            following = html[tag_start + 1:tag_start + 2]
            if following.isalpha() or following == "/":
                return False  # inside a start or end tag: an attribute value
        if self._spans is None:
            # The common cases, answered without finding every literal element: a script, or
            # the text right after a literal element's start tag (``<noscript>&lt;img``; not
            # one a comment's end shows was commented out).
            if self._in_script(position) or (
                    tag_start != -1 and _LITERAL_START.match(html, tag_start) is not None
                    and html.find("-->", tag_start, position) == -1):
                return False
            self._build()
            return not self._in_span(position)
        return True

    def _in_span(self, position: int) -> bool:
        spans = self._spans or []
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and spans[index][0] <= position < spans[index][1]


#: A page whose scripts hold this many hints is handed to the full scans rather than checked
#: hint by hint (each check costs a little; a full scan is bounded).
MAX_HINTS = 2000

#: Every spot any repair could start from, in two case-sensitive passes (an IGNORECASE or
#: mixed-first-character pattern loses the fast scan): a ``<`` before a space, ``/ ``, ``<`` or
#: ``>``; an escaped ``<`` at any escape depth. The first pass also notes where the page's last
#: ``</table>`` is (the ``table`` group), which bounds the third.
_ANGLE_HINT = re.compile(r"<(?:/?\s|[<>]|(?P<table>/[tT][aA][bB][lL][eE]))")
_ENTITY_HINT = re.compile(r"&(?:amp;)*(?:lt|LT|#0*60|#[xX]0*3[cC]);")
#: A table whose eaten tags were all openers leaves ``>`` after a tag's end and nothing else
#: (``</caption> >``): the second ``>`` of two with only space between. Its real closers stay,
#: ``</table>`` among them, so this is sought only before the page's last ``</table>``: most
#: pages have none, and this pass would cost as much as the other two together.
_OPENER_HINT = re.compile(r">\s*>")


@dataclass(slots=True)
class Hints:
    """Positions of the hints of one document (``truncated``: more than ``MAX_HINTS``)."""

    angle: list[int] = field(default_factory=list)
    entity: list[int] = field(default_factory=list)
    opener: list[int] = field(default_factory=list)  # table debris only (``_OPENER_HINT``)
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.angle or self.entity or self.opener or self.truncated)

    def add(self, found: list[int], position: int) -> bool:
        """Add a hint to ``found`` (one of the lists); False once ``MAX_HINTS`` are held."""
        if len(self.angle) + len(self.entity) + len(self.opener) >= MAX_HINTS:
            self.truncated = True
            return False
        found.append(position)
        return True


def find_hints(html: str, utf8: bytes | None = None) -> Hints:
    """The hints of ``html``'s body, at most ``MAX_HINTS`` of them. The head (scripts, styles
    and JSON-LD: close to half of a modern page) holds no text a repair could mend.

    ``utf8``: the bytes ``html`` was decoded from as UTF-8 (a byte-order mark cut off and bad
    bytes replaced are fine), when the caller has them: the body is then found by a byte search.
    """
    hints = Hints()
    start = _body_start(html, utf8)
    tables_end = start
    for match in _ANGLE_HINT.finditer(html, start):
        if match.group("table"):
            tables_end = match.start()
        elif not hints.add(hints.angle, match.start()):
            return hints
    for position in _entity_hints(html, start):
        if not hints.add(hints.entity, position):
            return hints
    for match in _OPENER_HINT.finditer(html, start, tables_end):
        if not hints.add(hints.opener, match.end() - 1):
            break
    return hints


#: ``_ENTITY_HINT`` is tried at each ``&`` that ``str.find`` finds: the regex's own scan for
#: its first character costs about 1 ns a character, the find a fifth of that, and each try
#: about 0.3 µs (on Scrapinghub, whose pages hold 260 ``&`` on average, 215 µs a page against
#: 120). Past this many ``&`` (a page of query-string links, up to 13,000 there) the regex
#: scans the rest itself: no page pays more than about 0.6 ms over the plain scan.
ENTITY_FIND_LIMIT = 2000


def _entity_hints(html: str, start: int) -> Iterator[int]:
    """Where ``_ENTITY_HINT`` matches from ``start``, as ``finditer`` finds them: every match
    starts with ``&``, and the search goes on from a match's end."""
    match = _ENTITY_HINT.match
    at = html.find("&", start)
    tried = 0
    while at != -1:
        tried += 1
        if tried > ENTITY_FIND_LIMIT:
            yield from (found.start() for found in _ENTITY_HINT.finditer(html, at))
            return
        found = match(html, at)
        if found is None:
            at = html.find("&", at + 1)
        else:
            yield at
            at = html.find("&", found.end())


def _body_start(html: str, utf8: bytes | None = None) -> int:
    """Where the body starts, or 0 when there is no ``<body>`` tag (a fragment) or its case is
    odd. The first ``<body`` can only be early (in a head script), never late.

    With ``utf8`` (see ``find_hints``) the tag is sought in the bytes, at memory speed (a
    character search of a page with non-Latin-1 characters is about ten times slower): ASCII
    bytes are the same characters, so a byte offset with only ASCII before it is the character
    offset, and a tag missing from the bytes is missing from the text. A page with other
    characters before its body is searched as text."""
    for tag in ("<body", "<BODY"):
        if utf8 is not None:
            at = utf8.find(tag.encode("ascii"))
            if at == -1:
                continue
            if utf8[:at].isascii():
                return at
        if (at := html.find(tag)) != -1:
            return at
    return 0


def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied; edits sorted, not overlapping.
    One join instead of repeated slicing keeps a page with thousands of repairs linear."""
    out: list[str] = []
    last = 0
    for start, end, replacement in edits:
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)
