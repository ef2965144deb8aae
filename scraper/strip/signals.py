"""What the untouched tree says about walls and page kind, gathered before anything is removed.

Strip removes cookie overlays, paywall prompts, login forms and scripts; the verdict needs to
know they were there. ``Signals`` is the whole contract between strip and the verdict (and
the page-type classifier): every field is named here, with what it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["LD_TYPE_GROUPS", "PRODUCT_LD_GROUP", "Phrases", "Signals", "challenge_markup",
           "collect_signals", "is_consent_panel", "is_consent_text", "text_signals"]

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
#: The ``LD_TYPE_GROUPS`` group of a page that declares a product (strip treats its review
#: sections as comments).
PRODUCT_LD_GROUP = "product"

LD_TYPE_GROUPS: dict[str, frozenset[str]] = {
    PRODUCT_LD_GROUP: frozenset({"product", "productgroup", "offer", "aggregateoffer",
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

#: What the page-type classifier counts in the untouched tree (``Signals.page_counts``):
#: elements that tell a shop, a thread or a catalogue from an article (forms and buttons,
#: <article>s and <time>s, the regions round the content)...
COUNTED_TAGS = ("form", "input", "button", "select", "textarea", "article", "time", "nav",
                "aside", "footer", "header", "section", "h1", "h2", "h3", "li")
#: ...and schema.org microdata types (``itemtype``, last path segment, lower-cased)...
MICRODATA_TYPES = ("product", "offer", "comment", "question", "answer", "review",
                   "blogposting", "article", "person", "itemlist", "listitem",
                   "aggregaterating", "newsarticle", "discussionforumposting", "organization",
                   "breadcrumblist", "webpage", "event", "jobposting", "techarticle")
_MICRODATA = frozenset(MICRODATA_TYPES)
_COUNTED = frozenset(COUNTED_TAGS)
#: One lexbor walk for them (strip's junk-tag query serves the scripts and noscripts).
_COUNT_WALK = ", ".join((*COUNTED_TAGS, "[itemtype]"))


@dataclass(slots=True)
class Signals:
    """What strip saw of a page, for the verdict. Counts and lengths are characters unless
    said otherwise; flags are 0 or 1."""

    # The untouched tree (``collect_signals``).
    challenge_title: int = 0      #: the <title> of a bot challenge ("Just a moment...")
    scripts: int = 0              #: <script> elements
    challenge_scripts: int = 0    #: scripts from challenge and captcha vendors
    not_free: int = 0             #: JSON-LD isAccessibleForFree false
    noscript_js: int = 0          #: a <noscript> asking for JavaScript
    password_inputs: int = 0      #: password fields
    ld_groups: frozenset[str] = frozenset()  #: ``LD_TYPE_GROUPS`` the JSON-LD names
    #: For the page-type classifier: elements by tag (``COUNTED_TAGS``) and microdata types
    #: (``"itemtype:" + name``, ``MICRODATA_TYPES``); a missing key is 0.
    page_counts: dict[str, int] = field(default_factory=dict)
    # The tree without scripts and hidden elements.
    challenge_markup: int = 0     #: captcha boxes, challenge forms (on near-empty pages)
    body_chars: int = 0           #: visible text of the body
    consent_nodes: int = 0        #: consent boxes by markup
    consent_prose: int = 0        #: prose in the biggest of them
    paywall_nodes: int = 0        #: paywall and registration boxes by markup
    paywall_prose: int = 0        #: prose in the biggest of them
    teasers: int = 0              #: linked headlines left once boilerplate is gone
    # The main node (``strip``).
    main_teasers: int = 0         #: linked headlines under it
    main_link_pct: int = 0        #: percentage of its text in links
    longest_carrier: int = 0      #: the longest run of prose left on the page
    main_chars: int = 0           #: its text once cleaned
    list_items: int = 0           #: items of the page's item list (``strip.repeated``)
    list_chars: int = 0           #: their text
    # Wall phrases, looked for only when the main text is short (``text_signals``).
    js_phrase: int = 0            #: "enable JavaScript" (flag)
    consent_phrases: int = 0      #: "we use cookies", "accept all"... on the page
    paywall_phrases: int = 0      #: "subscribe to continue reading"...
    login_phrases: int = 0        #: "log in to continue"...
    main_consent_phrases: int = 0  #: consent phrases in the main text


def collect_signals(tree: LexborHTMLParser, nodes: list[LexborNode]) -> Signals:
    """Signals that only the untouched tree has: scripts, noscript text, JSON-LD, titles,
    password fields. Call before any node is removed. ``nodes``: the tree's matches of a
    selector list that holds ``script``, ``noscript`` and ``input`` (strip's query for junk
    tags, which saves a walk of lexbor here), in document order; other tags are passed over.
    The page-type classifier's element and microdata counts take one walk of their own."""
    title_node = tree.css_first("title")
    title = title_node.text() if title_node is not None else ""
    scripts = challenge_scripts = not_free = noscript_js = passwords = 0
    ld_types: set[str] = set()
    for node in nodes:
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
        elif tag == "input" and _is_password(node):
            passwords += 1
    counts: dict[str, int] = {}
    previous = 0
    for node in tree.css(_COUNT_WALK):
        ident = node.mem_id
        if ident == previous:
            # Matched by a tag and by [itemtype]: lexbor gives such an element twice in a
            # row, which tells it carries microdata without reading every element's
            # attributes.
            _count_microdata(node, counts)
            continue
        previous = ident
        tag = node.tag
        if tag in _COUNTED:
            counts[tag] = counts.get(tag, 0) + 1
        else:  # matched by [itemtype] alone
            _count_microdata(node, counts)
    return Signals(
        challenge_title=int(bool(title) and len(title) < 80
                            and bool(_CHALLENGE_TITLE.search(title))),
        scripts=scripts, challenge_scripts=challenge_scripts, not_free=not_free,
        noscript_js=noscript_js, password_inputs=passwords,
        ld_groups=frozenset(group for group, names in LD_TYPE_GROUPS.items()
                            if not ld_types.isdisjoint(names)),
        page_counts=counts)


def _count_microdata(node: LexborNode, counts: dict[str, int]) -> None:
    itemtype = node.attributes.get("itemtype") or ""
    name = itemtype.rstrip("/").rsplit("/", 1)[-1].lower()
    if name in _MICRODATA:
        key = f"itemtype:{name}"
        counts[key] = counts.get(key, 0) + 1


def _is_password(node: LexborNode) -> bool:
    """``input[type="password" i]``: the value matched ASCII case-insensitively, as CSS does."""
    kind = node.attributes.get("type")
    return kind is not None and kind.isascii() and kind.lower() == "password"


def _ld_types(code: str) -> set[str]:
    """Every schema.org type a JSON-LD script names, lower-cased (nested entities too: a
    WebPage whose mainEntity is a Product names both)."""
    found: set[str] = set()
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


@dataclass(slots=True, frozen=True)
class Phrases:
    """Wall phrases in a text: how many of each family."""

    js_phrase: int
    consent_phrases: int
    paywall_phrases: int
    login_phrases: int


#: A text with this many consent phrases ("we use cookies", "accept all")...
CONSENT_WALL_PHRASES = 3
#: ...at least one per this many characters is a consent form, not an article about privacy.
CONSENT_WALL_SPACING = 400


def is_consent_text(phrases: int, chars: int) -> bool:
    """Whether a text of ``chars`` characters with ``phrases`` consent phrases is a consent
    form (a cookie-settings panel, a consent wall) rather than prose that mentions privacy."""
    return phrases >= CONSENT_WALL_PHRASES and phrases * CONSENT_WALL_SPACING >= chars


#: A box marked as a consent manager's whose text names cookies or consent once per this many
#: characters is the settings panel: on wcxb-dev's tune and validate pages such panels (1,500+
#: characters) say it once per 100-660 characters, while page builders' "cmp-" containers of
#: the same size say it once per 1,500 or never.
CONSENT_WORD_SPACING = 1000
_CONSENT_WORD = re.compile(r"cookie|consent", re.IGNORECASE)


def is_consent_panel(text: str) -> bool:
    """Whether the text of a box that its markup calls a consent box is about cookies."""
    return len(_CONSENT_WORD.findall(text)) * CONSENT_WORD_SPACING >= len(text)


def text_signals(text: str) -> Phrases:
    """Wall phrases in visible text (scripts and styles already gone)."""
    low = text[:PHRASE_SCAN_CHARS].lower()
    found: dict[str, int] = {}
    for name, keywords, pattern in _FAMILIES:
        found[name] = sum(len(pattern.findall(low, begin, end))
                          for begin, end in _windows(low, keywords))
    return Phrases(js_phrase=min(found["js_phrase"], 1),
                   consent_phrases=found["consent_phrases"],
                   paywall_phrases=found["paywall_phrases"],
                   login_phrases=found["login_phrases"])
