"""Read a story's text as a sub-editor does: sentences of words and figures.

A figure is read whatever its spelling: digits with thousands commas ("16,739"), decimals,
number words ("seven", "nine thousand", "three hundred and five", "twenty-one"), a "k" or
"m" suffix ("2k", "1.5m"), a word multiplier ("five million"), an ordinal ("third", "5th")
and a sign ("+6.6"). Something that looks like a figure but cannot be read ("16,7390",
"4,66e") is kept as ``malformed`` so that the verifier refuses it instead of passing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress, count
from operator import attrgetter

__all__ = ["Figure", "Token", "figures", "numeric", "offsets", "sentences", "tokenise"]

#: a word (letters, then letters, digits, apostrophes, hyphens), a run starting with a digit
#: (a figure: it ends on a letter or digit, so the full stop or comma ending a sentence or
#: clause after it, "in 2019." "1,949,", is a mark of its own), a line break, or one punctuation
#: mark. Spaces, other white space and "_" between them are skipped.
_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d(?:[\w,.]*\w)?|\n|[^\w\s]")
_NUMBER = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<suffix>st|nd|rd|th|k|m|bn|pc|pts|pt|pp)?")
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
_LONGEST = 24  # characters: "1,234,567,890,123.4567" and room to spare; longer is refused unread
_SUFFIX_SCALE = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_SUFFIX_UNIT = {"pc": "percent", "pts": "points", "pt": "points", "pp": "points"}  # "35.6pc", "6.6pts"
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES)


def word_set(words: str) -> frozenset[str]:
    """A set of cue words written as one string: ``word_set("up rose risen")``."""
    return frozenset(words.split())


@dataclass(frozen=True, slots=True, eq=False)
class Token:
    """A word, figure, line break or punctuation mark, without its place in the text.

    One object stands for every occurrence of the same token in the same surroundings (a
    text's tokens are taken from a cache of the space-separated pieces seen before), so
    reading a story makes no object per token; where each token starts is worked out only
    when something is reported (:func:`offsets`).
    """

    text: str
    kind: str  # "word", "num", "nl", "punct"
    low: str = ""  # the word lowercased, possessive and trailing hyphen removed
    possessive: bool = False
    capital: bool = False  # a word whose first letter is a capital
    #: a full stop, "!" or "?" followed by white space or the end of the text: a sentence ends
    #: here unless it follows an initial ("Stuart C. McDonald")
    stop: bool = False
    sign: str = ""  # a figure's sign printed before it ("+6.6", "-27.6"): "+" or "-"
    #: a figure may start here: digits, a number word ("seven", "twenty-one") or an ordinal
    numeric: bool = False


#: the tokens of each space-separated piece of text seen (most pieces, "votes.", "Labour's",
#: "14,790", recur in every story); cleared when full (the pieces are the key: nothing in it
#: can go stale)
_PIECES: dict[str, tuple[Token, ...]] = {"": ()}
_PIECES_MAX = 20_000
#: one Token for each set of attributes, shared by every piece that has it
_TOKENS: dict[tuple[str, str, str, bool, bool, bool, str, bool], Token] = {}


def _piece(piece: str) -> tuple[Token, ...]:
    """The tokens of a piece of text with no space in it. What a token is may depend on the
    characters next to it (a sign before a figure, white space after a full stop), and those
    next to a piece are a space or nothing: a piece's tokens are the same wherever it is."""
    out = []
    n = len(piece)
    for m in _TOKEN.finditer(piece):
        word, at, end = m.group(), m.start(), m.end()
        first = word[0]
        sign, stop = "", False
        if first.isdigit():
            kind, low, possessive, capital = "num", word, False, False
            # a sign printed before it ("+6.6", "-27.6"), not a hyphen ending a word ("Area-51")
            sign = {"+": "+", "-": "-", "−": "-"}.get(piece[at - 1], "") if at else ""
            if sign and at >= 2 and piece[at - 2].isalnum():
                sign = ""
            numeric = True
        elif first == "\n":
            kind, low, possessive, capital, numeric = "nl", word, False, False, False
        elif first.isalpha():
            low = word.lower().replace("’", "'")
            possessive = False
            if low.endswith("'s"):
                low, possessive = low[:-2], True
            elif low.endswith("'"):
                low, possessive = low[:-1], True
            low = low.rstrip("-")
            kind, capital = "word", word[:1].isupper()
            numeric = low in NUMBER_WORDS or low in ORDINALS or ("-" in low and low.split("-", 1)[0] in NUMBER_WORDS)
        else:
            kind, low, possessive, capital, numeric = "punct", word, False, False, False
            stop = word in _ENDS and (end >= n or piece[end].isspace())
        key = (word, kind, low, possessive, capital, stop, sign, numeric)
        token = _TOKENS.get(key)
        if token is None:
            token = _TOKENS[key] = Token(word, kind, low, possessive, capital, stop, sign, numeric)
        out.append(token)
    return tuple(out)


def tokenise(text: str) -> list[Token]:
    """The text's tokens: words, figures, line breaks and punctuation marks, in order.

    A token never holds a space, so the text is split at its spaces (in C) and each piece's
    tokens are looked up, read with the regular expression only the first time it is seen.
    """
    pieces = text.split(" ")
    found = list(map(_PIECES.get, pieces))
    if None in found:
        if len(_PIECES) >= _PIECES_MAX:
            _PIECES.clear()
            _PIECES[""] = ()
        for k, shape in enumerate(found):
            if shape is None:
                piece = pieces[k]
                shape = _PIECES.get(piece)
                if shape is None:
                    shape = _PIECES[piece] = _piece(piece)
                found[k] = shape
    return list(chain.from_iterable(found))  # type: ignore[arg-type]


def offsets(text: str) -> list[int]:
    """Where each of :func:`tokenise`'s tokens starts in ``text`` (for reports only)."""
    return [m.start() for m in _TOKEN.finditer(text)]


def token_end(tokens: list[Token], starts: list[int], i: int) -> int:
    return starts[i] + len(tokens[i].text)


_ENDS = frozenset(".!?")


def sentences(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, end) token ranges of each sentence: a line break or a full stop before a space."""
    out: list[tuple[int, int]] = []
    first = 0
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.kind == "nl":
            if i > first:
                out.append((first, i))
            first = i + 1
        elif t.stop and not (t.text == "." and i > first and _initial(tokens[i - 1])):
            out.append((first, i + 1))
            first = i + 1
    if first < n:
        out.append((first, n))
    return [s for s in out if s[1] > s[0]]


def _initial(t: Token) -> bool:
    """A one-letter capital before a full stop: a name's initial ("Stuart C. McDonald")."""
    return t.kind == "word" and len(t.text) == 1 and t.text.isupper()


@dataclass(slots=True)
class Figure:
    first: int  # token index of its first token
    last: int  # token index of its last token
    value: float
    places: int | None  # decimal places printed; None for a whole number
    ordinal: bool = False
    sign: str = ""  # "+" or "-" when printed with one
    word: bool = False  # written in words
    grouped: bool = False  # printed with thousands commas
    malformed: bool = False
    unit: str | None = None  # a unit printed on the figure itself ("35.6pc": percent)

    def where(self, tokens: list[Token], starts: list[int], text: str) -> tuple[int, str]:
        """Its offset in ``text`` and the figure as printed there."""
        start = starts[self.first]
        if self.word:
            return start, " ".join(t.text for t in tokens[self.first : self.last + 1])
        if self.sign:
            start -= 1
        return start, text[start : token_end(tokens, starts, self.last)]


#: what a run of digits says by itself: (value, decimal places, suffix, thousands commas), or
#: None for a malformed one; kept for each text read, cleared when full
_READ: dict[str, tuple[float, int | None, str, bool] | None] = {}
_READ_MAX = 20_000


def _read_digits(printed: str) -> tuple[float, int | None, str, bool] | None:
    if printed in _READ:
        return _READ[printed]
    m = _NUMBER.fullmatch(printed)
    if m is None or len(printed) > _LONGEST:
        read = None  # not a figure, or one no election has (a 5,000-digit "vote count" in a hand edit)
    else:
        num, dec, suffix = m["num"], m["dec"], m["suffix"]
        read = (float(num.replace(",", "") + (dec or "")), len(dec) - 1 if dec else None, suffix or "", "," in num)
    if len(_READ) >= _READ_MAX:
        _READ.clear()
    _READ[printed] = read
    return read


def _digits(tokens: list[Token], i: int) -> Figure:
    t = tokens[i]
    read = _read_digits(t.text)
    if read is None:
        return Figure(i, i, 0.0, None, malformed=True)
    value, places, suffix, grouped = read
    last = i
    scale = _SUFFIX_SCALE.get(suffix)
    if scale is None and i + 1 < len(tokens) and tokens[i + 1].low in ("thousand", "million", "billion"):
        scale = SCALES[tokens[i + 1].low]
        last = i + 1
    if scale is not None:
        value *= scale
        places = None
    return Figure(
        i,
        last,
        value,
        places,
        ordinal=suffix in _ORDINAL_SUFFIX,
        sign=t.sign,
        grouped=grouped,
        unit=_SUFFIX_UNIT.get(suffix),
    )


def _words(tokens: list[Token], i: int) -> Figure | None:
    """A number written in words starting at token i, or None."""
    t = tokens[i]
    if t.low in ORDINALS:
        return Figure(i, i, float(ORDINALS[t.low]), None, ordinal=True, word=True)
    total = 0
    current = 0
    last = -1
    j = i
    n = len(tokens)
    while j < n and tokens[j].kind == "word":
        low = tokens[j].low
        parts = low.split("-") if "-" in low else [low]
        if not all(p in NUMBER_WORDS for p in parts):
            if low == "and" and last == j - 1 and j + 1 < n and tokens[j + 1].low in NUMBER_WORDS and current >= 100:
                j += 1  # "three hundred and five"
                continue
            break
        for p in parts:
            if p in UNITS:
                current += UNITS[p]
            elif p in TENS:
                current += TENS[p]
            elif p == "hundred":
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * SCALES[p]
                current = 0
        last = j
        if tokens[j].possessive:
            break
        j += 1
    if last < 0:
        return None
    return Figure(i, last, float(total + current), None, word=True)


_NUMERIC = attrgetter("numeric")


def numeric(tokens: list[Token]) -> list[int]:
    """The indices of the tokens where a figure may start, for a whole text in one pass."""
    return list(compress(count(), map(_NUMERIC, tokens)))


def figures(tokens: list[Token], first: int, end: int, starts: Iterable[int] | None = None) -> list[Figure]:
    """Every figure in tokens[first:end], in order.

    ``starts``: the indices in that range where a figure may start, in order (:func:`numeric`);
    worked out here when not given."""
    out: list[Figure] = []
    if starts is None:
        starts = [i for i in range(first, end) if tokens[i].numeric]
    i = first
    for k in starts:
        if k < i:
            continue  # inside the figure read before ("nine thousand")
        t = tokens[k]
        fig = _digits(tokens, k) if t.kind == "num" else _words(tokens, k)
        if fig is not None:
            out.append(fig)
            i = fig.last + 1
    return out
