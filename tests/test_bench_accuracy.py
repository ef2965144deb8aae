"""The accuracy harness end to end on a tiny hand-made benchmark folder (our extractor only)."""

from __future__ import annotations

import gzip
import json
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import (
    NetworkGuard,
    Page,
    Run,
    _unmatched_runs,
    load_wcxb,
    main,
    wcxb_quality,
    wcxb_verdict_loss,
)
from bench.metrics import score_words
from bench.peers import Extraction, Extractor

ARTICLE = " ".join(
    f"Sentence number {n} of the river report tells how the water rose over the old bridge."
    for n in range(1, 13)
)
PAGE = f"""<!doctype html><html lang="en-GB"><head><title>River report</title>
<meta property="og:site_name" content="Valley News"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>River report</h1><p>{ARTICLE}</p></article>
<footer>Copyright Valley News. All rights reserved.</footer></body></html>"""


@pytest.fixture
def bench_dir(tmp_path: Path) -> Path:
    html = tmp_path / "scrapinghub" / "html"
    html.mkdir(parents=True)
    (html / "p1.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "scrapinghub" / "ground-truth.json").write_text(json.dumps(
        {"p1": {"articleBody": ARTICLE, "url": "https://news.example/river"}}))
    page = tmp_path / "mozilla" / "pages" / "river"
    page.mkdir(parents=True)
    (page / "source.html").write_text(PAGE)
    (page / "expected.html").write_text(f"<div><p>{ARTICLE}</p></div>")
    (page / "expected-metadata.json").write_text(json.dumps({
        "title": "River report", "byline": None, "publishedTime": None, "lang": "en",
        "siteName": "Valley News"}))
    write_wcxb(tmp_path / "wcxb-dev")
    return tmp_path


# --- a three-page WCXB folder: two tune pages (article, forum), one validate (product) -------

RECIPE = [
    "Soak the beans overnight in plenty of cold water, then drain and rinse them well.",
    "Simmer them with a bay leaf and an onion for about an hour, until they are soft.",
    "Season only at the end: salt added early keeps the skins tough for a long time.",
] * 4
WCXB_ARTICLE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>How to cook dried beans | Kitchen Notes</title>
<meta name="author" content="Mara Quinn">
<meta property="article:published_time" content="2025-03-14T08:00:00+00:00"></head><body>
<header><a href="/">Kitchen Notes</a><nav><a href="/recipes">Recipes</a>
<a href="/about">About us</a><a href="/shop">Shop</a></nav></header>
<main><article><h1>How to cook dried beans</h1><p class="byline">By Mara Quinn</p>
{"".join(f"<p>{line}</p>" for line in RECIPE)}</article></main>
<aside><h3>Newsletter</h3><p>Sign up for our weekly newsletter today.</p></aside>
<footer>© 2025 Kitchen Notes. All rights reserved. Privacy policy.</footer></body></html>"""

POSTS = [
    ("ravel", "My bike chain keeps slipping on the smallest cog when I climb hills in the rain."),
    ("spoke", "Check the chain wear first; a stretched chain skips on worn cogs under load."),
    ("ravel", "Thanks, the chain was worn past the limit. A new chain and cassette fixed it."),
    ("gears", "Also look at the derailleur hanger: a bent hanger gives the same symptom."),
    ("spoke", "Good point. After a crash it is the first part I check, before the cable."),
    ("ravel", "The hanger looked straight here, so it was only the chain and the cassette."),
]
WCXB_FORUM = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Chain slipping on small cog - Cycling Forum</title></head><body>
<div class="top"><a href="/">Cycling Forum</a> <a href="/login">Log in</a>
<a href="/register">Register</a></div>
<h1>Chain slipping on small cog</h1>
{"".join(f'<div class="post"><span class="user">{u}</span><p>{t}</p></div>' for u, t in POSTS)}
<div class="foot">Powered by a forum engine. Terms of service.</div></body></html>"""

WCXB_PRODUCT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Oak cutting board, large - Woodshop</title></head><body>
<nav><a href="/">Woodshop</a> <a href="/cart">Cart</a> <a href="/account">Account</a></nav>
<div class="product"><h1>Oak cutting board, large</h1><p class="price">$49.00</p>
<p>A solid oak cutting board, oiled by hand and finished with beeswax, large enough for a
whole loaf. Each board is cut from a single plank and sanded smooth on both faces.</p>
<p>Wash by hand with warm water and dry it standing up. Oil it once a month to keep the
wood from drying out and cracking along the grain.</p>
<button>Add to cart</button></div>
<footer>Free shipping on orders over $80. Returns within 30 days.</footer></body></html>"""

WCXB_TRUTH = {
    "0001": {"url": "https://kitchen.example/beans", "page_type": "article",
             "title": "How to cook dried beans", "author": "Mara Quinn",
             "publish_date": "2025-03-14",
             "main_content": "How to cook dried beans\n\n" + "\n\n".join(RECIPE),
             "with": ["Soak the beans overnight", "salt added early keeps the skins tough"],
             "without": ["Sign up for our weekly newsletter", "All rights reserved"],
             "split": "tune", "domain": "kitchen.example"},
    "0002": {"url": "https://forum.example/t/chain", "page_type": "forum",
             "title": "Chain slipping on small cog", "author": None, "publish_date": None,
             "main_content": "Chain slipping on small cog\n\n"
                             + "\n\n".join(t for _, t in POSTS),
             "with": ["a stretched chain skips on worn cogs"],
             "without": ["Powered by a forum engine", "Register"],
             "split": "tune", "domain": "forum.example"},
    "0003": {"url": "https://woodshop.example/p/oak-board", "page_type": "product",
             "title": "Oak cutting board, large", "author": "", "publish_date": None,
             "main_content": "Oak cutting board, large\n\n$49.00\n\nA solid oak cutting "
                             "board, oiled by hand and finished with beeswax, large enough for "
                             "a whole loaf. Each board is cut from a single plank and sanded "
                             "smooth on both faces.\n\nWash by hand with warm water and dry it "
                             "standing up. Oil it once a month to keep the wood from drying "
                             "out and cracking along the grain.",
             "with": ["oiled by hand and finished with beeswax"],
             "without": ["Free shipping on orders over"],
             "split": "validate", "domain": "woodshop.example"},
}


def write_wcxb(root: Path) -> None:
    (root / "html").mkdir(parents=True)
    for page_id, html in (("0001", WCXB_ARTICLE), ("0002", WCXB_FORUM), ("0003", WCXB_PRODUCT)):
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
    (root / "ground-truth.json").write_text(json.dumps(WCXB_TRUTH), "utf-8")


def test_main_scores_our_extractor_on_every_set(bench_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run.json"
    assert main(["--bench-dir", str(bench_dir), "--only", "scraper", "--worst", "1",
                 "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "## scrapinghub (1 pages)" in printed and "## mozilla (1 pages)" in printed
    assert "## wcxb (3 pages: 2 tune, 1 validate)" in printed
    report = json.loads(out.read_text())
    for set_name in ("scrapinghub", "mozilla"):
        (row,) = report["sets"][set_name]["extractors"]
        assert row["extractor"] == "scraper" and row["crashes"] == 0
        assert row["recall"] > 0.9  # the article paragraph is found
        assert row["pages_per_second"] > 0
    metadata = report["sets"]["mozilla"]["extractors"][0]["metadata"]
    assert metadata["language"] == {"accuracy": 1.0, "hits": 1, "pages": 1}
    assert metadata["authors"]["pages"] == 0  # a null byline is not judged
    assert report["sets"]["mozilla"]["worst"][0]["id"] == "river"


def test_compare_reports_changes(bench_dir: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run.json"
    main(["--bench-dir", str(bench_dir), "--set", "mozilla", "--only", "scraper",
          "--json", str(out)])
    main(["--bench-dir", str(bench_dir), "--set", "mozilla", "--only", "scraper",
          "--compare", str(out)])
    assert "Changes on mozilla since the --compare run:" in capsys.readouterr().out


def test_unknown_extractor_is_refused(bench_dir: Path) -> None:
    assert main(["--bench-dir", str(bench_dir), "--only", "nope"]) == 2


def test_unmatched_runs_show_missed_passages() -> None:
    truth = "one two three four five six seven eight nine ten"
    ours = "one two three four five"
    (missed,) = _unmatched_runs(truth, ours)
    assert missed == "(5 words) six seven eight nine ten"
    assert _unmatched_runs(ours, truth) == []
    assert _unmatched_runs("a b c d a b c d", "a b c d") == ["(4 words) a b c d"]


def test_network_guard_refuses_remote_hosts_only() -> None:
    with NetworkGuard() as guard:
        guard.current = "peer"
        with pytest.raises(OSError, match="refused"):
            socket.getaddrinfo("example.com", 80)
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client = socket.socket()
        client.connect(server.getsockname())  # loopback stays allowed
        client.close()
        server.close()
    assert guard.attempts == {"peer": 1}
    assert socket.getaddrinfo.__module__ == "socket"  # restored on exit


# --- WCXB ------------------------------------------------------------------------------------

def test_load_wcxb_reads_pages_in_id_order(bench_dir: Path) -> None:
    pages = list(load_wcxb(bench_dir / "wcxb-dev"))
    assert [p.id for p in pages] == ["0001", "0002", "0003"]
    first = pages[0]
    assert first.url == "https://kitchen.example/beans"
    assert first.body.startswith(b"<!doctype html>")
    assert first.truth.startswith("How to cook dried beans\n\nSoak the beans")
    assert first.meta is not None and "main_content" not in first.meta
    assert first.meta["split"] == "tune" and first.meta["page_type"] == "article"


def test_wcxb_report(bench_dir: Path, tmp_path: Path,
                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "wcxb.json"
    assert main(["--bench-dir", str(bench_dir), "--set", "wcxb", "--only", "scraper",
                 "--worst", "5", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    for heading in ("### tune", "### validate", "### all"):
        assert heading in printed
    assert "| page type | pages | scraper | rs-trafilatura (published, whole dev) |" in printed
    assert "| article | 1 | " in printed and "| 0.932 |" in printed
    assert "validate pages are not listed" in printed
    entry = json.loads(out.read_text())["sets"]["wcxb"]
    assert entry["pages"] == 3 and entry["splits"] == {"tune": 2, "validate": 1, "all": 3}
    (row,) = entry["extractors"]
    assert row["crashes"] == 0 and row["ms_per_page"] > 0
    assert row["speed_vs_trafilatura"] is None  # no trafilatura in this run
    tune, validate, every = (row["splits"][name] for name in ("tune", "validate", "all"))
    assert every["body"]["pages"] == 3 and row["f1"] == every["body"]["f1"]
    assert entry["per_page"]["scraper"]["0001"]["f1"] > 0.8  # the recipe is found
    assert set(tune["by_type"]) == {"article", "forum"} and set(validate["by_type"]) == {"product"}
    assert tune["snippets"]["with_found"]["of"] == 3
    assert tune["snippets"]["without_absent"]["of"] == 4
    # denominators: pages with a non-empty expected value (0003's author is "")
    assert every["metadata"]["authors"]["of"] == 1
    assert every["metadata"]["published"]["of"] == 1
    assert every["metadata"]["title"]["of"] == 3
    assert every["metadata"]["title"]["hits"] >= 1
    assert set(entry["page_types"]["confusion"]) == {"article", "forum", "product"}
    assert entry["page_types"]["accuracy"]["all"]["of"] == 3
    assert entry["verdict_loss"] is None  # needs trafilatura
    assert {item["id"] for item in entry["worst"]} == {"0001", "0002"}  # tune only
    assert {item["id"] for item in entry["slowest"]} == {"0001", "0002"}
    assert set(entry["per_page"]["scraper"]["0003"]) == {"precision", "recall", "f1"}


def test_wcxb_split_option_and_compare(bench_dir: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "validate.json"
    main(["--bench-dir", str(bench_dir), "--set", "wcxb", "--split", "validate", "--only",
          "scraper", "--json", str(out)])
    entry = json.loads(out.read_text())["sets"]["wcxb"]
    assert entry["splits"] == {"validate": 1}
    assert set(entry["extractors"][0]["splits"]) == {"validate"}
    main(["--bench-dir", str(bench_dir), "--set", "wcxb", "--only", "scraper",
          "--compare", str(out)])
    assert "Changes on wcxb since the --compare run:" in capsys.readouterr().out


def test_wcxb_with_trafilatura_scores_its_metadata_and_speed(
        bench_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    out = tmp_path / "wcxb.json"
    assert main(["--bench-dir", str(bench_dir), "--set", "wcxb", "--only",
                 "scraper,trafilatura", "--json", str(out)]) == 0
    entry = json.loads(out.read_text())["sets"]["wcxb"]
    ours, theirs = entry["extractors"]
    assert theirs["extractor"] == "trafilatura" and theirs["speed_vs_trafilatura"] == 1.0
    assert ours["speed_vs_trafilatura"] > 0
    assert theirs["splits"]["all"]["metadata"]["title"]["of"] == 3  # bare_extraction ran
    assert entry["verdict_loss"]["all"] == {"blocked": 0, "lost": 0, "ids": []}


def _fake_run(name: str, f1s: dict[str, float], verdicts: dict[str, dict[str, object]]) -> Run:
    extractor = Extractor(name, "0", True, lambda _h, _u: None, lambda _r: Extraction())
    run = Run(extractor)
    run.scores = {pid: score_words("a b", "a" if f1 < 1 else "a b") if f1 != 0
                  else score_words("a", "b") for pid, f1 in f1s.items()}
    run.verdicts = verdicts  # type: ignore[assignment]
    return run


def test_wcxb_quality_and_verdict_loss_on_made_up_verdicts() -> None:
    pages = [Page(pid, None, b"", "", {"split": split, "page_type": "article"})
             for pid, split in (("a", "tune"), ("b", "tune"), ("c", "tune"), ("d", "validate"))]
    # per-page F1: a 1.0, b 2/3 (truth "a b", ours "a"), c 0, d 1.0
    ours = _fake_run("scraper", {"a": 1, "b": 0.5, "c": 0, "d": 1}, {
        "a": {"extraction_quality": 0.9, "blocked": None},
        "b": {"extraction_quality": 0.6, "blocked": "paywall"},
        "c": {"extraction_quality": 0.1, "blocked": "paywall"},
        "d": {"extraction_quality": None, "blocked": None}})
    theirs = _fake_run("trafilatura", {"a": 1, "b": 1, "c": 1, "d": 1}, {})
    quality = wcxb_quality(ours, pages)
    assert quality is not None and set(quality) == {"tune", "all"}  # d has no quality
    assert quality["tune"]["spearman"] == pytest.approx(1.0)
    assert quality["tune"]["low_pages"] == 1 and quality["tune"]["low_f1"] == 0.0
    assert quality["tune"]["rest_f1"] == pytest.approx((1 + 2 / 3) / 2)
    loss = wcxb_verdict_loss(ours, theirs, pages)
    assert loss is not None
    assert loss["tune"] == {"blocked": 2, "lost": 1, "ids": ["c"]}  # b: 2/3 is not < 1/2
    assert loss["validate"] == {"blocked": 0, "lost": 0, "ids": []}
    assert wcxb_verdict_loss(ours, None, pages) is None
    unrated = _fake_run("scraper", {"a": 1}, {"a": {"extraction_quality": None}})
    assert wcxb_quality(unrated, pages[:1]) is None
