"""What the untouched tree says about walls and page kind, gathered before anything is removed.

Strip removes cookie overlays, paywall prompts, login forms and scripts; the verdict needs to
know they were there. Every signal is an int (a count, a length or a 0/1 flag) so it fits
``Stripped.signals``; ``scraper.extract.verdict`` turns them into a verdict.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

__all__ = ["LD_TYPE_GROUPS", "challenge_markup", "collect_signals", "text_signals"]

#: Only the top of a long page is searched for wall phrases: walls sit where the article
#: would start, and scanning megabytes of footer text costs time for nothing.
PHRASE_SCAN_CHARS = 60_000

#: Pages with more text than this are not challenge interstitials (they show a few hundred
#: characters).
CHALLENGE_SCAN_CHARS = 5_000

_CHALLENGE_TITLE = re.compile(
    r"just a moment|attention required|checking your browser|are you a robot|"
    r"verify you are (?:a )?human|access denied|security check|ddos-guard|"
    r"please wait while we verify|one more step|bot verification|captcha",
    re.I,
)
_CHALLENGE_SELECTOR = (
    "#challenge-form, #challenge-running, #cf-wrapper, .cf-browser-verification, "
    "#cf-challenge-running, .g-recaptcha, .h-captcha, .cf-turnstile, [data-sitekey], "
    "#px-captcha, #captcha, .captcha, #distil_ident_block, #sec-if-cpt-container"
)
_CHALLENGE_SCRIPT = ("challenge-platform", "captcha", "perimeterx", "px-cdn", "distil", "datadome")

_JS_PHRASE = re.compile(
    r"enable javascript|javascript (?:is )?(?:required|disabled|must be enabled|needs to be "
    r"enabled)|turn on javascript|activate javascript|javascript is not enabled|"
    r"this (?:app|site|page) (?:requires|needs) javascript|you need to enable javascript|"
    r"doesn't work properly without javascript|does not work without javascript|"
    r"please enable js|browser (?:does not|doesn't) support javascript",
    re.I,
)
_CONSENT_PHRASE = re.compile(
    r"we use cookies|uses cookies|use of cookies|cookie (?:policy|settings|preferences)|"
    r"accept (?:all )?cookies|consent to (?:the use|our use)|your privacy choices|"
    r"we and our partners|manage (?:your )?(?:consent|preferences|cookies)|"
    r"before you continue|reject all|accept all|agree and (?:continue|proceed)",
    re.I,
)
_PAYWALL_PHRASE = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|to continue reading,? (?:please )?"
    r"(?:subscribe|log ?in|sign ?in|register)|continue reading (?:with|for) |"
    r"(?:this|the rest of this) (?:article|story|content) is (?:only )?(?:available|reserved) "
    r"(?:to|for) (?:subscribers|members)|subscribers? only|for subscribers|"
    r"already a (?:subscriber|member)|you(?:'ve| have) (?:reached|used) (?:your|all)[^.]{0,40}"
    r"(?:limit|free articles)|free articles? (?:left|remaining)|unlock (?:this|the full) "
    r"(?:article|story)|become a (?:subscriber|member) to read|premium (?:article|content)|"
    r"subscribe for full access|read the full (?:article|story) (?:with|by subscribing)",
    re.I,
)
_LOGIN_PHRASE = re.compile(
    r"(?:log|sign) ?in to (?:continue|read|view|see|access)|please (?:log|sign) ?in to "
    r"(?:continue|read|view|see|access)|you must be (?:logged|signed) in to (?:read|view|see|"
    r"access|continue)|(?:login|sign-in) required|"
    r"create (?:a free|an) account to (?:continue|read)|register to (?:continue|read)",
    re.I,
)

#: schema.org types by the kind of page they announce; the page-type classifier reads one
#: flag per group (the JSON-LD a page carries says what its CMS thinks it is).
LD_TYPE_GROUPS: dict[str, frozenset[str]] = {
    "product": frozenset({"product", "productgroup", "offer", "aggregateoffer",
                          "individualproduct", "productmodel", "car", "vehicle"}),
    "forum": frozenset({"discussionforumposting", "qapage", "question", "answer",
                        "socialmediaposting"}),
    "article": frozenset({"article", "newsarticle", "blogposting", "reportagenewsarticle",
                          "analysisnewsarticle", "opinionnewsarticle", "liveblogposting",
                          "scholarlyarticle", "review", "recipe"}),
    "docs": frozenset({"techarticle", "apireference", "softwaresourcecode", "howto"}),
    "collection": frozenset({"collectionpage", "itemlist", "offercatalog",
                             "searchresultspage"}),
    "service": frozenset({"service", "localbusiness", "professionalservice", "faqpage",
                          "softwareapplication", "webapplication", "corporation"}),
}
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_LD_NAME = re.compile(r'"(?:https?://schema\.org/)?([A-Za-z]+)"')

_NOT_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(?:false|False|no)"?')


def collect_signals(tree: LexborHTMLParser) -> dict[str, int]:
    """Signals that only the untouched tree has: scripts, noscript text, JSON-LD, titles,
    password fields. Call before any node is removed."""
    signals: dict[str, int] = {}
    title_node = tree.css_first("title")
    title = title_node.text() if title_node is not None else ""
    signals["challenge_title"] = int(bool(title) and len(title) < 80
                                     and bool(_CHALLENGE_TITLE.search(title)))
    scripts = challenge_scripts = not_free = noscript_js = passwords = 0
    ld_types: set[str] = set()
    # One walk of lexbor for the three kinds of element (each css() call is a full walk).
    for node in tree.css('script, noscript, input[type="password" i]'):
        tag = node.tag
        if tag == "script":
            scripts += 1
            attrs = node.attributes
            src = attrs.get("src")
            if src:
                if any(word in src for word in _CHALLENGE_SCRIPT):
                    challenge_scripts += 1
            elif (attrs.get("type") or "").endswith("ld+json"):
                code = node.text()
                if not not_free and "ccessibleForFree" in code and _NOT_FREE.search(code):
                    not_free = 1
                ld_types.update(_ld_types(code))
        elif tag == "noscript":
            if not noscript_js and _JS_PHRASE.search(node.text()):
                noscript_js = 1
        else:
            passwords += 1
    signals["scripts"] = scripts
    signals["challenge_scripts"] = challenge_scripts
    signals["not_free"] = not_free
    signals["noscript_js"] = noscript_js
    signals["password_inputs"] = passwords
    for group, names in LD_TYPE_GROUPS.items():
        signals[f"ld_{group}"] = int(not ld_types.isdisjoint(names))
    return signals


def _ld_types(code: str) -> set[str]:
    """Every schema.org type a JSON-LD script names, lower-cased (nested entities too: a
    WebPage whose mainEntity is a Product names both)."""
    found = set()
    for match in _LD_TYPE.finditer(code):
        found.update(name.lower() for name in _LD_NAME.findall(match.group(1)))
    return found


def challenge_markup(tree: LexborHTMLParser, text_chars: int) -> int:
    """Challenge widgets (captcha boxes, challenge forms) on a near-empty page; a page with
    real text is not an interstitial, so it is not searched at all."""
    if text_chars >= CHALLENGE_SCAN_CHARS:
        return 0
    return len(tree.css(_CHALLENGE_SELECTOR))


#: Characters either side of a keyword that a wall phrase can span.
_WINDOW_BEFORE = 80
_WINDOW_AFTER = 160

#: Each phrase family with the cheap keywords that every one of its phrases contains; the
#: regex runs only in windows around keyword hits (``str.find`` is far faster than a
#: many-branch regex over a whole page).
_FAMILIES = (
    ("js_phrase", ("javascript", " js"), _JS_PHRASE),
    ("consent_phrases", ("cookie", "consent", "privacy", "partners", "continue", "reject",
                         "accept"), _CONSENT_PHRASE),
    ("paywall_phrases", ("subscri", "member", "reading", "limit", "free article", "unlock",
                         "premium", "full access", "full article", "full story"),
     _PAYWALL_PHRASE),
    ("login_phrases", ("log in", "login", "sign in", "sign-in", "logged", "signed",
                       "account", "register"), _LOGIN_PHRASE),
)


def _windows(low: str, keywords: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for keyword in keywords:
        start = low.find(keyword)
        while start != -1:
            spans.append((max(0, start - _WINDOW_BEFORE), start + _WINDOW_AFTER))
            start = low.find(keyword, start + _WINDOW_AFTER)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for begin, end in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def text_signals(text: str) -> dict[str, int]:
    """Wall phrases in visible text (scripts and styles already gone)."""
    low = text[:PHRASE_SCAN_CHARS].lower()
    found: dict[str, int] = {}
    for name, keywords, pattern in _FAMILIES:
        found[name] = sum(len(pattern.findall(low, begin, end))
                          for begin, end in _windows(low, keywords))
    found["js_phrase"] = min(found["js_phrase"], 1)
    return found
