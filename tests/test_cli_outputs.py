"""``scraper extract`` outputs, as a real subprocess: formats, one file per article,
compression, rerun semantics, skips and filters, and one-line usage errors."""

from __future__ import annotations

import gzip
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zstandard
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from scraper.cli import app
from tests.cli_helpers import ROOT, run_cli
from tests.test_cli_extract import PAGE, lines, write_page
from tests.test_render_markdown import lists, tables

SEED = ROOT / "fixtures" / "capital-cities-envoy.html"

GERMAN = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Stadtrat beschließt Verlängerung | Beispiel</title></head><body><article>
<h1>Stadtrat beschließt Verlängerung</h1>
<p>Der Stadtrat hat am Dienstag beschlossen, die Straßenbahnlinie in die nördlichen Bezirke zu
verlängern, ein Vorhaben, über das seit mehr als zehn Jahren gestritten wird.</p>
<p>Die Bauarbeiten sollen im kommenden Frühjahr beginnen, wenn der Bund seinen Anteil an der
Finanzierung im Herbst bestätigt.</p></article></body></html>"""


def one_line_error(proc: subprocess.CompletedProcess[bytes], *needles: str) -> str:
    assert proc.returncode == 2, proc.stderr
    message = proc.stderr.decode()
    assert "Traceback" not in message and len(message.strip().splitlines()) == 1, message
    for needle in needles:
        assert needle in message
    return message


def test_markdown_of_the_seed_page_renders_its_lists_and_table() -> None:
    proc = run_cli("extract", str(SEED), "--format", "markdown", "-q")
    assert proc.returncode == 0, proc.stderr
    markdown = proc.stdout.decode()
    _, _, body = markdown.split("---\n", 2)
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    assert len(lists(tokens)) == 4
    [table] = tables(tokens)
    assert len(table) == 4 and {len(row) for row in table} == {3}


@pytest.mark.parametrize("fmt,marker", [("text", "US Envoy Departs Russia"),
                                        ("html", "<!DOCTYPE html>"), ("jsonl", '{"url":')])
def test_each_format_on_stdout(fmt: str, marker: str) -> None:
    proc = run_cli("extract", str(SEED), "-f", fmt, "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith(marker)


def test_directory_output_one_stable_file_per_article(tmp_path: Path) -> None:
    for i in range(3):
        write_page(tmp_path / "in" / f"p{i}.html", f"Story number {i}")
    write_page(tmp_path / "in" / "copy" / "p0.html", "Story number 0")  # same title
    out = tmp_path / "out"
    proc = run_cli("extract", str(tmp_path / "in"), "-o", f"{out}/", "-f", "markdown", "-q")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and all(n.endswith(".md") for n in names)
    assert all(n.startswith("example-news-story-number-") for n in names)  # site, title, hash
    assert len({n.rsplit("-", 1)[0] for n in names}) == 3  # two share a title, not a name
    first = {p.name: p.read_text() for p in out.iterdir()}
    # Rerun, this time into the existing directory without a trailing slash: same names.
    proc = run_cli("extract", str(tmp_path / "in"), "-o", str(out), "-f", "markdown", "-q")
    assert proc.returncode == 0, proc.stderr
    assert {p.name: p.read_text() for p in out.iterdir()} == first


def test_format_follows_the_output_extension_unless_given(tmp_path: Path) -> None:
    page = write_page(tmp_path / "in" / "a.html", "By extension")
    for name, start in (("a.md", "---\ntitle: By extension"), ("a.txt", "By extension\n"),
                        ("a.html", "<!DOCTYPE html>"), ("a.jsonl", '{"url":'),
                        ("a.md.gz", None)):
        assert run_cli("extract", str(page), "-o", str(tmp_path / name), "-q").returncode == 0
        if start is not None:
            assert (tmp_path / name).read_text().startswith(start), name
    with gzip.open(tmp_path / "a.md.gz", "rt", encoding="utf-8") as fh:
        assert fh.read().startswith("---\n")
    assert run_cli("extract", str(page), "-o", str(tmp_path / "b.md"), "-f", "jsonl",
                   "-q").returncode == 0
    assert (tmp_path / "b.md").read_text().startswith('{"url":')


def test_compression_by_extension(tmp_path: Path) -> None:
    page = write_page(tmp_path / "a.html", "Compressed")
    for name, opener in (("o.jsonl.gz", gzip.open), ("o.md.zst", zstandard.open)):
        target = tmp_path / name
        fmt = "markdown" if ".md" in name else "jsonl"
        assert run_cli("extract", str(page), "-o", str(target), "-f", fmt, "-q").returncode == 0
        assert not target.read_bytes().startswith((b"{", b"---"))
        with opener(target, "rt", encoding="utf-8") as fh:
            text = fh.read()
        assert "Compressed" in text


def test_extract_overwrites_unless_append(tmp_path: Path) -> None:
    page = write_page(tmp_path / "in" / "a.html", "Rerun me")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    args = ["extract", str(page), str(tmp_path / "missing.html"), "-o", str(out),
            "--errors", str(errors), "-q"]
    for _ in range(2):
        assert run_cli(*args).returncode == 1
    assert len(lines(out.read_text())) == 1 and len(lines(errors.read_text())) == 1
    assert run_cli(*args, "--append").returncode == 1
    assert len(lines(out.read_text())) == 2 and len(lines(errors.read_text())) == 2


def test_filters_are_skips_of_their_own_kind_and_every_input_is_accounted(
        tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "en.html", "English story")
    (tmp_path / "in" / "de.html").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "in" / "short.html").write_text(
        '<html lang="en"><body><article><p>Too short to keep.</p></article></body></html>')
    (tmp_path / "in" / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n")
    out, errors, skips = (tmp_path / n for n in ("o.jsonl", "e.jsonl", "s.jsonl"))
    proc = run_cli("extract", str(tmp_path / "in"), "-o", str(out), "--errors", str(errors),
                   "--skips", str(skips), "--lang", "en", "--min-words", "20")
    assert proc.returncode == 1, proc.stderr  # the broken file
    assert [r["title"] for r in lines(out.read_text())] == ["English story"]
    assert [r["error"]["kind"] for r in lines(errors.read_text())] == ["not_html"]
    kinds = {Path(r["url"]).name: r["error"]["kind"] for r in lines(skips.read_text())}
    assert kinds == {"de.html": "filtered_lang", "short.html": "filtered_min_words"}
    assert b"2 skipped (filtered_lang 1, filtered_min_words 1)" in proc.stderr
    proc = run_cli("extract", str(tmp_path / "in" / "en.html"), "--page-type", "listing",
                   "-o", str(out), "--skips", str(skips), "-q")
    assert proc.returncode == 0 and lines(out.read_text()) == []
    assert [r["error"]["kind"] for r in lines(skips.read_text())] == ["filtered_page_type"]


@pytest.mark.parametrize("args,needles", [
    (["-f", "pdf"], ["unknown --format 'pdf'", "markdown"]),
    (["-o", "/proc/x/y.jsonl"], ["cannot write -o /proc/x/y.jsonl"]),
    (["-o", "/dev/full"], ["writing results failed", "No space left"]),
    (["--errors", "{tmp}"], ["--errors", "is a directory"]),
    (["--skips", "{tmp}/skips/"], ["--skips", "is a directory"]),
    (["--page-type", "poem"], ["unknown page type 'poem'"]),
    (["--lang", "en,"], ["empty language code"]),
    (["-o", "{tmp}/x.jsonl", "--errors", "{tmp}/x.jsonl"], ["must be different files"]),
    (["-o", "{tmp}/a.html"], ["is also an input"]),
])
def test_output_problems_are_one_line_exit_2(tmp_path: Path, args: list[str],
                                             needles: list[str]) -> None:
    # In-process (typer's runner) to keep the suite fast; the subprocess cases are below.
    page = write_page(tmp_path / "a.html", "Any")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(app, ["extract", str(page), "-q", *args])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr


def test_a_url_argument_hints_at_crawl() -> None:
    one_line_error(run_cli("extract", "https://example.com/a"), "scraper crawl")


def test_no_input_on_a_terminal_says_what_it_expects() -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "scraper", "extract"], stdin=follower,
                              capture_output=True, cwd=ROOT, timeout=60, check=False)
    finally:
        os.close(leader)
        os.close(follower)
    one_line_error(proc, "no input", "stdin")


def test_named_files_are_read_whatever_their_name_and_directories_take_a_glob(
        tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "index.html?p=2").write_text(PAGE.format(title="Page two"), encoding="utf-8")
    (mirror / "page.php").write_text(PAGE.format(title="PHP page"), encoding="utf-8")
    proc = run_cli("extract", str(mirror / "index.html?p=2"), str(mirror / "page.php"), "-q")
    assert [r["title"] for r in lines(proc.stdout)] == ["Page two", "PHP page"]
    assert run_cli("extract", str(mirror)).returncode == 2  # no .html file in there
    proc = run_cli("extract", str(mirror), "--glob", "*.php", "-q")
    assert [r["title"] for r in lines(proc.stdout)] == ["PHP page"]


def test_readme_command_twice_does_not_double_the_records(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures",
                    ignore=shutil.ignore_patterns("*.json"))
    pages = len(list((tmp_path / "fixtures").rglob("*.html")))
    for _ in range(2):
        proc = run_cli("extract", "fixtures/", "-o", "articles.jsonl", "-q", cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr
    errors = proc.stderr.decode().count('{"url"')
    assert len((tmp_path / "articles.jsonl").read_text().splitlines()) + errors == pages


def test_a_wall_page_is_a_blocked_error_as_in_crawl(tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    proc = run_cli("extract", str(ROOT / "fixtures" / "cloudflare-bot-challenge.html"),
                   "--errors", str(errors), "-q")
    assert proc.returncode == 1 and proc.stdout == b""
    [error] = lines(errors.read_text())
    assert error["error"]["kind"] == "blocked"
    assert error["error"]["message"].startswith("bot_challenge: the page is a wall")
