"""Seat-name matching: the one place that decides when two seat names are the same seat."""

from __future__ import annotations

import re
import unicodedata
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


def tokens(name: str) -> frozenset[str]:
    """The words of a name, order ignored ("Herefordshire North" == "North Herefordshire")."""
    return frozenset(normalise(name).split())


def slug(name: str) -> str:
    """File-name form: lower case, words joined by ``-``, ``&`` as ``and``."""
    return normalise(name).replace(" ", "-")
