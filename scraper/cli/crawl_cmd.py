"""``scraper crawl``: fetch URLs, extract, write records and errors."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from scraper.cli.common import fail_usage, iter_url_lines
from scraper.crawl import crawl
from scraper.serialize import JsonlWriter, error_record
from scraper.settings import CrawlSettings


def crawl_command(
    urls: Annotated[list[str] | None, typer.Argument(help="URLs to fetch.")] = None,
    input_file: Annotated[str | None, typer.Option("-i", "--input",
                          help="File of URLs, one a line ('-' for stdin).")] = None,
    output: Annotated[str, typer.Option("-o", "--output", help="JSONL output ('-' = stdout).")] = "-",
    errors: Annotated[str | None, typer.Option("--errors", help="JSONL errors file.")] = None,
    concurrency: Annotated[int, typer.Option(help="Pages fetched at once.")] = 16,
    timeout: Annotated[float, typer.Option(help="Total seconds per page.")] = 30.0,
    user_agent: Annotated[str | None, typer.Option(help="User-Agent header.")] = None,
) -> None:
    """Fetch pages over HTTP and extract their articles."""
    targets = list(urls or [])
    if input_file:
        targets.extend(iter_url_lines(input_file))
    if not targets:
        fail_usage("no URLs given: pass URLs or -i FILE")
    kwargs = {"concurrency": concurrency, "timeout": timeout}
    if user_agent:
        kwargs["user_agent"] = user_agent
    settings = CrawlSettings(**kwargs)
    failures = 0

    async def run() -> None:
        nonlocal failures
        with JsonlWriter(output) as out, JsonlWriter(errors or Path("errors.jsonl")) as err:
            async for result in crawl(targets, settings):
                if result.article is not None:
                    out.write(result.article)
                else:
                    failures += 1
                    assert result.error is not None
                    err.write(error_record(result.url, result.error.kind, result.error.message))

    asyncio.run(run())
    raise typer.Exit(1 if failures else 0)
