"""Language: normalise declared language tags, and detect the language of text.

Declared tags are kept as declared but put in BCP 47 case: ``en_us`` -> ``en-US``,
``ZH-hant-tw`` -> ``zh-Hant-TW``. Tags that are not language tags (``x-default``, ``*``, a
bare number) are refused.

``detect_language`` answers only when the text is long enough and the classifier is confident
(thresholds below); otherwise ``None``, since a wrong language is worse than none.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["detect_language", "load_language_model", "normalize_language"]

#: Below ~200 characters (two or three sentences) character n-gram models confuse close
#: languages (es/pt/gl, da/no/sv) too often to be trusted.
MIN_DETECT_CHARS = 200

#: Only the start of the text is classified: 5,000 characters settle any language and keep the
#: cost flat on book-length pages.
MAX_DETECT_CHARS = 5000

#: Normalised probability the best language must reach; at 0.9 the classifier is wrong on well
#: under 1 % of paragraphs of the languages it knows, and abstains on mixed-language text.
MIN_CONFIDENCE = 0.9

_TAG = re.compile(r"^([a-zA-Z]{2,3})((?:[-_][a-zA-Z0-9]{1,8})*)$")


def normalize_language(raw: str | None) -> str | None:
    """A declared tag in BCP 47 case, or ``None`` when it is not a language tag."""
    if not raw:
        return None
    text = raw.strip().split(",", 1)[0].split(";", 1)[0].strip()
    match = _TAG.match(text)
    if match is None:
        return None
    primary = match.group(1).lower()
    if primary in ("und", "mul", "zxx"):
        return None
    parts = [primary]
    for sub in re.split(r"[-_]", match.group(2))[1:]:
        if len(sub) == 2 and sub.isalpha():
            parts.append(sub.upper())
        elif len(sub) == 4 and sub.isalpha():
            parts.append(sub.title())
        else:
            parts.append(sub.lower())
    return "-".join(parts)


def detect_language(text: str) -> str | None:
    """The language of ``text`` as a primary subtag (``"en"``), or ``None`` when unsure."""
    sample = " ".join(text[:MAX_DETECT_CHARS].split())
    if len(sample) < MIN_DETECT_CHARS:
        return None
    language, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return None
    return str(language)


def load_language_model() -> None:
    """Load the identifier now rather than on the first page that needs it."""
    _identifier()


def release_language_model() -> None:
    """Drop this process's reference to the identifier (a parent whose forked workers hold
    their copy gives back its tens of MB; a later page loads it again)."""
    _identifier.cache_clear()


@cache
def _identifier() -> LanguageIdentifier:
    """Loaded once per process (about a second), on first use only."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
