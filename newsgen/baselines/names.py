"""Seat-name matching: the one place that decides when two seat names are the same seat."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9 ]+")


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """Lower case, accents and punctuation dropped, ``&`` read as ``and``.

    Cached: the same seat and candidate names are compared many times a story."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


#: words the older files capitalise inside a name ("Forest Of Dean", "Stoke-On-Trent South")
_SMALL_WORDS = frozenset({"of", "on", "upon", "under", "super", "and", "the", "in", "le", "an", "by", "at"})


@lru_cache(maxsize=4096)
def tidy_name(name: str) -> str:
    """A seat name from the older files as it is written today: small words in lower case
    after the first ("Forest of Dean", "Weston-super-Mare", "Newcastle-under-Lyme")."""
    words = []
    for i, word in enumerate(name.split(" ")):
        parts = word.split("-")
        for j, part in enumerate(parts):
            if (i or j) and part.lower() in _SMALL_WORDS and part.istitle():
                parts[j] = part.lower()
        words.append("-".join(parts))
    return " ".join(words)


_BRACKETED = re.compile(r"\s*\([^)]*\)")


def unbracketed(name: str) -> str:
    """A name without its bracketed county: "Richmond (Yorks)" is "Richmond"."""
    return _BRACKETED.sub("", name)


def tokens(name: str) -> frozenset[str]:
    """The words of a name, order ignored ("Herefordshire North" == "North Herefordshire"); a
    bracketed county is not a word of the name ("Richmond (Yorks)" is Richmond)."""
    return word_set(normalise(_BRACKETED.sub("", name)).split())


def word_set(words: Iterable[str]) -> frozenset[str]:
    """Words as a set that still counts repeats: "West Bromwich West" is not "West Bromwich"
    (a second "west" is kept as "west#2")."""
    seen: dict[str, int] = {}
    out = []
    for word in words:
        seen[word] = seen.get(word, 0) + 1
        out.append(word if seen[word] == 1 else f"{word}#{seen[word]}")
    return frozenset(out)


def slug(name: str) -> str:
    """File-name form: lower case, words joined by ``-``, ``&`` as ``and``."""
    return normalise(name).replace(" ", "-")
