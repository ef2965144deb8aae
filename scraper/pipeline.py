"""The pipeline, one line per stage: fetch -> decode -> repair -> parse -> strip -> extract.

Fetching is async and lives in ``scraper.fetcher``; everything from bytes on is here, synchronous
and CPU-bound, so it can run in worker processes.

``extract_page`` is the pipeline; ``extract_outcome`` is what every batch path runs (the crawl's
workers, ``scraper extract`` on files and archives, ``scraper.dask``): the pipeline under the
per-page deadline, its outcome classified once, never an exception.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from scraper._version import __version__
from scraper.deadline import EXTRACT_DEADLINE_S, check_deadline, extraction_deadline
from scraper.decode import decode_document, utf8_source
from scraper.errors import BlockedPage, EmptyDocument, InternalError, ScraperError
from scraper.extractor.blocks import extract_blocks
from scraper.extractor.metadata import extract_metadata
from scraper.extractor.metadata.language import detect_language
from scraper.extractor.structured import with_structured_description
from scraper.extractor.verdict import Verdict, judge
from scraper.links import page_links
from scraper.models import Article, Block, BlockType, Metadata, PageType, RawPage, Repairs
from scraper.parse import parse
from scraper.repair import repair_markup, repair_text
from scraper.rules import apply_rule
from scraper.scrub import scrub_blocks, scrub_controls
from scraper.settings import ExtractSettings
from scraper.strip import strip
from scraper.strip.measure import LONG_TEXT, long_text_slices

__all__ = ["EXTRACTOR_VERSION", "Outcome", "extract_outcome", "extract_page", "word_count"]

#: Bumped with every change that alters records, so users can tell which extractions to redo.
EXTRACTOR_VERSION = f"scraper-{__version__}"

_DEFAULT_SETTINGS = ExtractSettings()


def extract_page(raw: RawPage, settings: ExtractSettings = _DEFAULT_SETTINGS,
                 links: list[str] | None = None) -> Article:
    """Turn one fetched (or read) page into an ``Article``.

    ``links``, when given, receives every page link (``scraper.links.page_links``), read from
    the same parse before boilerplate goes: a crawl that follows links parses a page once.

    Raises ``EmptyDocument`` or ``DecodeError`` when there is nothing to parse; a page that
    parses but holds no article comes back with empty ``text`` and its ``page_type``/``blocked``
    verdict, never as an exception.
    """
    if not raw.body.strip():
        raise EmptyDocument("document is empty", url=raw.url)
    repairs = Repairs()
    decoded = decode_document(raw.body, raw.headers, repairs)
    html, encoding = decoded
    check_deadline()  # between stages too: decode and parse are C calls no check can enter
    if settings.repair:
        html = repair_markup(html, repairs,
                             utf8_source=raw.body if encoding == "utf-8" else None)
    # Unrepaired text is parsed from the body's own bytes when they are its UTF-8.
    tree = parse(html, utf8_source(raw.body, decoded) if html is decoded.text else None)
    check_deadline()
    if links is not None:
        links.extend(page_links(tree, raw.url))
    metadata = extract_metadata(tree, raw.url)
    base_url = _base_url(raw.url, metadata.canonical_url)
    if rule := settings.rules.match(tree, base_url):
        apply_rule(tree, rule, metadata, base_url)
        if rule.heuristics is not None:
            settings = replace(settings, heuristics=rule.heuristics)
    # Comment sections are always set apart, not dropped: on a forum page they are the thread.
    stripped = strip(tree, replace(settings, comments=True))
    check_deadline()
    blocks = extract_blocks(stripped.main, base_url, settings)
    if settings.repair:
        blocks = [_repair_block(block, repairs) for block in blocks]
    scrub_controls(metadata, blocks, repairs)
    blocks = with_structured_description(metadata, blocks)
    verdict = judge(metadata, blocks, stripped.signals, base_url)
    if rule is not None and rule.page_type is not None and verdict.blocked is None:
        # The site's own word on what its pages are.
        verdict = verdict._replace(page_type=rule.page_type)
    thread = verdict.page_type is PageType.FORUM
    comments: list[Block] | None = None
    if settings.comments or thread:  # walked only when someone reads them
        comments = extract_blocks(stripped.comments, base_url, settings)
        scrub_blocks(comments, repairs)
    if thread and comments:
        # A thread whose replies are marked up as comments (a story's discussion on a news
        # aggregator, a Q&A's answers): the replies are the page's content, in its text.
        if settings.repair:
            comments = [_repair_block(block, repairs) for block in comments]
        blocks, comments = [*blocks, *comments], []
    if not settings.comments:
        comments = None
    return _assemble(raw, metadata, blocks, comments, repairs, verdict)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One page's outcome: its ``article``, or the ``error`` (an instance of the one exception
    tree, so its class is the failure's kind). Pickles whole: it crosses process boundaries
    as it is."""

    article: Article | None = None
    error: ScraperError | None = None
    #: The page's links, when asked for (a crawl following them); empty on a failure.
    links: tuple[str, ...] = ()

    @property
    def kind(self) -> str | None:
        """The errors-file kind, None for an article."""
        return None if self.error is None else self.error.kind


def extract_outcome(raw: RawPage, settings: ExtractSettings = _DEFAULT_SETTINGS,
                    deadline: float = EXTRACT_DEADLINE_S, links: bool = False) -> Outcome:
    """Extract one page for a batch run and classify what happened; never raises.

    The page gets ``deadline`` seconds (``ExtractionTimeout`` after). A wall (consent, paywall,
    login, bot challenge) is a ``BlockedPage`` failure, never passed off as the article. A bug
    costs this page as an ``InternalError``, with the original exception as its cause, not
    the run. With ``links`` the outcome carries the page's links too, read from the same
    parse (``extract_page(links=)``).
    """
    found: list[str] | None = [] if links else None
    try:
        with extraction_deadline(deadline):
            article = extract_page(raw, settings, found)
    except ScraperError as exc:
        return Outcome(error=exc)
    except Exception as exc:
        error = InternalError(f"{type(exc).__name__}: {exc}", url=raw.url)
        error.__cause__ = exc
        return Outcome(error=error)
    if article.blocked is not None:
        return Outcome(error=BlockedPage(
            f"{article.blocked.value}: the page is a wall, not the article "
            f"({article.word_count} words of teaser)", url=raw.url))
    return Outcome(article=article, links=tuple(found or ()))


#: Scripts written without spaces between words: each character counts as a word, the
#: convention of word processors and of CJK publishing (a 7-"word" Japanese article is wrong).
_UNSPACED = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_UNSPACED}]|[^\s{_UNSPACED}]+")
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")




def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated runs, and each CJK/kana/hangul character."""
    if text.isascii() or _UNSPACED_CHAR.search(text) is None:
        # Without those scripts the words are str.split's (the regex \s is str.isspace): a
        # split costs a fifth of the regex's findall, on every page.
        if len(text) <= LONG_TEXT:
            return len(text.split())
        return sum(len(part.split()) for part in long_text_slices(text))
    if len(text) <= LONG_TEXT:
        return len(_WORD.findall(text))
    # ``findall`` holds every word of its input as an object at once (3 million words, about
    # 200 MB, for a 20 MB line): a long text is counted a slice at a time.
    return sum(len(_WORD.findall(part)) for part in long_text_slices(text))


def _base_url(url: str | None, canonical: str | None) -> str | None:
    """Links resolve against the page URL; a local file's links against its canonical URL."""
    if url and url.startswith(("http://", "https://")):
        return url
    return canonical or url


def _repair_block(block: Block, repairs: Repairs) -> Block:
    if block.text:
        # Code is shown verbatim: its entities and spacing are content, not damage.
        block.text = repair_text(block.text, repairs, literal=block.type is BlockType.CODE)
    if block.items is not None:
        block.items = [repair_text(item, repairs) for item in block.items]
    if block.sublists is not None:
        block.sublists = [_repair_block(sub, repairs) if sub is not None else None
                          for sub in block.sublists]
    if block.rows is not None:
        block.rows = [[repair_text(cell, repairs) for cell in row] for row in block.rows]
    if block.caption:
        block.caption = repair_text(block.caption, repairs)
    if block.alt:
        block.alt = repair_text(block.alt, repairs)
    return block


def _assemble(raw: RawPage, meta: Metadata, blocks: list[Block], comments: list[Block] | None,
              repairs: Repairs, verdict: Verdict) -> Article:
    text = "\n\n".join(part for block in blocks if (part := block.plain_text()))
    if meta.language is None and (detected := detect_language(text)):
        meta.language, meta.sources["language"] = detected, "content"
    return Article(
        url=raw.url,
        requested_url=raw.requested_url or raw.url,
        canonical_url=meta.canonical_url,
        status=raw.status,
        fetched_at=raw.fetched_at,
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        modified=meta.modified,
        site_name=meta.site_name,
        section=meta.section,
        tags=meta.tags,
        language=meta.language,
        description=meta.description,
        image=meta.image,
        text=text,
        blocks=blocks,
        word_count=word_count(text),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None,
        page_type=verdict.page_type,
        blocked=verdict.blocked,
        extraction_quality=round(verdict.quality, 3),
        sources=meta.sources,
        repairs={kind: count for kind, count in sorted(repairs.items()) if count},
        comments=comments,
        extractor_version=EXTRACTOR_VERSION,
        next_page=meta.next_page,
    )
