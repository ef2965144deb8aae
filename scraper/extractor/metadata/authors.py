"""Authors: turn byline strings into a clean list of names.

``"By Jane Doe and John Roe, Staff Writers | May 3, 2024"`` -> ``["Jane Doe", "John Roe"]``.

What is removed: a leading "By"/"Par"/"Von"/"Written by"..., e-mail addresses, URLs, handles,
dates and times, roles ("Staff Writer", "Reporter", "Editor"), credentials ("PhD", "MD"), and
any part that does not look like a name (too long, digits, UI text such as "Follow").
Names are split on "and", "&", ",", ";", "|", line breaks and the "and" of the common
languages, then deduplicated case-insensitively, first spelling kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MAX_BYLINE_CHARS", "clean_author", "clean_authors", "looks_like_byline",
           "merge_names"]

def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: A name longer than this is a sentence or a bio, not a name.
MAX_NAME_CHARS = 60

#: A one-letter "name" is an initial or an avatar letter shown beside a comment.
MIN_NAME_LETTERS = 2

#: Words in a name: "Maria de la Cruz Fernández Ruiz" has six; more is prose.
MAX_NAME_WORDS = 6

#: Longer visible text is an author bio or a paragraph mentioning the author, not a byline.
MAX_BYLINE_CHARS = 100

#: A visible element whose text has a part longer than this (in words) holds a sentence: a
#: teaser or a bio, so it is not a byline even if a name can be cut out of it.
MAX_BYLINE_PART_WORDS = 10

#: More authors than this on one byline is a list of staff or tags, not a byline.
MAX_AUTHORS = 12

_LEAD = re.compile(
    r"^(?:(?:written|posted|reported|published|compiled|edited|words|text|story|photos?|"
    r"interview)\s+by|by|von|par|por|przez|от|автор|текст|фото|texte?|auteur|autor|autore|"
    r"authors?|"
    r"byline)\b\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
#: "by" in languages where the same word starts surnames ("Di Maria", "Door"): lower case only.
_LEAD_LOWER = re.compile(r"^(?:di|da|door|av|af|con|com|mit|avec|with)\s+")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"\(?\b(?:https?://|www\.)\S+\)?", re.IGNORECASE)
_HANDLE = re.compile(r"(?:^|\s)@\w+")
#: A one-token parenthetical is a handle or nickname ("Jane Doe (jdoe)"); a longer one at the
#: end of a byline is a second clause ("(with John Roe)") and becomes its own part.
_PAREN_TOKEN = re.compile(r"\(\S+\)")
_PAREN_TAIL = re.compile(r"\s\((.+)\)\s*$")
_BY_INSIDE = re.compile(r"^(.*?)\bby\b\s*:?\s*(.+)$", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?", re.I)
_MONTH_WORD = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?",
    re.IGNORECASE,
)
#: Separators between several names (or between a name and the rest of a byline).
_SPLIT = re.compile(
    r"\s*(?:[,;|/•·\n]|\s&\s|\s(?:and|und|et|y|e|en|og|och|i|и)\s|\s+[-–—]\s+)\s*",
    re.IGNORECASE,
)
#: Job titles and bylines' filler that are never part of a person's name.
_ROLE_WORDS = _word_set(
    """
    staff writer writers reporter reporters correspondent correspondents editor editors
    contributor contributors contributing columnist columnists senior chief associate managing
    deputy executive photographer photographers producer freelance freelancer journalist
    journalists intern analyst updated update published posted min read minutes ago
    follow share comments comment view profile posts articles email twitter facebook bio
    monday tuesday wednesday thursday friday saturday sunday today yesterday
    """
)
#: Words that make a byline part filler only when the whole part is made of them ("View all",
#: "News Desk"); at the end of a real name ("BBC News") they stay.
_FILLER_WORDS = _ROLE_WORDS | _word_set(
    "all more by the of and desk team staff news wire opinion anonymous guest admin author "
    "authors writer profile subscribe unknown see read written posted view page analysis "
    "commentary editorial reports report review interview video photo photos suivre folgen "
    "seguir segui"
)
#: Role phrases that end a byline part: "Jane Doe, Special to The Times".
_ROLE_TAIL = re.compile(
    r"\b(?:special\s+to|for\s+the|is\s+an?|is\s+the|has\s+been)\b.*$",
    re.IGNORECASE,
)
#: Academic and professional post-nominals, dropped when they stand alone after a comma.
#: After a comma, a lone short initialism is a credential ("MS", "RDN", "Ph.D.").
_INITIALISM = re.compile(r"^(?:[A-Z]\.?){1,4}$|^[A-Z][a-z]\.[A-Z]\.?$")
_CREDENTIALS = _word_set("phd ph.d. md m.d. ma m.a. mba bsc msc rn jd esq dr dds mph facp cfa cpa")


def clean_authors(values: Iterable[str]) -> list[str]:
    """Clean and split each raw byline value; the union, deduplicated, in order."""
    names: list[str] = []
    for value in values:
        names = merge_names(names, clean_author(value))
    return names[:MAX_AUTHORS]


def clean_author(raw: str) -> list[str]:
    """Split one raw byline string into clean names (possibly none)."""
    if not raw:
        return []
    text = raw.replace("\u00a0", " ").replace("\r", "\n")
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _PAREN_TOKEN.sub(" ", text)
    text = _PAREN_TAIL.sub(r"\n\1", text)
    names: list[str] = []
    for index, part in enumerate(_SPLIT.split(text)):
        if index > 0 and _is_trailing_role(part):
            continue
        name = _clean_part(part)
        if name is not None:
            names = merge_names(names, [name])
    return names


def _is_trailing_role(part: str) -> bool:
    """After the first name, "AP Auto Writer" or "MS, RD" describe the person, never name one."""
    words = part.split()
    if not words:
        return False
    if words[-1].casefold().strip(".:") in _ROLE_WORDS:
        return True
    return len(words) == 1 and _INITIALISM.match(words[0]) is not None


def looks_like_byline(text: str) -> bool:
    """Whether visible text reads as a byline: short, and no part of it is a sentence."""
    if len(" ".join(text.split())) > MAX_BYLINE_CHARS:
        return False
    return all(len(part.split()) <= MAX_BYLINE_PART_WORDS for part in _SPLIT.split(text))


def merge_names(known: list[str], extra: Iterable[str]) -> list[str]:
    """``known`` plus the names of ``extra`` not already in it (case-insensitive)."""
    seen = {_key(name) for name in known}
    merged = list(known)
    for name in extra:
        if (key := _key(name)) and key not in seen:
            seen.add(key)
            merged.append(name)
    return merged


def _key(name: str) -> str:
    return " ".join(name.casefold().replace(".", " ").split())


def _clean_part(part: str) -> str | None:
    text = " ".join(part.split())
    for _ in range(2):
        text = _LEAD_LOWER.sub("", _LEAD.sub("", text)).strip()
    if (inside := _BY_INSIDE.match(text)) and all(
        word.casefold().strip(".:") in _FILLER_WORDS for word in inside.group(1).split()
    ):
        text = inside.group(2)
    text = _ROLE_TAIL.sub("", text)
    text = _TIME.sub(" ", text)
    if _MONTH_WORD.search(text) and re.search(r"\d", text):
        return None
    text = text.strip(" \t:;,.-–—|()[]{}\"'“”‘’«»*")
    text = " ".join(text.split())
    if not text or len(text) > MAX_NAME_CHARS:
        return None
    words = text.split()
    if len(words) > MAX_NAME_WORDS or any(ch.isdigit() for ch in text):
        return None
    if text.casefold().replace(" ", "") in _CREDENTIALS:
        return None
    lowered = [word.casefold().strip(".:") for word in words]
    if all(word in _FILLER_WORDS for word in lowered):
        return None
    if sum(ch.isalpha() for ch in text) < MIN_NAME_LETTERS:
        return None
    return _drop_role_suffix(words)


def _drop_role_suffix(words: list[str]) -> str | None:
    """"Jane Doe Staff Writer" -> "Jane Doe": trailing role words are cut off."""
    end = len(words)
    while end > 0 and words[end - 1].casefold().strip(".:") in _ROLE_WORDS:
        end -= 1
    if end == 0:
        return None
    return " ".join(words[:end])
