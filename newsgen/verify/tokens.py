"""Read a story's text as a sub-editor does: sentences of words and figures.

A figure is read whatever its spelling: digits with thousands commas ("16,739"), decimals,
number words ("seven", "nine thousand", "three hundred and five", "twenty-one"), a "k" or
"m" suffix ("2k", "1.5m"), a word multiplier ("five million"), an ordinal ("third", "5th")
and a sign ("+6.6"). Something that looks like a figure but cannot be read ("16,7390",
"4,66e") is kept as ``malformed`` so that the verifier refuses it instead of passing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Figure", "Token", "figures", "sentences", "tokenise"]

#: a word (letters, then letters, digits, apostrophes, hyphens), a run starting with a digit,
#: a line break, or one punctuation mark
_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d[\w,.]*|\n|[^\w\s]")
#: the same, each match with the characters skipped before it (spaces, tabs, "_"): findall
#: then gives every token's offset without a match object per token
_GAPPED = re.compile(r"((?:[^\S\n]|_)*)(" + _TOKEN.pattern + ")")
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


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # "word", "num", "nl", "punct"
    low: str = ""  # the word lowercased, possessive and trailing hyphen removed
    possessive: bool = False
    capital: bool = False  # a word whose first letter is a capital


#: how one regex match splits into tokens: (offset, length, text, kind, low, possessive, capital)
_Piece = tuple[int, int, str, str, str, bool, bool]
#: the pieces of each match text seen, so a word repeated in every story is split only once;
#: cleared when full (the texts are the key: nothing in it can go stale)
_SHAPES: dict[str, tuple[_Piece, ...]] = {}
_SHAPES_MAX = 20_000


def _shape(word: str) -> tuple[_Piece, ...]:
    """The tokens one match of ``_TOKEN`` makes, at offsets from the match's start."""
    first = word[0]
    if first.isdigit():
        # a figure ends a sentence or clause with its own full stop or comma: "in 2019." "1,949,"
        stripped = word.rstrip(".,")
        n = len(stripped)
        marks = tuple((n + k, 1, ch, "punct", ch, False, False) for k, ch in enumerate(word[n:]))
        return ((0, n, stripped, "num", stripped, False, False), *marks)
    if first == "\n":
        return ((0, 1, word, "nl", word, False, False),)
    if first.isalpha():
        low = word.lower().replace("’", "'")
        possessive = False
        if low.endswith("'s"):
            low, possessive = low[:-2], True
        elif low.endswith("'"):
            low, possessive = low[:-1], True
        return ((0, len(word), word, "word", low.rstrip("-"), possessive, word[:1].isupper()),)
    return ((0, 1, word, "punct", word, False, False),)


def tokenise(text: str) -> list[Token]:
    """The text's tokens: words, figures, line breaks and punctuation marks, in order."""
    out: list[Token] = []
    append = out.append
    shapes = _SHAPES
    end = 0
    for gap, word in _GAPPED.findall(text):
        start = end + len(gap)
        end = start + len(word)
        shape = shapes.get(word)
        if shape is None:
            if len(shapes) >= _SHAPES_MAX:
                shapes.clear()
            shape = shapes[word] = _shape(word)
        if len(shape) == 1:
            _, length, piece, kind, low, possessive, capital = shape[0]
            append(Token(start, start + length, piece, kind, low, possessive, capital))
            continue
        for offset, length, piece, kind, low, possessive, capital in shape:
            at = start + offset
            append(Token(at, at + length, piece, kind, low, possessive, capital))
    return out


_ENDS = frozenset(".!?")


def sentences(tokens: list[Token], text: str) -> list[tuple[int, int]]:
    """(first, end) token ranges of each sentence: a line break or a full stop before a space."""
    out: list[tuple[int, int]] = []
    first = 0
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.kind == "nl":
            if i > first:
                out.append((first, i))
            first = i + 1
        elif (
            t.kind == "punct"
            and t.text in _ENDS
            and (t.end >= len(text) or text[t.end].isspace())
            and not (t.text == "." and i > first and _initial(tokens[i - 1]))
        ):
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
    start: int  # character offsets in the text
    end: int
    printed: str
    value: float
    places: int | None  # decimal places printed; None for a whole number
    ordinal: bool = False
    sign: str = ""  # "+" or "-" when printed with one
    word: bool = False  # written in words
    grouped: bool = False  # printed with thousands commas
    malformed: bool = False
    unit: str | None = None  # a unit printed on the figure itself ("35.6pc": percent)


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


def _digits(tokens: list[Token], i: int, text: str) -> Figure:
    t = tokens[i]
    read = _read_digits(t.text)
    if read is None:
        return Figure(i, i, t.start, t.end, t.text, 0.0, None, malformed=True)
    # a sign printed before it ("+6.6", "-27.6"), not a hyphen ending a word ("Area-51")
    before = text[t.start - 1] if t.start else ""
    sign = {"+": "+", "-": "-", "−": "-"}.get(before, "")
    if sign and t.start >= 2 and text[t.start - 2].isalnum():
        sign = ""
    value, places, suffix, grouped = read
    last = i
    scale = _SUFFIX_SCALE.get(suffix)
    if scale is None and i + 1 < len(tokens) and tokens[i + 1].low in ("thousand", "million", "billion"):
        scale = SCALES[tokens[i + 1].low]
        last = i + 1
    if scale is not None:
        value *= scale
        places = None
    start = t.start - 1 if sign else t.start
    return Figure(
        i,
        last,
        start,
        tokens[last].end,
        text[start : tokens[last].end],
        value,
        places,
        ordinal=suffix in _ORDINAL_SUFFIX,
        sign=sign,
        grouped=grouped,
        unit=_SUFFIX_UNIT.get(suffix),
    )


def _words(tokens: list[Token], i: int) -> Figure | None:
    """A number written in words starting at token i, or None."""
    t = tokens[i]
    if t.low in ORDINALS:
        return Figure(i, i, t.start, t.end, t.text, float(ORDINALS[t.low]), None, ordinal=True, word=True)
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
    value = total + current
    return Figure(
        i,
        last,
        t.start,
        tokens[last].end,
        " ".join(tk.text for tk in tokens[i : last + 1]),
        float(value),
        None,
        word=True,
    )


def figures(tokens: list[Token], text: str, first: int, end: int) -> list[Figure]:
    """Every figure in tokens[first:end], in order."""
    out: list[Figure] = []
    i = first
    while i < end:
        t = tokens[i]
        fig: Figure | None = None
        if t.kind == "num":
            fig = _digits(tokens, i, text)
        elif t.kind == "word" and (
            t.low in NUMBER_WORDS or t.low in ORDINALS or ("-" in t.low and t.low.split("-", 1)[0] in NUMBER_WORDS)
        ):
            fig = _words(tokens, i)
        if fig is None:
            i += 1
            continue
        out.append(fig)
        i = fig.last + 1
    return out
