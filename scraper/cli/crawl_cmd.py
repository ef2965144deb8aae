"""``scraper crawl``: fetch URLs politely, extract, write records, errors and a summary.

Arguments -> ``CrawlSettings`` -> ``Crawler``: this module turns the options into settings
(a bad one is a usage error naming it); ``crawl_run`` opens the files, drives the engine in
``scraper.crawler`` and writes the summary. That one is imported when a crawl starts, so the
CLI, and ``scraper extract`` with it, starts without the fetcher.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from scraper.cli.common import fail_usage, iter_url_lines, setup_logging
from scraper.cli.outputs import (
    FormatOpt,
    JobsOpt,
    LangOpt,
    MinWordsOpt,
    PageTypeOpt,
    SkipsOpt,
    parse_filter,
    parse_format,
)
from scraper.cli.rules_cmd import load_run_rules
from scraper.crawler.frontier import AUTO_SITEMAPS, Discovery
from scraper.errors import ConfigError
from scraper.settings import CrawlSettings, ExtractSettings
from scraper.streams import is_directory_target

__all__ = ["crawl_command"]

#: The page budget of --follow when --max-pages is not given: a site's recent articles and
#: their sections, not the whole site (which is a choice to make explicitly).
DEFAULT_FOLLOW_MAX_PAGES = 1000


def _parse_headers(values: list[str]) -> tuple[tuple[str, str], ...]:
    headers = []
    for value in values:
        name, sep, rest = value.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            fail_usage(f"--header must look like 'Name: value', got {value!r}")
        headers.append((name.strip(), rest.strip()))
    return tuple(headers)


def _fingerprint(urls: list[str], input_file: str | None,
                 discovery: Discovery | None = None, settings: CrawlSettings | None = None
                 ) -> str:
    """Identifies the input, so only a rerun of the same input resumes an interrupted run."""
    parts = []
    if urls:
        parts.append("args:" + hashlib.sha256("\n".join(urls).encode()).hexdigest()[:16])
    if discovery is not None and settings is not None:
        text = repr((discovery.sitemaps, discovery.feeds, settings.follow, settings.max_pages,
                     settings.max_depth, settings.include, settings.exclude, settings.since,
                     settings.same_host))
        parts.append("discovery:" + hashlib.sha256(text.encode()).hexdigest()[:16])
    if input_file == "-":
        parts.append("stdin")
    elif input_file:
        parts.append(f"file:{Path(input_file).resolve()}")
    return " ".join(parts)


def _lines(urls: list[str], input_file: str | None) -> Iterable[str]:
    positional: Iterator[str] = (u.strip() for u in urls if u.strip())
    return itertools.chain(positional, iter_url_lines(input_file)) if input_file else positional


#: The option that sets each settings field, for messages: a field's name is its option's,
#: but for these.
_OPTION_OF_FIELD = {"workers": "--jobs"}

_DEFAULTS = CrawlSettings()


def _settings(concurrency: int, per_host: int, delay: float, timeout: float, retries: int,
              max_bytes: int, user_agent: str, headers: list[str], ignore_robots: bool,
              state: Path | None, force: bool, jobs: int,
              extract: ExtractSettings) -> CrawlSettings:
    """The options as settings; the settings validate themselves, and a refusal is reported
    as a usage error naming the option."""
    try:
        return CrawlSettings(
            concurrency=concurrency, per_host=per_host, delay=delay, timeout=timeout,
            connect_timeout=min(_DEFAULTS.connect_timeout, timeout) if timeout > 0 else timeout,
            read_timeout=min(_DEFAULTS.read_timeout, timeout) if timeout > 0 else timeout,
            retries=retries, max_bytes=max_bytes, user_agent=user_agent.strip(),
            headers=_parse_headers(headers), ignore_robots=ignore_robots, state=state,
            force=force, workers=jobs, extract=extract)
    except ConfigError as exc:
        name, _, rest = exc.message.partition(" ")
        option = _OPTION_OF_FIELD.get(name, "--" + name.replace("_", "-"))
        fail_usage(f"{option} {rest}")


def _with(settings: CrawlSettings, **changes: Any) -> CrawlSettings:
    """``settings`` with ``changes``; a refusal is a usage error naming the option."""
    try:
        return replace(settings, **changes)
    except ConfigError as exc:
        name, _, rest = exc.message.partition(" ")
        fail_usage(f"--{name.replace('_', '-')} {rest}")


def crawl_command(
    urls: Annotated[list[str] | None, typer.Argument(
        metavar="URL", help="URLs to fetch (before those of --input).",
        show_default=False)] = None,
    input_file: Annotated[str | None, typer.Option(
        "-i", "--input", metavar="FILE",
        help="File of URLs, one a line, '#' comments and blank lines "
        "ignored; '-' reads stdin. Streamed: any size.", show_default=False)] = None,
    output: Annotated[str, typer.Option(
        "-o", "--output", metavar="PATH",
        help="Where records go: '-' (stdout), a file (.gz/.zst compressed), or a directory "
             "('DIR/' or an existing one: one file per article). Files are overwritten, "
             "unless --append or --state (which appends, to resume).")] = "-",
    fmt: FormatOpt = None,
    sitemap: Annotated[list[str] | None, typer.Option(
        "--sitemap", metavar="URL", help="Crawl the pages a sitemap lists (XML, index, "
        ".xml.gz, text; repeatable); 'auto' reads the Sitemap: lines of each given URL's "
        "host's robots.txt.", show_default=False)] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", metavar="URL", help="Crawl the items of an RSS or Atom feed (repeatable).",
        show_default=False)] = None,
    follow: Annotated[bool, typer.Option(
        "--follow", help="Follow links from the pages fetched, within the given URLs' sites "
        "(same registrable domain), breadth first, articles first.")] = False,
    max_pages: Annotated[int | None, typer.Option(
        "--max-pages", metavar="N", help=f"Fetch at most N pages (default with --follow: "
        f"{DEFAULT_FOLLOW_MAX_PAGES}); the rest are 'max_pages' skips.",
        show_default=False)] = None,
    max_depth: Annotated[int | None, typer.Option(
        "--max-depth", metavar="D", help="With --follow: pages at most D links away from "
        "a given URL.", show_default=False)] = None,
    include: Annotated[list[str] | None, typer.Option(
        "--include", metavar="REGEX", help="Discovered URLs (sitemap, feed, links) must "
        "match one of these (repeatable).", show_default=False)] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", metavar="REGEX", help="Discovered URLs matching one of these are "
        "skipped (repeatable).", show_default=False)] = None,
    same_host: Annotated[bool, typer.Option(
        "--same-host", help="With --follow: only the given URLs' hosts, not their whole "
        "registrable domains.")] = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Skip sitemap and feed entries dated before DATE "
        "(2024-05-01 or an ISO date-time).", show_default=False)] = None,
    errors: Annotated[str | None, typer.Option(
        "--errors", metavar="FILE", help="Failures (and skips, without --skips), JSONL "
        "{url, error: {kind, message}}. Default: the same lines on stderr. Kinds: "
        "invalid_url, timeout, http_status, not_html, empty, decode, network, too_large, "
        "redirect, blocked, internal, sitemap, feed; skips: unchanged, duplicate, robots, "
        "out_of_scope, max_pages, filtered_*.",
        show_default=False)] = None,
    skips: SkipsOpt = None,
    append: Annotated[bool, typer.Option(
        "--append", help="Add to the output, errors and skips files instead of overwriting "
        "them (the default with --state).")] = False,
    lang: LangOpt = None,
    min_words: MinWordsOpt = 0,
    page_type: PageTypeOpt = None,
    concurrency: Annotated[int, typer.Option(
        metavar="N", help="Pages fetched at once, all hosts.")] = _DEFAULTS.concurrency,
    per_host: Annotated[int, typer.Option(
        metavar="N", help="Pages fetched at once from one host.")] = _DEFAULTS.per_host,
    delay: Annotated[float, typer.Option(
        metavar="SECONDS", help="Seconds between request starts on one host (robots.txt "
        "Crawl-delay wins when larger).")] = _DEFAULTS.delay,
    timeout: Annotated[float, typer.Option(
        metavar="SECONDS", help="Total seconds per page attempt (connect, read, "
        "redirects).")] = _DEFAULTS.timeout,
    retries: Annotated[int, typer.Option(
        metavar="N", help="Retries on network errors, timeouts, 5xx, 408, 429 (backoff, "
        "Retry-After).")] = _DEFAULTS.retries,
    max_bytes: Annotated[int, typer.Option(
        metavar="BYTES", help="Largest body, raw or decompressed.")] = _DEFAULTS.max_bytes,
    user_agent: Annotated[str, typer.Option(
        metavar="TEXT", help="User-Agent header.")] = _DEFAULTS.user_agent,
    header: Annotated[list[str] | None, typer.Option(
        "-H", "--header", metavar="'NAME: VALUE'",
        help="Extra request header (repeatable).", show_default=False)] = None,
    ignore_robots: Annotated[bool, typer.Option(
        "--ignore-robots", help="Do not fetch or obey robots.txt.")] = False,
    block_private: Annotated[bool, typer.Option(
        "--block-private", help="Refuse hosts (and redirects) that resolve to loopback, "
        "private, link-local, cloud-metadata, multicast or reserved addresses; no proxies "
        "from the environment then.")] = False,
    state: Annotated[Path | None, typer.Option(
        "--state", metavar="FILE",
        help="SQLite state file (created if missing): conditional requests, "
        "'unchanged' skips, and resuming an interrupted run of the same input (exactly once "
        "with -o/--errors files; on stdout/stderr the line in flight at a kill -9 may repeat).",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Refetch and rewrite pages the state says are unchanged.")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Truncate output and errors files, and start afresh instead of "
        "resuming.")] = False,
    summary: Annotated[Path | None, typer.Option(
        "--summary", metavar="FILE", help="Write the run summary as JSON to this file.",
        show_default=False)] = None,
    archive: Annotated[Path | None, typer.Option(
        "--archive", metavar="FILE", help="Also write every fetched page, sitemap and feed "
        "to this WARC file (.warc.gz: gzip per record), request and response records, to "
        "re-extract later "
        "with 'scraper extract FILE' without fetching. Overwritten unless --append or "
        "--state.", show_default=False)] = None,
    jobs: JobsOpt = _DEFAULTS.workers,
    workers: Annotated[int | None, typer.Option(
        "--workers", hidden=True, help="The old name of --jobs.")] = None,
    comments: Annotated[bool, typer.Option(
        "--comments", help="Keep reader comments in the record's 'comments' field.")] = False,
    rules: Annotated[Path | None, typer.Option(
        "--rules", metavar="DIR",
        help="Apply site rules: the shipped ones ('--rules shipped') and a "
        "directory of yours (*.toml) layered over them.", show_default=False)] = None,
    strict_rules: Annotated[bool, typer.Option(
        "--strict-rules", help="Exit 2 on a bad rule file instead of leaving it out.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log every request.")] = False,
) -> None:
    """Fetch pages over HTTP and extract their articles.

    Every input line ends up exactly once: a record in the output, or a line in --errors
    or --skips; so does every URL found by --sitemap, --feed or --follow, and a sitemap or
    feed that fails is an error of kind sitemap or feed.

    Skips (unchanged, duplicate, robots, out_of_scope, max_pages, filtered_*) go to
    --skips, else with the errors; they are not failures. Errors go to stderr as JSON
    lines unless --errors FILE. Summary: stderr, --summary FILE.

    Output files are overwritten, unless --append, or --state (appends, to resume).

    Exit: 0 all done or skipped, 1 some failed, 2 usage error, 130 Ctrl-C, 143 SIGTERM.

    Interrupted? Rerun the same command with the same --state to resume where it stopped.
    """
    setup_logging(verbose, quiet)
    logging.getLogger("httpcore").setLevel(logging.INFO)
    targets = list(urls or [])
    if input_file and input_file != "-" and not Path(input_file).is_file():
        fail_usage(f"input file not found: {input_file}")
    discovery = Discovery(tuple(s.strip() for s in sitemap or ()),
                          tuple(f.strip() for f in feed or ()))
    if not targets and not input_file and not (discovery.sitemaps or discovery.feeds):
        fail_usage("no URLs given: pass URLs, -i FILE (or -i - for stdin), --sitemap or "
                   "--feed")
    sourced = bool(discovery.sitemaps or discovery.feeds)
    for given, option, needs, hint in (
            (max_depth is not None, "--max-depth", follow, "--follow"),
            (same_host, "--same-host", follow, "--follow"),
            (since is not None, "--since", sourced, "--sitemap or --feed"),
            (bool(include or exclude), "--include/--exclude", sourced or follow,
             "--sitemap, --feed or --follow")):
        if given and not needs:
            fail_usage(f"{option} applies to discovered URLs: add {hint}")
    if AUTO_SITEMAPS in discovery.sitemaps and not targets and not input_file:
        fail_usage("--sitemap auto reads the robots.txt of the hosts of the URLs given: "
                   "pass some URLs")
    out_format = parse_format(fmt, output)
    keep = parse_filter(lang, min_words, page_type)
    if workers is not None:
        jobs = workers
    rule_set = load_run_rules(rules, strict_rules)
    settings = _settings(concurrency, per_host, delay, timeout, retries, max_bytes, user_agent,
                         header or [], ignore_robots, state, force, jobs,
                         ExtractSettings(comments=comments, rules=rule_set))
    if block_private:
        settings = replace(settings, block_private=True)
    if archive is not None:
        settings = replace(settings, archive=archive)
    if follow and max_pages is None:
        max_pages = DEFAULT_FOLLOW_MAX_PAGES
    settings = _with(settings, follow=follow, max_pages=max_pages, max_depth=max_depth,
                     include=tuple(include or ()), exclude=tuple(exclude or ()),
                     same_host=same_host, since=since)
    # A page budget needs the frontier's count, so --max-pages alone makes a frontier run.
    discovering = bool(sourced or follow or max_pages is not None)
    if summary is not None and is_directory_target(str(summary)):
        fail_usage(f"--summary {summary}: is a directory, and the summary is one file")
    # The engine (httpx, the public-suffix list, the archive writer) is imported here, not
    # with the CLI, so that ``scraper extract`` and its workers start without it.
    from scraper.cli.crawl_run import run_crawl

    sources = discovery if discovering else None
    run_crawl(settings, _lines(targets, input_file),
              _fingerprint(targets, input_file, sources, settings), sources, output,
              out_format, errors, skips, keep, summary, append=append, overwrite=overwrite,
              state=state, quiet=quiet, no_progress=no_progress)


