"""``scraper rules new``: a first rule drafted from a saved page, for a person to edit.

The page is extracted by the general algorithm with every element numbered first, so what it
did can be read off the numbers that survive: the container it chose becomes ``main``, the
largest blocks it removed inside that container become ``drop``, and the metadata it found
becomes the draft's test. Each selector is the shortest one naming its element (an id, a
class, then a class under its parent's) that finds it in the untouched page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.decode import decode_document
from scraper.extractor.metadata import extract_metadata
from scraper.models import Repairs
from scraper.parse import parse
from scraper.settings import ExtractSettings
from scraper.strip import strip
from scraper.strip.selectors import JUNK_TAGS

__all__ = ["draft_rule"]

_MARK = "data-scraper-draft"
#: The draft proposes at most this many ``drop`` selectors: the largest removed blocks. A
#: longer list is noise a person has to read through.
MAX_DROPS = 8
#: Removed blocks with less text than this (a lone icon, a separator) are not worth a line.
MIN_DROP_CHARS = 20
#: Ids and classes that a build generated (hashes, numbers): they change on every deploy.
_GENERATED = re.compile(r"\d{3,}|^[a-z]{1,2}\d|[A-Z0-9]{6,}|^css-|^sc-|^jsx-")
_TEXT_SAMPLE_WORDS = 8
_TAG = re.compile(r"[a-z][a-z0-9-]*")


def draft_rule(body: bytes, url: str, fixture: object) -> str:
    """A TOML draft for the page ``body`` at ``url``; ``fixture`` names the saved page."""
    html = decode_document(body, {}, Repairs())[0]
    page = parse(html)
    for number, node in enumerate(page.css("body, body *")):
        node.attrs[_MARK] = str(number)
    metadata = extract_metadata(page, url)
    worked = parse(page.html or "")
    chosen = strip(worked, ExtractSettings()).main
    survivors = {node.attributes.get(_MARK) for node in worked.css(f"[{_MARK}]")}
    main = _twin(page, chosen)
    lines = [f'description = "Drafted from {url}: check each selector against the page."']
    drops: list[str] = []
    if main is not None and main.tag != "body" and (main_selector := _selector(page, main)):
        lines.append(f'main = "{main_selector}"')
        drops = [s for node in _removed(main, survivors) if (s := _selector(page, node))]
        drops = list(dict.fromkeys(drops))
    else:
        lines.append('# main = ""   # the extractor found no container narrower than <body>')
    lines.append("drop = [" + ", ".join(f'"{s}"' for s in drops) + "]" if drops else
                 "# drop = []   # nothing removed inside main")
    lines += ['# keep = []', '# title = "h1"', '# authors = ".author a"',
              '# published = "time[datetime]"', ""]
    lines += ["[match]", f'hosts = ["{(urlsplit(url).hostname or "").removeprefix("www.")}"]']
    if generator := page.css_first('meta[name="generator" i]'):
        content = (generator.attributes.get("content") or "").split(" ")[0]
        lines.append(f'# generator = ["{content}"]   # instead of hosts, for every site on it')
    lines.append("")
    lines += ["[[test]]", f'url = "{url}"', f'fixture = "{fixture}"']
    if metadata.title:
        lines.append(f"title = {_toml_string(metadata.title)}")
    if metadata.authors:
        lines.append("authors = [" + ", ".join(_toml_string(a) for a in metadata.authors) + "]")
    if chosen is not None and (words := chosen.text(separator=" ").split()):
        lines.append(f"must_contain = [{_toml_string(' '.join(words[:_TEXT_SAMPLE_WORDS]))}]")
    lines.append("# must_not_contain = []   # a phrase of the boilerplate the rule removes")
    return "\n".join(lines) + "\n"


def _twin(page: LexborHTMLParser, node: LexborNode | None) -> LexborNode | None:
    """The untouched page's element numbered like ``node``."""
    if node is None or (mark := node.attributes.get(_MARK)) is None:
        return None
    return page.css_first(f'[{_MARK}="{mark}"]')


def _removed(main: LexborNode, survivors: set[str | None]) -> list[LexborNode]:
    """The outermost elements under ``main`` the extractor removed, largest first."""
    found = []
    for node in main.css(f"[{_MARK}]"):
        if node.tag in JUNK_TAGS or node.attributes.get(_MARK) in survivors:
            continue
        parent = node.parent
        if parent is not None and parent.attributes.get(_MARK) not in survivors:
            continue  # inside a removed block: the block is the one to name
        if len(node.text(strip=True)) >= MIN_DROP_CHARS:
            found.append(node)
    found.sort(key=lambda n: -len(n.text(strip=True)))
    return found[:MAX_DROPS]


def _selector(page: LexborHTMLParser, node: LexborNode) -> str | None:
    """The shortest readable selector for ``node``: unique when it can be; None for an element
    no plain selector names (a tag name made of a broken page's bytes)."""
    tag = node.tag or ""
    if not _TAG.fullmatch(tag):
        return None
    ident = node.attributes.get("id")
    if ident and not _GENERATED.search(ident) and re.fullmatch(r"[A-Za-z][\w-]*", ident):
        return f"#{ident}"
    classes = [c for c in (node.attributes.get("class") or "").split()
               if re.fullmatch(r"-?[A-Za-z_][\w-]*", c) and not _GENERATED.search(c)]
    candidates = [f"{tag}.{c}" for c in classes]
    if len(classes) > 1:
        candidates.append(tag + "".join(f".{c}" for c in classes))
    for candidate in candidates:
        if len(page.css(candidate)) == 1:
            return candidate
    own = candidates[0] if candidates else tag
    parent = node.parent
    if parent is not None and parent.tag not in ("body", "html", None) and \
            (above := _selector(page, parent)):
        return f"{above} > {own}"
    return own


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
