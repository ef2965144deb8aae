"""Tags mangled into visible text, turned back into tags before the document is parsed.

Kinds counted in ``Repairs``:

- ``mangled_tags``: spaced tags, ``< / li >``, ``< strong >``, ``<  /p>``, ``< h2 class="x" >``.
  A parser sees text there (``<`` followed by a space opens no tag).
- ``escaped_tags``: tags escaped once or more into entities, ``&lt;/li&gt;``,
  ``&amp;lt;li&amp;gt;``, ``&#60;p&#62;``, any case, with or without attributes.
- ``misnested``: in a document with such damage, the end tags of a list that a paragraph or a
  heading would otherwise land in (``<ul>`` whose items arrived as text, an item never closed).

Legitimate text looks the same, so a candidate is only turned back into a tag on evidence:

1. Never inside literal elements (``pre``, ``code``, ``script``, ``textarea``, ...), comments
   or attribute values; only HTML element names (custom element names included).
2. A candidate is *confirmed* when it pairs with a tag (real or candidate) inside the same open
   element: ``&lt;p&gt;text</p>``, ``<li>text&lt;/li&gt;``, ``< b >x< / b >``, or is an item
   closed by its next sibling or its list. A lone ``&lt;li&gt;`` in a sentence about HTML, or
   ``a < b > c``, pairs with nothing.
3. Per kind, the document must show damage (``SPACED_MIN_CONFIRMED``); then confirmed
   candidates are repaired, and so are unconfirmed ones that cannot be prose (end tags,
   block-level names, void tags), but never an unpaired one-letter start tag (``< b >``).
4. Once-escaped tags are what a page about HTML writes on purpose, so they need
   ``ESCAPED_MIN_STRUCTURAL`` confirmed candidates that sit on structure boundaries (an end tag
   followed by markup, a start tag preceded by markup) before any of them is repaired; or,
   one alone, to be exactly the tag the page's own tags are missing (``_mends_the_page``).

The document is walked once with a stack of open elements; the cheap precheck
(``has_mangled_tags``) keeps clean documents from ever being walked.
"""

from __future__ import annotations

import html as _html
import re
from collections import Counter
from dataclasses import dataclass, field

from scraper.deadline import check_deadline
from scraper.models import Repairs
from scraper.repair.context import (
    END_OF_LITERAL,
    ESCAPED_END_OF_LITERAL,
    Hints,
    TextPositions,
    find_hints,
    splice,
)
from scraper.repair.tags import (
    BLOCK_TAGS,
    HEADING_TAGS,
    LITERAL_TAGS,
    TAG_REST,
    VOID_TAGS,
    is_known_name,
)

__all__ = ["has_mangled_tags", "repair_tags"]

#: Once-escaped tags are legitimate prose on pages about HTML ("use the &lt;li&gt; element");
#: two confirmed ones on structure boundaries (``&lt;p&gt;`` right after markup, ``&lt;/p&gt;``
#: right before it) is a pattern no prose produces by accident.
ESCAPED_MIN_STRUCTURAL = 2

#: A spaced or doubly escaped tag is never written on purpose; one confirmed pair or one spaced
#: end tag proves the page was damaged.
SPACED_MIN_CONFIRMED = 1

#: A name HTML does not have is read as a page's own element (``<block>``) from this length:
#: shorter ones are letters in a formula (``&lt;x&gt;``).
MIN_UNKNOWN_NAME = 3

#: Escape depth we undo: ``&amp;amp;lt;`` (three levels) is the deepest seen in the wild.
MAX_ESCAPE_DEPTH = 3

#: Longest escaped attribute value read as part of a tag: a data: URL image or an Angular
#: ``innerhtml`` copy of the whole article runs to tens of kilobytes. (The scan of a value
#: stops at the first real ``<`` or ``>``, so the bound costs nothing on ordinary text.)
ATTR_VALUE_MAX = 200_000

#: Void elements that mean something without attributes (a line break, a rule); any other
#: bare void tag (``&lt;img&gt;``, ``&lt;input&gt;``) is an element's name written in prose.
BARE_VOID_TAGS = frozenset({"br", "hr", "wbr"})

#: Literal elements that sit inline in prose. Their content is scanned for spaced and doubly
#: escaped tags (never written on purpose): a page whose markup was mangled has its inline
#: code mangled too, so those are repaired once the damage is shown outside them. Once-escaped
#: tags there stay: ``<code>&lt;li&gt;</code>`` is how a page about HTML shows a tag.
INLINE_LITERAL_TAGS = frozenset({"code", "tt", "kbd", "samp"})

# Entity names spelled in both cases rather than with re.I: an IGNORECASE pattern loses the
# fast first-character scan, and the document-wide scan below would cost several times more.
_AMP = r"&(?:amp;|AMP;){0,3}"
_ENTITY_LT = rf"{_AMP}(?:lt|LT|\#0*60|\#[xX]0*3[cC]);"
# Inside an escaped tag, its quotes and its closing bracket are escaped as deep as its opening
# bracket (the ``amp`` group): a deeper ``&amp;gt;`` or ``&amp;quot;`` is the content of an
# attribute value (Angular's ``innerhtml``, an inline SVG in a data: URL), not the tag's end.
# A value ends at its first quote of that depth, as in HTML, and is never read back
# (possessive): a page of unclosed ``&lt;a x=&quot;`` would otherwise cost quadratic time.
_SAME_QUOT = r"(?P=amp)(?:quot|QUOT|\#0*34|\#[xX]0*22);"
_SAME_APOS = r"(?P=amp)(?:apos|\#0*39|\#[xX]0*27);"
# HTML names, and custom element names (a hyphen inside: ``comments-count``).
_NAME = r"[a-zA-Z][a-zA-Z0-9]{0,9}(?:-[a-zA-Z0-9]{1,20}){0,3}"
# Spaced tags with attributes need one ``name=value`` among them (checked when parsed):
# ``a < b and c > d`` must not look like a tag, ``< a hidden href="#x" >`` is one. A quoted
# value runs to its closing quote, brackets and line breaks included, as in any real tag: an
# inline SVG in a data: URL, JSON with ``<p>`` in a data attribute, a multi-line ``onload``.
# Attribute names as HTML reads them, up to a space, quote, slash, ``=`` or bracket: Angular's
# ``(click)`` and ``[hidden]``, Vue's ``@click``, a template's stray ``"=""``.
_SPACED_ATTR = (
    r"""[^\s<>/=]+(?:\s*=\s*(?:"""
    rf""""[^"]{{0,{ATTR_VALUE_MAX}}}"|'[^']{{0,{ATTR_VALUE_MAX}}}'|[^\s"'<>=`]+))?"""
)
_ESCAPED_ATTR = (
    rf"""(?:[^\s"'<>/=&]|{_SAME_QUOT}|{_SAME_APOS})+"""
    r"""(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'"""
    rf"""|{_SAME_QUOT}(?:[^<>&]|(?!{_SAME_QUOT})&){{0,{ATTR_VALUE_MAX}}}+{_SAME_QUOT}"""
    rf"""|{_SAME_APOS}(?:[^<>&]|(?!{_SAME_APOS})&){{0,{ATTR_VALUE_MAX}}}+{_SAME_APOS}"""
    r"""|[^\s"'<>=`&]+))?"""
)
_SPACED = rf"<(?:\s+/?\s*|/\s+){_NAME}(?:\s+{_SPACED_ATTR})*\s*/?\s*>"
_ESCAPED = (rf"(?P<amp>{_AMP})(?:lt|LT|\#0*60|\#[xX]0*3[cC]);\s*/?\s*{_NAME}"
            rf"(?:\s+{_ESCAPED_ATTR})*\s*/?\s*(?P=amp)(?:gt|GT|\#0*62|\#[xX]0*3[eE]);")

_SPACED_AT = re.compile(_SPACED, re.I)
_ESCAPED_AT = re.compile(_ESCAPED, re.I)
_NAME_IN = re.compile(r"[a-zA-Z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*")
_VOID_ESCAPED = re.compile(
    rf"{_ENTITY_LT}\s*(?:{'|'.join(sorted(VOID_TAGS, key=len, reverse=True))})\b", re.I
)

_TOKEN = re.compile(
    r"(?P<comment><!--[\s\S]*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>)"
    rf"|(?P<tag><(?P<close>/?)(?P<name>[a-zA-Z][^\s/>]*){TAG_REST})"
    rf"|(?P<spaced>{_SPACED})"
    rf"|(?P<escaped>{_ESCAPED})",
)
_CANDIDATE_PARTS = re.compile(
    r"<\s*(?P<close>/?)\s*(?P<name>[a-zA-Z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*)"
    r"""(?P<attrs>(?:[^<>=]|=\s*+(?>"[^"]*"|'[^']*'|[^\s>"'][^\s>]*|))*?)"""
    r"\s*(?P<self>/?)\s*>\Z",
    re.S,
)
_INNER_SPACE = re.compile(r"<(?:\s+|/\s+)")
#: Elements whose end tag HTML lets authors leave out: a start tag of one is closed by its
#: next sibling or by its parent's end tag, and still is structure.
_OPTIONAL_END = frozenset({"li", "p", "dt", "dd", "td", "th", "tr", "option", "thead", "tbody"})
#: Blocks a heading with lost end tag swallows (the parser nests them inside it).
_SWALLOWED_BLOCKS = frozenset({"p", "div", "ul", "ol", "table", "blockquote", "figure", "section"})
_HEADING_END = {
    name: re.compile(rf"</{name}\s*>|<(?:\s+/\s*|/\s+){name}\s*>|&(?:amp;)*lt;\s*/\s*{name}\s*&",
                     re.I)
    for name in ("h1", "h2", "h3", "h4", "h5", "h6")
}
_HEADING_START = re.compile(r"<[hH][1-6][\s>]")
#: Elements that hold blocks, not phrases: a tag standing alone in one of these is layout.
_CONTAINERS = frozenset({"body", "div", "article", "section", "main", "aside", "header",
                         "footer", "nav", "blockquote", "figure", "form", "fieldset", "details",
                         "center", "html"})
_PAGE_TAGS = frozenset({"html", "head", "body"})
#: An escaped line break, at any escape depth (``_glued_break``).
_GLUED_BREAK = re.compile(rf"{_ENTITY_LT}\s*br\s*/?\s*&", re.I)
#: A sentence's end (Latin, CJK, Devanagari full stops; closing quotes after), then space.
_SENTENCE_END = re.compile("[.!?\u2026\u3002\uff01\uff1f\u0964][\"'\u201d\u2019\u00bb)\\]]*\\s*\\Z")
_BLOCK_NAMES = "|".join(sorted(BLOCK_TAGS, key=len, reverse=True))
_BLOCK_END_BEFORE = re.compile(rf"</(?:{_BLOCK_NAMES})\s*>\s*\Z", re.I)
_BLOCK_START_AFTER = re.compile(rf"\s*<(?:{_BLOCK_NAMES})[\s/>]", re.I)
#: How far a check looks back from a candidate for the tag or sentence end before it
#: (indentation is shorter).
_NEAR = 200


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: str  # "spaced" | "escaped" (once, tight: ``&lt;li&gt;``) | "odd" (deeper or spaced)
    name: str
    closing: bool
    attrs: str
    void: bool
    bare: bool
    confirmed: bool = False
    paired: bool = False  # confirmed by its own start or end tag, not by a parent's end
    structural: bool = False
    fits: bool = False  # an opener in a container element, or a closer of the innermost one
    in_literal: bool = False  # inside inline code (``INLINE_LITERAL_TAGS``)
    known: bool = True  # an HTML element name (else a page's own element, ``<block>``)
    between_blocks: bool = False  # a void tag between two blocks (``_between_blocks``)
    glued: bool = False  # a line break glued to the word before it (``_glued_break``)
    next_tag: str = ""  # an end tag's next token when a real tag after space: ``p``, ``/div``
    after_sentence: bool = False  # the text before it ends a sentence (``amet. &lt;/p&gt;``)


def has_mangled_tags(html: str, hints: Hints | None = None,
                     positions: TextPositions | None = None) -> bool:
    """True when ``html`` holds, in text, enough possible mangled tags to ever be repaired
    (the cheap precheck): one spaced or oddly escaped tag, or ``ESCAPED_MIN_STRUCTURAL``
    tightly escaped ones."""
    hints = hints if hints is not None else find_hints(html)
    if hints.truncated:
        return True
    positions = positions or TextPositions(html)
    escaped = 0
    for starts, full in ((hints.angle, _SPACED_AT), (hints.entity, _ESCAPED_AT)):
        for start in starts:
            # Scripts hold most hints: those of a script already met are ruled out first. The
            # shape comes before the full text test, which may have to find every literal
            # element of the page (``&lt;Title&gt;`` and ``&lt;me@x.y&gt;`` never need it).
            if positions.known_literal(start):
                continue
            candidate = full.match(html, start)
            if (candidate is None or not _known_name(candidate.group(0))
                    or not positions.in_text(start)):
                continue
            text = candidate.group(0)
            # Spaced, escaped more than once (``&amp;lt;``: not ``&amp;`` in a URL inside), or
            # escaped with inner spaces: never written on purpose.
            if full is _SPACED_AT or text[:5].lower() == "&amp;" or _INNER_SPACE.match(
                    _html.unescape(text)):
                return True
            if _VOID_ESCAPED.match(text):
                # A void tag never pairs up: only one between blocks, or a line break glued to
                # its word, may be mended.
                if _between_blocks(html, start, candidate.end()) or _glued_break(
                        html, start, text):
                    return True
                continue
            escaped += 1
            if escaped >= ESCAPED_MIN_STRUCTURAL or _on_boundary(html, start, candidate.end()):
                return True
    return False


def _glued_break(html: str, start: int, text: str) -> bool:
    """An escaped line break glued to the word before it (``non&lt;br/&gt;``): a tag shown on
    purpose is a word of its own in its sentence."""
    return (start > 0 and not html[start - 1].isspace() and html[start - 1] != ">"
            and _GLUED_BREAK.match(text) is not None)


def _between_blocks(html: str, start: int, end: int) -> bool:
    """Only space between ``html[start:end]`` and a block's end tag before it, and a block's
    start tag after it: where a page's images stand, never inside a sentence."""
    return (_BLOCK_END_BEFORE.search(html, max(0, start - _NEAR), start) is not None
            and _BLOCK_START_AFTER.match(html, end) is not None)


def _on_boundary(html: str, start: int, end: int) -> bool:
    """A start tag right after a tag, or any end tag: where one escaped tag may be the page's
    missing one (``_mends_the_page`` decides, on the whole document)."""
    if _html.unescape(html[start:end]).replace(" ", "")[1:2] == "/":  # an end tag
        return True
    return html[max(0, start - _NEAR):start].rstrip().endswith(">")


def _known_name(candidate: str) -> bool:
    for name in _NAME_IN.finditer(candidate):
        if name.group(0) in ("amp", "lt", "gt", "LT", "GT", "x3c", "x3C"):
            continue
        return is_known_name(name.group(0).lower())
    return False


def repair_tags(html: str, repairs: Repairs, hints: Hints | None = None,
                positions: TextPositions | None = None) -> str:
    """Turn mangled tags back into tags, on the evidence described in the module docstring."""
    if not has_mangled_tags(html, hints, positions):
        return html
    scan = _scan(html)
    chosen = _choose(scan, damaged=repairs["table_debris"] > 0)
    if not chosen:
        return html
    converted = {id(cand) for cand in chosen}
    edits: list[tuple[int, int, str]] = []
    for cand in chosen:
        edits.append((cand.start, cand.end, _as_tag(cand)))
        repairs["mangled_tags" if cand.kind == "spaced" else "escaped_tags"] += 1
    for position, popped in scan.breakouts:
        closes = "".join(f"</{entry.name}>" for entry in popped
                         if entry.cand is None or id(entry.cand) in converted)
        if closes:
            edits.append((position, position, closes))
            repairs["misnested"] += 1
    edits.sort(key=lambda edit: edit[0])
    return splice(html, edits)


@dataclass(slots=True)
class _Open:
    """An element open at the current point of the scan (real, or a candidate start tag)."""

    name: str
    cand: _Candidate | None
    end: int  # where its content starts


@dataclass(slots=True)
class _Scan:
    candidates: list[_Candidate] = field(default_factory=list)
    # Before a <p> or heading that would land inside an unclosed list: the lists to close.
    breakouts: list[tuple[int, list[_Open]]] = field(default_factory=list)
    # The page's own start and end tags per name, to see what a lone escaped tag would mend.
    opens: Counter[str] = field(default_factory=Counter)
    closes: Counter[str] = field(default_factory=Counter)


def _scan(html: str) -> _Scan:
    """Walk the document once, keeping a stack of open elements to confirm candidates."""
    scan = _Scan()
    candidates = scan.candidates
    stack: list[_Open] = []
    literal: _Candidate | None = None  # a repaired-to-be <pre>/<code>: its content is literal
    previous_end = 0
    previous: _Candidate | None = None
    inline_literal = 0  # inline code elements open here
    pos = 0
    while (match := _TOKEN.search(html, pos)) is not None:
        check_deadline()
        pos = match.end()
        gap_is_blank = not html[previous_end:match.start()].strip()
        if previous is not None and gap_is_blank and previous.closing:
            previous.structural = previous.structural or previous.confirmed
            if match.group("tag"):
                previous.next_tag = match.group("close") + match.group("name").lower()
        previous = None
        previous_end = pos
        if match.group("comment"):
            continue
        if match.group("tag"):
            name = match.group("name").lower()
            if name in BLOCK_TAGS:
                inline_literal = 0  # inline code never holds a block: one left open ends here
            elif name in INLINE_LITERAL_TAGS and not match.group(0).endswith("/>"):
                inline_literal = max(0, inline_literal + (-1 if match.group("close") else 1))
            if match.group("close"):
                scan.closes[name] += 1
                _close(stack, name, None)
                if literal is not None and name == literal.name:
                    literal = None
            elif (name in LITERAL_TAGS and name not in INLINE_LITERAL_TAGS
                  and not match.group(0).endswith("/>")):
                end = (END_OF_LITERAL[name].search(html, pos)
                       or ESCAPED_END_OF_LITERAL[name].search(html, pos))
                if end is None:
                    pos = previous_end = len(html)
                elif end.group(0)[1] == "/" and end.group(0)[2:3].isalpha():
                    pos = previous_end = end.end()  # its own end tag: skip it all
                else:  # its end tag is mangled: scan that as a candidate closing it
                    stack.append(_Open(name, None, pos))
                    pos = previous_end = end.start()
            elif name not in VOID_TAGS:
                scan.opens[name] += 1
                _break_out_of_lists(scan, stack, name, match.start(), html)
                _implicit_close(stack, name)
                stack.append(_Open(name, None, pos))
            continue
        cand = _parse_candidate(match)
        if cand is None:
            continue
        if inline_literal and cand.kind == "escaped":
            continue  # ``<code>&lt;li&gt;</code>``: how a page about HTML shows a tag
        if literal is not None:
            if cand.closing and cand.name == literal.name:
                literal = None
                candidates.append(cand)
                _close(stack, cand.name, cand)
            continue
        candidates.append(cand)
        previous = cand
        cand.in_literal = inline_literal > 0
        cand.between_blocks = cand.void and _between_blocks(html, cand.start, cand.end)
        cand.glued = cand.name == "br" and _glued_break(html, cand.start, match.group(0))
        if cand.name in INLINE_LITERAL_TAGS and not cand.void:
            inline_literal = max(0, inline_literal + (-1 if cand.closing else 1))
        if cand.closing:
            cand.fits = bool(stack) and stack[-1].name == cand.name
            cand.after_sentence = bool(_SENTENCE_END.search(html, max(0, cand.start - _NEAR),
                                                            cand.start))
            _close(stack, cand.name, cand)
            continue
        cand.fits = not stack or stack[-1].name in _CONTAINERS
        cand.structural = gap_is_blank
        if cand.name in LITERAL_TAGS and cand.name not in INLINE_LITERAL_TAGS:
            literal = cand
        if not cand.void:
            _break_out_of_lists(scan, stack, cand.name, cand.start, html)
            _implicit_close(stack, cand.name)
            stack.append(_Open(cand.name, cand, pos))
    for cand in candidates:
        if not cand.closing:
            cand.structural = cand.structural and cand.confirmed
    return scan


def _break_out_of_lists(scan: _Scan, stack: list[_Open], name: str, position: int,
                        html: str) -> None:
    """A paragraph cannot be a child of ``<ul>``, and a heading after an item's text does not
    belong to the item: both mean the list's end tags were lost. A block after a heading's text
    means the heading's end tag was lost (the heading would swallow it). Record the closes to
    insert."""
    if not stack:
        return
    top = stack[-1]
    if top.name in HEADING_TAGS and name in _SWALLOWED_BLOCKS and _has_text(
            html, top.end, position) and not _heading_closes_later(html, top.name, position):
        scan.breakouts.append((position, [top]))
        stack.pop()
        return
    if name != "p" and name not in HEADING_TAGS:
        return
    if top.name == "li":
        if name == "p" or not _has_text(html, top.end, position):
            return
    elif top.name not in ("ul", "ol"):
        return
    index = len(stack)
    while index > 0 and stack[index - 1].name in ("li", "ul", "ol"):
        index -= 1
    scan.breakouts.append((position, stack[index:][::-1]))
    del stack[index:]


def _has_text(html: str, start: int, end: int) -> bool:
    """Text between two points, other than tags: real ones and mangled ones alike (in an
    escaped list item, ``&lt;a&gt;&lt;img&gt;&lt;/a&gt;`` before its heading is no text)."""
    return bool(_TOKEN.sub("", html[start:end]).strip())


def _heading_closes_later(html: str, name: str, position: int) -> bool:
    """Does the heading's own end tag (real, or mangled) still come, before the next heading?
    Then the block inside it is the page's markup, not a swallowed paragraph."""
    end = _HEADING_END[name].search(html, position)
    if end is None:
        return False
    following = _HEADING_START.search(html, position)
    return following is None or end.start() < following.start()


def _parse_candidate(match: re.Match[str]) -> _Candidate | None:
    text = match.group(0)
    kind = "spaced"
    if match.group("escaped"):
        depth = 0
        unescaped = text
        while "&" in unescaped and depth <= MAX_ESCAPE_DEPTH:
            again = _html.unescape(unescaped)
            if again == unescaped:
                break
            unescaped, depth = again, depth + 1
            if unescaped.startswith("<"):
                break
        # Escaped more than once, or escaped with inner spaces (``&lt; / li &gt;``): never
        # written on purpose, as strong a sign as a spaced tag.
        kind = "escaped" if depth == 1 and not _INNER_SPACE.match(unescaped) else "odd"
        # Attribute values may hold one more level than the brackets; undo what is left once.
        text = unescaped
    parts = _CANDIDATE_PARTS.match(text)
    if parts is None:
        return None
    name = parts.group("name").lower()
    known = is_known_name(name)
    if not known and len(name) < MIN_UNKNOWN_NAME:
        return None  # ``< y >`` or ``&lt;x&gt;`` in a formula
    closing = bool(parts.group("close"))
    attrs = " ".join(parts.group("attrs").split())
    if (closing and attrs) or (kind == "spaced" and attrs and "=" not in attrs):
        return None
    return _Candidate(
        start=match.start(), end=match.end(), kind=kind, name=name, closing=closing,
        attrs=attrs, void=name in VOID_TAGS or bool(parts.group("self")), bare=not attrs,
        known=known,
    )


def _close(stack: list[_Open], name: str, cand: _Candidate | None) -> None:
    for index in range(len(stack) - 1, -1, -1):
        open_name, opener = stack[index].name, stack[index].cand
        if open_name != name:
            continue
        if cand is None and opener is not None and _maybe_inequality(opener) and any(
            other.name == name and other.cand is None for other in stack[:index]
        ):
            # ``<b>a < b > c</b>``: the real end tag belongs to the real start tag below.
            continue
        if opener is not None:
            opener.confirmed = opener.paired = True
        if cand is not None:
            cand.confirmed = cand.paired = True
        for inner in stack[index + 1:]:
            if inner.cand is not None and inner.name in _OPTIONAL_END and (
                    inner.name != "p" or name not in _OPTIONAL_END):
                inner.cand.confirmed = True  # ``<ul>&lt;li&gt;a</ul>``: items need no end tag
        del stack[index:]
        return


def _implicit_close(stack: list[_Open], name: str) -> None:
    """A start tag that ends an open sibling without its end tag (``<li>`` after ``<li>``)
    confirms that sibling when it was a candidate."""
    if name in _OPTIONAL_END and stack and stack[-1].name == name:
        top = stack.pop()
        if top.cand is not None:
            top.cand.confirmed = True


def _choose(scan: _Scan, *, damaged: bool = False) -> list[_Candidate]:
    """The candidates to repair: per kind, only when the document shows a run of that damage.
    Escaped tags that pair up are also repaired once the document shows damage of another
    kind (spaced or doubly escaped tags chosen here, or table debris, ``damaged``): a page
    whose markup was mangled had its markup escaped too, and ``&lt;b&gt;patience&lt;/b&gt;``
    in its running text is such markup, not a page about HTML showing a tag."""
    chosen: list[_Candidate] = []
    for kind in ("spaced", "odd", "escaped"):
        # The evidence of damage comes from outside inline code, where tags are never shown,
        # and from HTML's own names; a page's own element (``&lt;block&gt;``) is mended only
        # when it pairs with a tag.
        of_kind = [cand for cand in scan.candidates
                   if cand.kind == kind and (cand.known or cand.confirmed)]
        outside = [cand for cand in of_kind if not cand.in_literal and cand.known]
        if not outside:
            continue
        confirmed = [cand for cand in outside if cand.confirmed]
        if kind == "escaped":
            if sum(cand.structural for cand in confirmed) < ESCAPED_MIN_STRUCTURAL:
                shown = damaged or bool(chosen)
                chosen.extend(cand for cand in outside if _mends_the_page(cand, outside, scan)
                              or (shown and (cand.paired or _stands_alone(cand))))
                continue
            chosen.extend(cand for cand in of_kind if cand.confirmed or _stands_alone(cand))
            continue
        spaced_end_tags = sum(cand.closing for cand in outside) if kind == "spaced" else 0
        with_attrs = sum(not cand.bare for cand in outside)
        # A line break spaced or escaped twice (``&amp;lt;br/&amp;gt;``) is never written on
        # purpose either, and pairs with nothing.
        alone = any(_stands_alone(cand) for cand in outside)
        if (len(confirmed) < SPACED_MIN_CONFIRMED and not spaced_end_tags and not with_attrs
                and not alone):
            continue
        chosen.extend(cand for cand in of_kind if _repairable_in_damaged_doc(cand))
    chosen.sort(key=lambda cand: cand.start)
    return chosen


def _mends_the_page(cand: _Candidate, escaped: list[_Candidate], scan: _Scan) -> bool:
    """A lone escaped tag that is the page's one missing tag: a start tag on a structure
    boundary and paired (``structural``) in a container element, or a paired end tag of the
    innermost element (``fits``); the only one of its name, and the page's own tags of that
    name one short exactly there (``&lt;article&gt;`` before a real ``</article>`` that nothing
    opens). A tag written as text on purpose stands in a sentence, a paragraph or a list
    item, and the page's own tags around it balance. An end tag HTML lets authors leave out
    (``</p>``) is mended only right before the next block: a page one short of those is
    valid, so their count is no evidence. A void tag pairs with nothing: it is mended standing
    between two blocks of a container element, where a page's images stand, with the
    attributes that give it a meaning; a line break, glued to the word before it."""
    name = cand.name
    if cand.void:
        return cand.glued or (cand.between_blocks and cand.fits and _stands_alone(cand))
    if name in _PAGE_TAGS or not cand.fits:
        return False
    if sum(other.name == name for other in escaped) != 1:
        return False
    if cand.closing:
        if name in _OPTIONAL_END:
            # A page may leave these open, so their count says nothing. The escaped one comes
            # after a finished sentence and right before the next block (``amet. &lt;/p&gt;
            # <p>``); one shown on purpose is a word of its sentence (``Close it with
            # &lt;/p&gt;``), or is followed by its element's own end tag.
            following = cand.next_tag
            return cand.structural and cand.after_sentence and following != f"/{name}" and (
                following.startswith("/") or following in BLOCK_TAGS)
        # Text may follow it (``<span hidden>x&lt;/span&gt;Lorem``): closing the innermost
        # element, which nothing else closes, is evidence enough.
        return cand.confirmed and scan.opens[name] - scan.closes[name] == 1
    return cand.structural and scan.closes[name] - scan.opens[name] == 1


def _stands_alone(cand: _Candidate) -> bool:
    """A void tag, which pairs with nothing: mended in a damaged page, unless it is bare and
    its element means nothing without attributes (``Single &lt;img&gt;`` names the element
    in prose; a damaged image keeps its ``src``). An XHTML-style ``</img>`` goes too."""
    return cand.void and (cand.closing or not cand.bare or cand.name in BARE_VOID_TAGS)


def _maybe_inequality(cand: _Candidate) -> bool:
    """``a < b > c`` reads as a spaced one-letter start tag without attributes."""
    return cand.kind == "spaced" and cand.bare and len(cand.name) == 1 and not cand.closing


def _repairable_in_damaged_doc(cand: _Candidate) -> bool:
    """In a document shown to be damaged, which candidates of a kind are still repaired."""
    if cand.confirmed or cand.closing or _stands_alone(cand) or cand.name in BLOCK_TAGS:
        return True
    # ``a < b > c``: an unpaired one-letter start tag may be an inequality; leave it as text.
    return not _maybe_inequality(cand)


def _as_tag(cand: _Candidate) -> str:
    attrs = f" {cand.attrs}" if cand.attrs else ""
    return f"<{'/' if cand.closing else ''}{cand.name}{attrs}>"
