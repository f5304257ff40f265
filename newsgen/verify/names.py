"""Names in a sentence that are not the people the story is about.

Three checks, on whole tokens within one sentence, after the known names (candidates,
parties, seats, quoted speakers) are found:

* a title ("Mr", "Ms", "Dr", "Sir", "Dame"...) must be followed by a known person's family
  or full name, and must fit the gender the data gives ("Ms Farage" is refused);
* a candidate's given name followed by another capitalised word must be that candidate's
  full name ("Anna Smith" is refused);
* a candidate's family name after another capitalised word must follow the given name or a
  title ("Jane Firth" is refused).

This checks the names newsgen knows: a wholly invented name that shares nothing with a
candidate is not caught unless it is given a title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter

from newsgen.verify.lexicon import FEMALE_TITLES, MALE_TITLES, TITLES, Entity, Lexicon
from newsgen.verify.tokens import Token, word_set

__all__ = ["NameProblem", "capitals", "covered", "name_problems"]

#: capitalised words that may stand beside a name without being part of it
_BESIDE = word_set(
    "mp speaker sitting independent former new candidate cllr councillor leader minister labour tory conservative"
)


#: words that open a sentence before a surname without being a given name ("Behind Smith came")
_OPENERS = word_set(
    "behind after as with for but and while when then meanwhile against beating unlike like though "
    "although both once where so in on at by from of to under until since before"
)


@dataclass(frozen=True, slots=True)
class NameProblem:
    at: int  # the token it starts at
    text: str
    kind: str  # "title" or "name"
    reason: str


def covered(ents: list[Entity]) -> dict[int, Entity]:
    """Each token inside a name, and the name."""
    out: dict[int, Entity] = {}
    for e in ents:
        for k in range(e.first, e.last + 1):
            out[k] = e
    return out


_CAPITAL = attrgetter("capital")


def capitals(tokens: list[Token]) -> list[int]:
    """The indices of the capitalised words, which :func:`name_problems` reads, for a whole text."""
    return list(compress(count(), map(_CAPITAL, tokens)))


def name_problems(
    tokens: list[Token],
    first: int,
    end: int,
    ents: list[Entity],
    lexicon: Lexicon,
    *,
    inside: Mapping[int, Entity] | None = None,
    capital: Iterable[int] | None = None,
) -> list[NameProblem]:
    """The titles and names in tokens[first:end] that are not the people the story is about.

    ``inside`` is :func:`covered` of ``ents`` and ``capital`` the indices of the capitalised
    words in the range (:func:`capitals`), each worked out here when not given."""
    out: list[NameProblem] = []
    within = covered(ents) if inside is None else inside
    if capital is None:
        capital = [k for k in range(first, end) if tokens[k].capital]
    for e in ents:
        if e.kind == "person" and e.title:
            problem = _title_fits(e, tokens)
            if problem:
                out.append(problem)
        if e.bare and e.first > first:
            prev = tokens[e.first - 1]
            if (
                prev.capital
                and (e.first - 1) not in within
                and prev.low.rstrip(".") not in TITLES
                and prev.low not in _BESIDE
                and not prev.text.isupper()
                and not (e.first - 1 == first and prev.low in _OPENERS)
            ):
                out.append(
                    NameProblem(
                        e.first - 1,
                        f"{prev.text} {tokens[e.first].text}",
                        "name",
                        "is not the name of a candidate in these seats",
                    )
                )
    for k in capital:
        if k in within:
            continue
        t = tokens[k]
        nxt = tokens[k + 1] if k + 1 < end else None
        prev = tokens[k - 1] if k > first else None
        low = t.low.rstrip(".")
        if low in TITLES and nxt is not None and nxt.capital and (k + 1) not in within:
            last = k + 1
            while last + 1 < end and tokens[last + 1].capital and (last + 1) not in within:
                last += 1
            printed = " ".join(tk.text for tk in tokens[k : last + 1])
            out.append(NameProblem(k, printed, "title", "is not a candidate in these seats or a quoted speaker"))
            continue
        if (
            t.low in lexicon.givens
            and nxt is not None
            and nxt.capital
            and (k + 1) not in within
            and nxt.low not in _BESIDE
            and nxt.low not in TITLES
            and not t.text.isupper()
        ):
            out.append(NameProblem(k, f"{t.text} {nxt.text}", "name", "is not the name of a candidate in these seats"))
            continue
        if (
            t.low in lexicon.families
            and prev is not None
            and prev.capital
            and (k - 1) not in within
            and prev.low.rstrip(".") not in TITLES
            and prev.low not in _BESIDE
            and not prev.text.isupper()
            and prev.low not in lexicon.givens  # reported as a given name above
        ):
            out.append(
                NameProblem(k - 1, f"{prev.text} {t.text}", "name", "is not the name of a candidate in these seats")
            )
    return out


def _title_fits(e: Entity, tokens: list[Token]) -> NameProblem | None:
    title = (e.title or "").lower()
    genders = {p.gender for p in e.people}
    if None in genders:
        return None
    wrong = (title in MALE_TITLES and genders == {"f"}) or (title in FEMALE_TITLES and genders == {"m"})
    if not wrong:
        return None
    p = e.people[0]
    given = "Ms" if p.gender == "f" else "Mr"
    return NameProblem(
        e.first,
        " ".join(t.text for t in tokens[e.first : e.last + 1]),
        "title",
        f"uses the wrong title: the data gives {given} {p.family}",
    )
