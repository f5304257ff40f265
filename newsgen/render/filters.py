"""House-style filters for the templates: plain typed functions collected in ``FILTERS``.

Numbers one to nine in words, 10 and over in figures with commas; ``per cent`` or ``%``
by style; percentage-point changes; ordinals in words; a/an and plurals from inflect;
majorities rounded the way a reporter rounds them ("more than 4,000").
"""

from __future__ import annotations

from functools import cache
from typing import Any

from newsgen.render import words
from newsgen.render.style import Style


@cache
def _inflect() -> Any:
    import inflect

    return inflect.engine()


def _num2words(n: float, to: str = "cardinal") -> str:
    from num2words import num2words

    return str(num2words(n, to=to, lang="en_GB"))


def number(n: int) -> str:
    """One to nine in words; 0 and 10 and over in figures with thousands commas."""
    if 1 <= n <= 9:
        return _in_words(n) if type(n) is int else _num2words(n)
    return f"{n:,}"


@cache
def _in_words(n: int) -> str:
    """One to nine in words (num2words takes longer than the rest of a vote count's filter),
    as num2words said it before (:mod:`newsgen.render.words`)."""
    return words.answer("cardinal", n, lambda: _num2words(n))


def figure(n: int) -> str:
    """Always figures with thousands commas (tables, vote totals beside other totals)."""
    return f"{n:,}"


def votes(n: int) -> str:
    """'16,739 votes', 'seven votes', 'one vote'."""
    return f"{number(n)} {plural('vote', n)}"


def plural(word: str, n: int = 2) -> str:
    """'vote' or 'votes' for n."""
    return word if n == 1 else _plural_of(word)


@cache
def _plural_of(word: str) -> str:
    return words.answer("plural", word, lambda: str(_inflect().plural_noun(word)))


def article(phrase: str) -> str:
    """'an SNP hold', 'a Labour gain', 'a UUP gain'.

    The article depends on the sound of the first word only, so only that word is given to
    inflect (given a whole phrase it answers "an Labour MP"). An all-capitals word starting
    with a vowel letter is decided here: inflect reads "UUP" as a word ("an UUP"), but
    whether spelt out or said as a word, U sounds "you" (a UUP, a UKIP) and A, E, I, O take
    "an" (an EU). A phrase that already has "the" ("the Speaker hold") gets no article.
    """
    first, _, _ = phrase.partition(" ")
    if first.lower() == "the":
        return phrase
    if len(first) > 1 and first.isupper() and first[0] in "AEIOU":
        chosen = "a" if first[0] == "U" else "an"
    else:
        chosen = _article_of(first)
    return f"{chosen} {phrase}"


@cache
def _article_of(word: str) -> str:
    """ "a" or "an" for a word, as inflect says it."""
    return words.answer("article", word, lambda: str(_inflect().a(word)).split(" ", 1)[0])


def ordinal(n: int) -> str:
    """'third'."""
    if type(n) is int and 1 <= n <= 100:
        return _ordinal(n)
    return _num2words(n, to="ordinal")


@cache
def _ordinal(n: int) -> str:
    """A finishing place in words, kept (there are at most a hundred)."""
    return words.answer("ordinal", n, lambda: _num2words(n, to="ordinal"))


def percent(value: float, style: Style, places: int = 1) -> str:
    return f"{value:.{places}f}{style.percent}"


def points(value: float, places: int = 1) -> str:
    """A change in percentage points, unsigned: '5.1 percentage points'."""
    size = abs(value)
    text = f"{size:.{places}f}"
    unit = "percentage point" if text in {"1", "1.0", "1.00"} else "percentage points"
    return f"{text} {unit}"


def rounded(n: int) -> str:
    """A majority as a reporter writes it in prose: exact when small, else 'more than 4,000'.

    Never rounds up: "more than X" is always true of n.
    """
    floor = round_figure(n)
    if floor is None:
        return number(n)
    return f"more than {figure(floor)}"


def round_figure(n: int) -> int | None:
    """The figure ``rounded`` prints for n, or None when it prints n itself."""
    if n < 100:
        return None
    step = 100 if n < 2000 else 1000
    floor = (n // step) * step
    return None if floor == n else floor


def join(items: list[str], conj: str = "and") -> str:
    """UK style list, no Oxford comma: 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


#: last words that make a party's name plural ("Liverpool Community Independents"); a
#: surname can end in s too ("Ms Banks", "Clements"), so plurals are listed, not guessed
_PLURAL_WORDS = frozenset(
    {"independents", "democrats", "dems", "greens", "tories", "conservatives", "liberals", "unionists"}
    | {"nationalists", "socialists", "communists", "republicans", "residents", "voters", "workers"}
)


def _plural_noun(phrase: str) -> bool:
    """A party noun taking a plural verb: 'the Greens', 'English Democrats' (not 'Ms Banks')."""
    words = phrase.split()
    if not words:
        return False
    last = words[-1].lower()
    the_plural = len(words) > 1 and words[0].lower() == "the" and last.endswith("s")
    return the_plural or last in _PLURAL_WORDS or last.endswith(("ists", "crats"))


def possessive(name: str) -> str:
    """'Labour's', 'Ms Firth's', "James's" (UK style keeps the s), "the Greens'",
    "Liverpool Community Independents'"."""
    return f"{name}'" if _plural_noun(name) else f"{name}'s"


def verb(subject: str, singular: str, plural_form: str) -> str:
    """Agree a verb with a party noun: 'Labour wins', 'the Conservatives win'."""
    return plural_form if _plural_noun(subject) else singular


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def lede_case(text: str, caps_first_word: bool = False) -> str:
    """Newsquest style capitalises the lede's first word: 'LABOUR delivered...'."""
    text = text.strip()
    if not caps_first_word:
        return text
    first, _, rest = text.partition(" ")
    return f"{first.upper()} {rest}" if rest else first.upper()


def markdown_text(value: object) -> str:
    """Data printed into Markdown: "<" and ">" as entities, so that a CMS rendering the
    Markdown never meets a tag in a name, and "|" escaped, so it cannot end a table cell."""
    return str(value).replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


FILTERS: dict[str, Any] = {
    "number": number,
    "figure": figure,
    "votes": votes,
    "plural": plural,
    "a": article,
    "ordinal": ordinal,
    "points": points,
    "rounded": rounded,
    "join_list": join,
    "possessive": possessive,
    "capfirst": capfirst,
    "verb": verb,
    "lede_case": lede_case,
    "md": markdown_text,
}
