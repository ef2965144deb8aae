"""Hardened XML for the documents a crawl reads from strangers: sitemaps and feeds.

A sitemap or feed is untrusted input. Two attacks matter:

- entity expansion ("billion laughs", quadratic blow-up): a few hundred bytes of nested
  ``<!ENTITY>`` declarations expand to gigabytes;
- external entities (XXE): ``<!ENTITY x SYSTEM "file:///etc/passwd">`` reads a local file or
  makes a request on the reader's behalf.

Policy: an ``<!ENTITY>`` declaration of any kind is refused with ``UnsafeXML`` the moment the
parser meets it, so a bomb costs the bytes of its prolog and nothing more; no DTD is ever
loaded or fetched. A bare ``<!DOCTYPE>`` is allowed (RSS 0.91 feeds carry Netscape's). This is
defusedxml's own policy (``forbid_entities``, ``forbid_external``) over the standard library's
expat, a streaming parser: documents are read in chunks and elements cleared once used, so
memory stays bounded by one entry, not the document.

``iter_children`` streams the entries of a document; ``check_prolog`` scans only the prolog
(up to the root element) for feeds, which feedparser parses afterwards.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET
from defusedxml.ElementTree import DefusedXMLParser

from scraper.errors import MalformedXML, UnsafeXML

__all__ = ["check_prolog", "iter_children", "local_name"]


def local_name(tag: str) -> str:
    """``{http://www.sitemaps.org/schemas/sitemap/0.9}url`` -> ``url``; tags outside any
    namespace as they are (sitemaps in the wild use the wrong one, or none)."""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _refusal(exc: DefusedXmlException, source: str) -> UnsafeXML:
    if isinstance(exc, EntitiesForbidden):
        what = f"declares the entity {exc.name!r}"
    elif isinstance(exc, DTDForbidden):  # pragma: no cover - forbid_dtd stays off
        what = "has a DTD"
    else:
        what = "refers to an external entity or DTD"
    return UnsafeXML(f"{source} {what}: entity declarations are refused, never expanded "
                     "(a billion-laughs or external-entity document)", url=source)


def iter_children(stream: IO[bytes], source: str) -> Iterator[tuple[str, str, ET.Element]]:
    """Yield ``(root name, child name, child)`` for every complete child of the root element
    (a sitemap's ``<url>``, an index's ``<sitemap>``), local names. After yielding, the child
    is cleared and dropped from the root, so callers take what they need from it before the
    next one and memory stays one entry deep. Raises ``UnsafeXML`` on an entity declaration,
    ``MalformedXML`` where the document stops being well-formed: everything yielded before
    that stands."""
    depth = 0
    root: ET.Element | None = None
    try:
        for event, elem in SafeET.iterparse(stream, events=("start", "end"),
                                            forbid_dtd=False, forbid_entities=True,
                                            forbid_external=True):
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                continue
            depth -= 1
            if depth == 1 and root is not None:
                yield local_name(root.tag), local_name(elem.tag), elem
                root.remove(elem)
                elem.clear()
    except DefusedXmlException as exc:
        raise _refusal(exc, source) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise MalformedXML(f"{source} is not well-formed XML at line {line}, column "
                           f"{column}: {_expat_reason(exc)}", url=source) from None


def _expat_reason(exc: ET.ParseError) -> str:
    """``mismatched tag: line 12, column 4`` -> ``mismatched tag``."""
    return str(exc).split(":", 1)[0]


class _RootReached(Exception):
    """The prolog is over: the first element started."""


class _StopAtRoot:
    def start(self, tag: str, attrs: dict[str, str]) -> None:
        raise _RootReached

    def close(self) -> None:
        return None


#: Bytes handed to expat per call while scanning a prolog: a prolog is rarely past the first
#: kilobyte, and a bomb is refused at its first declaration, whatever the chunk size.
PROLOG_CHUNK = 16 * 1024


def check_prolog(data: bytes, source: str) -> None:
    """Raise ``UnsafeXML`` when the document declares entities; stops at the root element,
    so the cost is the prolog's. Malformed XML is not this check's business (the caller's
    parser reports it), and neither is a document that is not XML at all."""
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    try:
        for start in range(0, len(data), PROLOG_CHUNK):
            parser.feed(data[start:start + PROLOG_CHUNK])
        parser.close()
    except _RootReached:
        return
    except DefusedXmlException as exc:
        raise _refusal(exc, source) from None
    except ET.ParseError:
        return
