"""Who is who across a council's elections: this year's candidate and an earlier councillor.

Councils' files spell one councillor differently from year to year: Trafford's has
"Muhammad Bilal Babar" in Brooklands in 2023 and "Bilal Barbar" there in 2024, "Katrina
Carter" in Davyhulme in 2023 and "Karina Carter" in 2026, and "Dan" for a "Daniel". A
candidate is taken for an earlier councillor only when that is safe. The caller compares
people of one ward only; here they must also stand for the same party (never across
parties), and then either

* have the same surname and a forename in common, where "in common" is the same name, a
  short form of it ("Dan", "Daniel": the shorter at least three letters and the start of
  the longer), or one letter different with both at least five letters long ("Katrina",
  "Karina"; not "John" and "Joan", who are likely two people); or
* have surnames one letter apart (both at least four letters long) and the very same
  forename ("Bilal" among "Muhammad Bilal").

Different people of one surname in one ward and party (Trafford's Keleigh and Gawain
Glenton, Labour, Manor) share no forename and never match. Forenames the file gives in
full ("Muhammad Bilal") all count; a story names a candidate as this year's file spells
them, and the facts record the earlier spelling where a variant was matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsgen.baselines.names import normalise
from newsgen.records.models import Candidate

__all__ = ["Person", "find", "person", "same_person"]

#: a forename one letter different is the same person's only when both are this long
_MIN_VARIANT = 5
#: a short form ("Dan", "Rob") is at least this long
_MIN_SHORT = 3
#: surnames one letter apart are one person's only when both are this long
_MIN_SURNAME_VARIANT = 4


@dataclass(frozen=True, slots=True)
class Person:
    """A candidate as the council's file names them at one election."""

    name: str  # as the story would print it: "Muhammad Babar"
    family: str  # normalised: "babar"
    forenames: tuple[str, ...]  # normalised, each forename the file gives: ("muhammad", "bilal")
    party: str  # party code


def person(c: Candidate) -> Person:
    """A candidate's name and party as :func:`same_person` compares them."""
    names = normalise(f"{c.given_name} {c.forenames or ''}").split()
    return Person(c.name, normalise(c.family_name), tuple(dict.fromkeys(names)), c.party_code)


def one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one letter apart: one added, dropped or changed (not the same)?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    # the rest must be equal after skipping one letter of b (or one of each, same length)
    return a[i:] == b[i + 1 :] or (len(a) == len(b) and a[i + 1 :] == b[i + 1 :])


def _forename_alike(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= _MIN_SHORT and len(long) > len(short) + 1 and long.startswith(short):
        return True  # "Dan" and "Daniel"
    return len(short) >= _MIN_VARIANT and one_edit(a, b)


def same_person(a: Person, b: Person) -> bool:
    """Are ``a`` and ``b`` (of one ward) the same person, by the rules in the module's docstring?"""
    if a.party != b.party or not a.family or not b.family:
        return False
    if a.family == b.family:
        return any(_forename_alike(x, y) for x in a.forenames for y in b.forenames)
    if min(len(a.family), len(b.family)) >= _MIN_SURNAME_VARIANT and one_edit(a.family, b.family):
        return bool(set(a.forenames) & set(b.forenames))
    return False


def find(who: Person, people: Iterable[Person]) -> list[Person]:
    """Each of ``people`` that ``who`` is (more than one where the file cannot tell them apart)."""
    return [p for p in people if same_person(who, p)]


@dataclass(frozen=True, slots=True)
class Career:
    """One person's record in one ward: the year they last won a seat there, and the year
    they lost there after it (None: not since)."""

    person: Person
    won: int | None
    lost: int | None


def careers(contests: Iterable[tuple[int, Iterable[Candidate]]]) -> list[Career]:
    """Each person's :class:`Career` in one ward, from its earlier contests (oldest first,
    each with its year and candidates); a later spelling of a name joins its person."""
    out: list[Career] = []
    for year, candidates in contests:
        for c in candidates:
            who = person(c)
            at = next((i for i, k in enumerate(out) if same_person(who, k.person)), None)
            won = out[at].won if at is not None else None
            if c.elected:
                entry = Career(who, year, None)
            elif won is not None:
                entry = Career(who, won, year)
            else:
                entry = Career(who, None, None)
            if at is None:
                out.append(entry)
            else:
                out[at] = entry
    return out
