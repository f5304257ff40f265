"""What each figure and verb in a sentence claims, and whether the facts bear it out.

A figure is read with the words around it: its unit ("votes", "per cent", "percentage
points", "seats"), its cue ("a majority of", "by", "turnout of", "more than"), and whose it
is (the nearest candidate or party before it in the clause: "Ms Firth's 14,790", "the Greens
on 3,262", a table row's candidate). It must equal that fact, not any fact of the seat. A
figure whose unit and owner cannot be told is refused.

Verbs of winning, holding, gaining and losing are checked against who did: "Anna Firth wins"
(she lost), "Labour holds" (a gain), "Luke Akehurst keeps" (a new MP), "for the
Conservatives" (Labour won), "took the seat from the Lib Dems" (held by the Conservatives).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from typing import Any

from newsgen.facts.seat import sat_here
from newsgen.verify.lexicon import Entity
from newsgen.verify.tokens import NUMBER_WORDS, ORDINALS, Figure, Token, word_set
from newsgen.verify.values import Value, Values, matches

__all__ = ["Claim", "read_figure", "verb_indices", "verb_problems", "winners"]

_STOPS = frozenset({";"})  # clause ends for "whose" (a table row is one clause: its cells belong to its candidate)
_PERCENT_WORDS = frozenset({"percent", "pc", "pct", "per-cent"})
_POINT_WORDS = frozenset({"point", "points", "pts", "pt", "pp", "ppts", "percentage-point", "percentage-points"})
_VOTE_WORDS = frozenset({"vote", "votes", "ballot", "ballots"})
_PEOPLE_WORDS = frozenset({"people", "voters", "electors", "residents", "adults"})
_SEAT_WORDS = frozenset({"seat", "seats", "mp", "mps", "constituency", "constituencies", "councillor", "councillors"})
_ELECTION_WORDS = frozenset({"election", "elections", "general"})
_CANDIDATE_WORDS = frozenset({"candidate", "candidates"})
_YEAR_BEFORE = frozenset({"since", "in", "from", "until", "before", "of", "at", "to", "after"})
_OVER = (("more", "than"), ("over",), ("just", "over"), ("above",), ("upwards", "of"))
_UNDER = (("fewer", "than"), ("less", "than"), ("under",), ("just", "under"), ("nearly",), ("almost",), ("below",))
_ABOUT = (("around",), ("about",), ("some",), ("roughly",), ("approximately",), ("close", "to"), ("an", "estimated"))
_MAJORITY_BEFORE = (
    ("majority", "of"),
    ("majority",),
    ("margin", "of"),
    ("lead", "of"),
    ("by",),
    ("majority", "was"),
    ("majority", "is"),
    ("majority", "to"),
    ("majority", "from"),
)
_MAJORITY_LAST = frozenset(p[-1] for p in _MAJORITY_BEFORE)
_MAJORITY_AFTER = frozenset({"ahead", "behind", "clear", "separated", "more", "fewer", "majority", "-vote"})
_TURNOUT_AFTER = (("turned", "out"), ("did", "so"), ("voted",), ("of", "voters"), ("turnout",), ("cast",))
_ATTRIBUTED_BEFORE = word_set(
    "on with polled took taking won winning received got secured gained had scored collected attracted managed"
)
_RISE = word_set("up rose risen rising increase increased higher gain gained gaining rise climbed jumped grew improved")
_FALL = word_set(
    "down fell fallen falling decrease decreased lower drop dropped fall lost losing slumped slipped "
    "declined plunged collapsed"
)
_PREVIOUS_AFTER = (("last", "time"), ("in", "the", "last"), ("previously",), ("before",), ("at", "the", "last"))


@dataclass(slots=True)
class Claim:
    figure: Figure
    kind: str  # the figure's unit: votes, percent, points, year, ...
    values: list[Value]  # the facts it may be
    #: for messages: "the majority", "the votes of {who}" (``who``: the name ``whose`` prints)
    about: str
    qualifier: str = ""
    sign: str = ""
    ok: bool = False
    match: Value | None = None
    unread: bool = False  # no unit or owner could be told
    also: list[Value] = field(default_factory=list)  # other facts it equals
    whose: Entity | None = None  # the candidate or party it was read as belonging to
    tokens: list[Token] | None = None  # the text's tokens (to print ``whose`` in a message)

    @property
    def what(self) -> str:
        """What it was read as, for messages: "the votes of Anna Firth", "the majority"."""
        if "{who}" not in self.about:
            return self.about
        return self.about.replace("{who}", _label(self.whose, self.tokens or []))


class Sentence:
    """One sentence as its figures are read: its tokens (``first`` to ``end``), the names
    found in it, and what every figure in it asks of them alike, worked out once."""

    __slots__ = ("_people", "end", "ents", "facts", "first", "lows", "owners", "seats", "stops", "tokens")

    def __init__(
        self,
        tokens: list[Token],
        lows: list[str],
        first: int,
        end: int,
        ents: list[Entity],
        facts: Sequence[Mapping[str, Any]],
        seats: set[int] | None,
    ) -> None:
        self.tokens, self.lows, self.first, self.end = tokens, lows, first, end
        self.ents, self.facts, self.seats = ents, facts, seats
        #: the names a figure may belong to: not seats, nor parties named as a label ("a Labour gain")
        self.owners = [e for e in ents if e.kind != "seat" and not _adjective(e, tokens)]
        #: the clause ends in it (a sentence holds no line break)
        self.stops = [k for k in range(first, end) if lows[k] in _STOPS] if ";" in lows[first:end] else []
        self._people: dict[int, list[tuple[int, int]]] = {}

    def people(self, e: Entity) -> list[tuple[int, int]]:
        """:func:`people_of` the entity, kept for the sentence's other figures (not to be changed)."""
        found = self._people.get(id(e))
        if found is None:
            found = self._people[id(e)] = people_of(e, self.facts, self.seats)
        return found


def _words(tokens: list[Token], start: int, end: int) -> list[str]:
    """The tokens' words, lower-cased (figures and punctuation as printed)."""
    return [t.low for t in tokens[start:end]]


def _ends_with(words: list[str], phrases: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    if not words:
        return None
    last = words[-1]
    n = len(words)
    for p in phrases:
        k = len(p)
        if p[-1] == last and n >= k and (k == 1 or tuple(words[n - k :]) == p):
            return p
    return None


def _starts_with(words: list[str], phrases: Sequence[tuple[str, ...]]) -> bool:
    if not words:
        return False
    first = words[0]
    return any(tuple(words[: len(p)]) == p for p in phrases if p[0] == first)


def _unit(after: list[str], fig: Figure) -> str | None:
    if fig.unit:
        return fig.unit
    if not after:
        return None
    a0 = after[0]
    a1 = after[1] if len(after) > 1 else ""
    if a0 == "-" and a1:  # "1,949-vote majority"
        a0, a1 = a1, after[2] if len(after) > 2 else ""
    if a0 in ("rejected", "spoilt", "spoiled", "valid", "invalid") and a1 in _VOTE_WORDS:
        return "votes"  # "163 rejected ballot papers"
    if a0 == "%" or a0 in _PERCENT_WORDS or (a0 == "per" and a1 == "cent"):
        return "percent"
    if a0 in _POINT_WORDS or (a0 == "percentage" and a1 in ("point", "points")):
        return "points"
    if a0 in _VOTE_WORDS or (a0 in ("more", "fewer") and a1 in _VOTE_WORDS):
        return "votes"
    if a0 in _PEOPLE_WORDS or a0 in ("registered", "voted", "turned"):
        return "people"
    if a0 in _SEAT_WORDS or (a1 in _SEAT_WORDS and a0 in ("new", "more", "fewer", "other")):
        return "seats"
    if a0 in _ELECTION_WORDS:
        return "elections"
    if a0 in _CANDIDATE_WORDS:
        return "candidates"
    if a0 == "place" and fig.ordinal:
        return "position"
    if a0 == "of" and len(after) >= 4 and after[1] == "the" and (after[2][:1].isdigit() or after[2] in NUMBER_WORDS):
        return _unit(after[3:], fig)  # "15 of the 21 seats": the unit of the total
    if a0 == "of" and len(after) >= 3 and (after[1][:1].isdigit() or after[1] in NUMBER_WORDS):
        return _unit(after[2:], fig)  # "41 of 63 seats"
    return None


_QUALIFIER_LAST = frozenset(p[-1] for p in (*_OVER, *_UNDER, *_ABOUT))
_EMPHASIS = frozenset({"just", "only", "mere", "a", "narrow", "slender", "comfortable", "huge", "whopping"})


def _plain(before: list[str]) -> list[str]:
    """The words before a figure without its qualifier and emphasis: "majority of (more than) 4,000"."""
    words = list(before)
    if words and words[-1] in _QUALIFIER_LAST:
        for phrases in (_OVER, _UNDER, _ABOUT):
            found = _ends_with(words, phrases)
            if found:
                words = words[: len(words) - len(found)]
                break
    while words and words[-1] in _EMPHASIS:
        words.pop()
    return words


def _qualifier(before: list[str]) -> str:
    if not before or before[-1] not in _QUALIFIER_LAST:
        return ""
    if _ends_with(before, _OVER):
        return "over"
    if _ends_with(before, _UNDER):
        return "under"
    if _ends_with(before, _ABOUT):
        return "about"
    return ""


_LABEL_JOIN = frozenset({"(", ",", "of", "for", "the", "-", "–"})  # "Luke Akehurst (Labour)", "X, of the Greens"


def _nearest(s: Sentence, fig: Figure) -> Entity | None:
    """The candidate or party a figure belongs to: the nearest before it in its clause.

    A party named just after its candidate ("Luke Akehurst (Labour) won with 16,562") is the
    candidate's label, so the candidate is taken.
    """
    best: Entity | None = None
    stop = s.first - 1  # the last clause end before the figure (first - 1: none)
    for k in s.stops:
        if k < fig.first:
            stop = k
    for e in s.owners:  # in the order they are printed
        if e.last >= fig.first:
            break
        if stop > e.last:
            continue  # a clause ends between the name and the figure
        best = e
    if best is not None and best.kind == "party":
        tokens, facts = s.tokens, s.facts
        # the last person named before the party with no clause end between them
        person = next(
            (
                e
                for e in reversed(s.ents)
                if e.kind == "person"
                and e.last < best.first
                and not any(t.text in _STOPS for t in tokens[e.last : best.first])
            ),
            None,
        )
        if (
            person is not None
            and best.first - person.last <= 3
            and {t.low for t in tokens[person.last + 1 : best.first]} <= _LABEL_JOIN
            and any(
                facts[p.seat]["candidates"][p.index]["party"]["code"] == best.party
                for p in person.people
                if p.seat is not None and p.index is not None
            )
        ):
            return person  # "Luke Akehurst (Labour)": the party is the candidate's label
    return best


_NOUNS = word_set(
    "mp mps candidate candidates seat seats gain hold majority share government leader councillor "
    "councillors group member members vote voters stronghold target heartland party win victory minister"
)


def _seat_rows(whose: list[tuple[int, int]], facts: Sequence[Mapping[str, Any]]) -> bool:
    """Are these a council story's party rows (seats counted, no votes)?"""
    for n, i in whose:
        row = facts[n]["candidates"][i]
        if row.get("votes") is not None or "seats_won" not in row:
            return False
    return bool(whose)


def _adjective(e: Entity, tokens: list[Token]) -> bool:
    """A party named as a label, not as who did something: "an SNP MP", "a Labour gain"."""
    if e.kind != "party" or e.possessive or e.last + 1 >= len(tokens):
        return False
    nxt = tokens[e.last + 1]
    return nxt.kind == "word" and nxt.low in _NOUNS


def _following(
    ents: list[Entity], fig: Figure, tokens: list[Token], end: int, skip_unit: bool = False
) -> Entity | None:
    """The candidate or party named just after a figure ("third place went to Ian Cooper")."""
    for e in ents:
        if e.first > fig.last and e.kind != "seat" and e.last < end:
            named = {k for s in ents if s.kind == "seat" for k in range(s.first, s.last + 1)}
            between = [t for k, t in enumerate(tokens[fig.last + 1 : e.first], fig.last + 1) if k not in named]
            if any(t.text in _STOPS or t.text == "," for t in between):
                return None
            if skip_unit and len(between) > 3:
                return None
            return e
    return None


def _coordinated(ents: list[Entity], owner: Entity | None, tokens: list[Token]) -> Entity | None:
    """The person joined to ``owner`` by "and" ("X (Labour) and Y (Conservative) tied on ...")."""
    if owner is None or owner.kind != "person":
        return None
    for e in ents:
        if e.kind != "person" or e.last >= owner.first:
            continue
        between = [t.low for t in tokens[e.last + 1 : owner.first]]
        if between and between[-1] == "and" and (len(between) == 1 or (between[0] == "(" and between[-2] == ")")):
            return e
    return None


def people_of(e: Entity, facts: Sequence[Mapping[str, Any]], seats: set[int] | None) -> list[tuple[int, int]]:
    """(seat, candidate index) of the candidates an entity names (a party: its candidates)."""
    if e.kind == "person":
        return [(p.seat, p.index) for p in e.people if p.seat is not None and p.index is not None]
    out = []
    for n, f in enumerate(facts):
        if seats and n not in seats:
            continue
        for i, c in enumerate(f["candidates"]):
            if c["party"]["code"] == e.party:
                out.append((n, i))
    return out


def _label(e: Entity | None, tokens: list[Token]) -> str:
    if e is None:
        return ""
    return " ".join(t.text for t in tokens[e.first : e.last + 1])


#: who a figure belongs to: the candidate or party, and the candidates (seat, index) it may be
Owner = tuple[Entity | None, list[tuple[int, int]] | None]


def _owner(s: Sentence, fig: Figure, after: list[str], unit: str | None) -> Owner:
    """Whose the figure is: the candidate or party (or a figure's "for" name after it) and
    the candidates that may be (with one joined by "and": either's), or (None, None)."""
    owner = _nearest(s, fig)
    rest_after = after[1:] if unit == "votes" else after
    if rest_after[:1] == ["for"]:
        follows = _following(s.ents, fig, s.tokens, s.end, skip_unit=True)
        if follows is not None:
            owner = follows  # "13,682 for Ms Chowdhury"
    if owner is None:
        return None, None
    whose = s.people(owner)
    partner = _coordinated(s.ents, owner, s.tokens)
    if partner is not None:
        whose = whose + s.people(partner)  # "X and Y tied on 14,168 votes": either's
    return owner, whose


def _majority_cue(before: list[str], after: list[str], unit: str | None) -> bool:
    """Is the figure a majority: "a majority of (just) 1,949", "1,949 ahead", "a 1,949-vote lead"?"""
    cue_before = _plain(before)
    majority_cue = (
        bool(cue_before) and cue_before[-1] in _MAJORITY_LAST and _ends_with(cue_before, _MAJORITY_BEFORE) is not None
    )
    if not majority_cue and (unit in (None, "votes")):
        rest = after[1:] if unit else after
        if rest and rest[0] in ("-",):
            rest = rest[1:]
        majority_cue = bool(rest) and rest[0] in _MAJORITY_AFTER and not (before and before[-1] in ("on", "with"))
        if rest[:2] == ["more", "than"] or rest[:2] == ["fewer", "than"]:
            majority_cue = not (before and before[-1] in ("on", "with"))
    return majority_cue


def _turnout(before: list[str], after: list[str], clause_before: list[str], unit: str | None) -> bool:
    """Is a percentage or a change in points about the turnout?"""
    if "turnout" in clause_before[-6:] or _starts_with(after[1:] if unit else after, _TURNOUT_AFTER):
        return True
    return unit in ("percent", "points") and ("turnout" in clause_before or "turned" in after or "did" in after[2:4])


#: what the words around a figure say of it, by (the words before, the words after, and the
#: unit, ordinal suffix and sign printed on it): the same few wordings recur in every story.
#: Cleared when full (the words are the key: nothing in it can go stale).
_CUES: dict[tuple[Any, ...], tuple[str | None, str, str, bool]] = {}
_CUES_MAX = 20_000


def _cues(before: list[str], after: list[str], fig: Figure) -> tuple[str | None, str, str, bool]:
    """The figure's unit, qualifier ("over", "under", "about" or ""), sign ("+", "-" or "": as
    printed, else from a word of rising or falling) and whether it is cued as a majority."""
    key = (tuple(before), tuple(after), fig.unit, fig.ordinal, fig.sign)
    found = _CUES.get(key)
    if found is None:
        unit = _unit(after, fig)
        sign = fig.sign
        if not sign:
            if not (_RISE.isdisjoint(before[-3:]) and _RISE.isdisjoint(after[:4])):
                sign = "+"
            elif not (_FALL.isdisjoint(before[-3:]) and _FALL.isdisjoint(after[:4])):
                sign = "-"
        found = (unit, _qualifier(before), sign, _majority_cue(before, after, unit))
        if len(_CUES) >= _CUES_MAX:
            _CUES.clear()
        _CUES[key] = found
    return found


#: the owner of a figure not yet looked for (``_owner`` is called only by the readings that need it)
_UNKNOWN: Any = object()


def read_figure(fig: Figure, s: Sentence, values: Values) -> Claim:
    """What ``fig`` claims, from its unit, cue and owner, and the values it may be.

    The owner (the candidate or party the figure belongs to) is looked for only where the
    reading needs one: a year, a turnout or a majority belongs to the seat."""
    lows, first, end = s.lows, s.first, s.end
    after = lows[fig.last + 1 : min(end, fig.last + 5)]
    before = lows[max(first, fig.first - 5) : fig.first]
    unit, qualifier, sign, majority_cue = _cues(before, after, fig)
    owner: Entity | None = _UNKNOWN
    whose: list[tuple[int, int]] | None = None

    if fig.word and fig.value == 1 and unit is None and not majority_cue:
        return Claim(fig, "ordinal-word", [], "", ok=True)  # "every one of them", "no one": not a count
    if fig.malformed:
        return Claim(fig, "number", [], "a figure", unread=True)
    if fig.ordinal:
        after_name = fig.first > first and any(e.last == fig.first - 1 and e.kind != "seat" for e in s.ents)
        if (
            fig.word
            and unit != "position"
            and not after_name  # "the Lib Dems fifth"
            and not (before and before[-1] in _POSITION_BEFORE)
            and not _starts_with(after, _PREVIOUS_AFTER)
        ):
            return Claim(fig, "ordinal-word", [], "", ok=True)  # "the first time", "a second term"
        owner, whose = _owner(s, fig, after, unit)
        target = owner or _following(s.ents, fig, s.tokens, end)
        if target is None:
            return Claim(fig, "position", [], "a finishing position", unread=True)
        if _starts_with(after, _PREVIOUS_AFTER):
            return _previous_position(fig, target, s.facts, s.tokens, values)
        found = values.find("position", whose=s.people(target))
        return Claim(
            fig, "position", found, "the finishing position of {who}", qualifier, sign, whose=target, tokens=s.tokens
        )
    if (
        unit in (None, "elections")
        and fig.places is None
        and not fig.grouped
        and 1800 <= fig.value <= 2100
        and not fig.word
    ):
        # "in 2019", "the 2019 general election": a year, not a count of elections
        if before[-2:] == ["created", "in"]:  # "since the seat was created in 1997"
            return Claim(
                fig, "year", values.find("year", roles=["created"]), "the year the seat was created", qualifier, sign
            )
        clause_before = lows[first : fig.first]
        if "largest" in clause_before or "narrowest" in clause_before:  # "the largest majority since 1945"
            found = values.find("year", roles=["record"])
            return Claim(fig, "year", found, "the year a majority record runs from", qualifier, sign)
        return Claim(fig, "year", values.of_kind("year"), "a year of these results", qualifier, sign)
    if unit is None and before and before[-1] in _YEAR_BEFORE and 1000 <= fig.value <= 2100 and not fig.grouped:
        return Claim(fig, "year", values.of_kind("year"), "a year of these results", qualifier, sign)
    label = before[-1] if before else ""
    if unit is None and label in ("majority",) and s.tokens[fig.first - 1].capital:
        return Claim(fig, "votes", values.find("votes", roles=["majority"]), "the majority", qualifier, sign)
    if unit is None and label == "electorate":
        return Claim(fig, "people", values.find("people", roles=["electorate"]), "the electorate", qualifier, sign)
    if unit == "percent" or (unit is None and _percent_next(after)):
        clause_before = lows[first : fig.first]
        if _turnout(before, after, clause_before, unit):
            return Claim(fig, "percent", values.find("percent", roles=["turnout"]), "a turnout", qualifier, sign)
        if any(w in ("majority", "lead", "margin") for w in clause_before[-6:]):
            found = values.find("percent", roles=["majority", "previous majority"])
            return Claim(fig, "percent", found, "a majority as a share", qualifier, sign)
        owner, whose = _owner(s, fig, after, unit)
        if whose is not None:
            found = values.find("percent", roles=["share"], whose=whose)
            return Claim(fig, "percent", found, "the share of {who}", qualifier, sign, whose=owner, tokens=s.tokens)
        found = values.find("percent", seat_level=True)
        return Claim(fig, "percent", found, "a turnout or majority share", qualifier, sign)
    if unit == "points":
        clause_before = lows[first : fig.first]
        if _turnout(before, after, clause_before, unit):
            found = values.find("points", roles=["turnout change"])
            return Claim(fig, "points", found, "a change in turnout", qualifier, sign)
        if any(w in ("majority", "lead", "margin", "ahead", "behind") for w in clause_before[-8:] + after[:6]):
            found = values.find("points", roles=["majority", "previous majority"])
            return Claim(fig, "points", found, "a lead in points", qualifier, sign)
        owner, whose = _owner(s, fig, after, unit)
        if whose is not None:
            found = values.find("points", roles=["share change"], whose=whose)
            return Claim(
                fig, "points", found, "the change in share of {who}", qualifier, sign, whose=owner, tokens=s.tokens
            )
        found = values.find("points", seat_level=True)
        return Claim(fig, "points", found, "a change of these seats", qualifier, sign)
    if unit not in (None, "votes"):
        majority_cue = False
    else:
        if unit is None and not majority_cue:
            owner, whose = _owner(s, fig, after, unit)
    if unit == "votes" or (unit is None and (majority_cue or whose is not None)):
        if majority_cue and _previous_majority(before, lows[first : fig.first], after, s.facts):
            found = values.find("votes", roles=["previous majority"])
            return Claim(fig, "votes", found, "the majority last time", qualifier, sign)
        if majority_cue:
            return Claim(fig, "votes", values.find("votes", roles=["majority"]), "the majority", qualifier, sign)
        if owner is _UNKNOWN:
            owner, whose = _owner(s, fig, after, unit)
        if whose is not None and fig.places is None:
            if _seat_rows(whose, s.facts):  # a council's party, which has seats, not votes: "| Labour | 15 | 41 |"
                found = values.find("seats", whose=whose)
                return Claim(
                    fig, "seats", found, "a number of seats of {who}", qualifier, sign, whose=owner, tokens=s.tokens
                )
            found = values.find("votes", roles=["votes"], whose=whose)
            return Claim(fig, "votes", found, "the votes of {who}", qualifier, sign, whose=owner, tokens=s.tokens)
        if whose is not None and fig.places is not None:
            # a table row's share ("35.6") or signed change ("+6.6")
            if fig.sign:
                found = values.find("points", roles=["share change"], whose=whose)
                return Claim(
                    fig, "points", found, "the change in share of {who}", qualifier, sign, whose=owner, tokens=s.tokens
                )
            found = values.find("percent", roles=["share"], whose=whose)
            return Claim(fig, "percent", found, "the share of {who}", qualifier, sign, whose=owner, tokens=s.tokens)
        if unit == "votes":
            found = values.find("votes", roles=["valid votes", "invalid votes", "ballots", "majority"])
            return Claim(fig, "votes", found, "a vote total of these seats", qualifier, sign)
    if unit == "people":
        found = values.of_kind("people") + values.find("votes", roles=["ballots", "valid votes"])
        return Claim(fig, "people", found, "the electorate or the number who voted", qualifier, sign)
    if unit == "seats":
        if owner is _UNKNOWN:
            owner, whose = _owner(s, fig, after, unit)
        if before[-2:] == ["of", "the"] or before[-1:] in (["the"], ["of"]) or whose is None:
            # "15 of the 21 seats", "the 63-seat council": a total, not a party's
            found = values.find("seats", seat_level=True) or values.of_kind("seats")
            return Claim(fig, "seats", found, "a number of seats", qualifier, sign)
        found = values.find("seats", whose=whose)
        if not found:  # "Labour won all three seats": the ward's seats, the verbs say who won
            return Claim(fig, "seats", values.find("seats", seat_level=True), "a number of seats", qualifier, sign)
        return Claim(fig, "seats", found, "a number of seats of {who}", qualifier, sign, whose=owner, tokens=s.tokens)
    if unit == "elections":
        return Claim(fig, "elections", values.of_kind("elections"), "a number of elections", qualifier, sign)
    if unit == "candidates":
        return Claim(fig, "candidates", values.of_kind("candidates"), "the number of candidates", qualifier, sign)
    if fig.word and fig.value == 1:
        return Claim(fig, "ordinal-word", [], "", ok=True)  # "one of", "no one": not a count
    return Claim(fig, "number", [], "", unread=True)


_POSITION_BEFORE = word_set(
    "came finished finishing was were in into to placed coming ended is are a distant close only just down"
)


_THEN = word_set("notional previous previously would overturning overturned overturn")


def _previous_majority(
    before: list[str], clause_before: list[str], after: list[str], facts: Sequence[Mapping[str, Any]]
) -> bool:
    """Is a majority the one last time: "had a notional majority of", "grew from 15,454",
    "a majority of 15,454 in 2019"? "... to 1,949" is today's."""
    if before and before[-1] == "to":
        return False
    if (before and before[-1] == "from") or set(clause_before) & _THEN:
        return True
    year = next((w for w in after[:3] if w.isdigit() and len(w) == 4), None)
    return year is not None and int(year) != facts[0]["year"]


def _percent_next(after: list[str]) -> bool:
    return bool(after) and after[0] == "%"


def _previous_position(
    fig: Figure, target: Entity, facts: Sequence[Mapping[str, Any]], tokens: list[Token], values: Values
) -> Claim:
    """ "third last time": only the place the baseline shows (the party third last time)."""
    codes = {target.party} if target.kind == "party" else set()
    for p in target.people:
        if p.seat is not None and p.index is not None:
            codes.add(facts[p.seat]["candidates"][p.index]["party"]["code"])
    found = [v for v in values.find("position", roles=["previous place"]) if facts[v.seat]["previous_third"] in codes]
    return Claim(fig, "position", found, "the place of {who} last time", whose=target, tokens=tokens)


def settle(c: Claim) -> Claim:
    """Match the claim's figure against its values."""
    if c.ok or c.unread:
        return c
    fig = c.figure
    printed, places, qualifier = fig.value, fig.places, c.qualifier
    # a whole number printed exactly, against a count or a year: equal or not, without the
    # rounding and sign rules :func:`matches` applies (which give the same answer here)
    exact = not qualifier and places is None and printed == int(printed)
    n = int(printed) if exact else 0
    for v in c.values:
        declared = v.declared
        if exact and declared.kind not in _SHARES:
            value = v.value
            hit = not isinstance(value, bool) and int(value) == n
        else:
            hit = matches(v, printed, places, qualifier, c.sign if declared.signed else fig.sign)
        if hit:
            if c.match is None:
                c.ok = True
                c.match = v
            else:
                c.also.append(v)  # "tied on 14,168 votes": both candidates' votes
    return c


_SHARES = frozenset({"percent", "points"})


# -- verbs -------------------------------------------------------------------------------------
_WIN = word_set(
    "win wins won winning elected re-elected returned returns sweeps swept triumphs triumphed victory victorious"
)
_HOLD = word_set(
    "hold holds held holding keep keeps kept keeping retain retains retained retaining defends defended defending"
)
_GAIN = word_set(
    "gain gains gained gaining take takes took taking taken seize seizes seized seizing capture captures "
    "captured capturing snatch snatches snatched"
)
_BEAT = word_set(
    "beat beats beating defeat defeats defeated defeating unseat unseats unseated unseating oust ousts "
    "ousted ousting topple toppled topples"
)
_LOSE = frozenset({"lose", "loses", "lost", "losing"})


def _verb_forms() -> dict[str, str]:
    """Each verb form and the verb it is of (a form in two lists: the first of win, hold, gain,
    beat, lose), so a word is looked up once."""
    out: dict[str, str] = {}
    for verb, forms in (("win", _WIN), ("hold", _HOLD), ("gain", _GAIN), ("beat", _BEAT), ("lose", _LOSE)):
        for form in forms:
            out.setdefault(form, verb)
    return out


_VERBS = _verb_forms()
_NOUN_FORMS = frozenset({"win", "hold", "gain", "victory", "defeat", "loss"})
_PASSIVE = frozenset({"was", "were", "is", "are", "been", "be", "being", "got"})
_FILLER = word_set(
    "also narrowly comfortably easily convincingly just finally duly again has have had now only still "
    "will successfully"
)
_NEGATION = frozenset({"not", "never", "failed", "no", "nor", "without", "didn't", "couldn't", "unable"})
_MODAL = frozenset({"would", "could", "might", "should", "had", "once", "previously", "formerly"})
_PAST_AFTER = frozenset({"last", "every", "previously", "before", "since", "until", "ago", "then"})
_SEAT_OBJECT = frozenset({"seat", "seats", "it", "both", "all", "constituency", "the"})
_NON_SEAT_OBJECT = frozenset({"place", "votes", "vote", "share", "per", "percent", "deposit", "points", "%", "over"})


@dataclass(frozen=True, slots=True)
class VerbProblem:
    at: int  # the verb's token
    text: str
    reason: str


def _subject(ents: list[Entity], tokens: list[Token], first: int, at: int) -> Entity | None:
    """The candidate or party doing the verb at token ``at``: the name just before it, past
    auxiliaries and adverbs, a bracketed label, or an apposition between commas."""
    by_end = {e.last: e for e in ents}
    i = at - 1
    while i >= first:
        if i in by_end:
            e = by_end[i]
            return None if e.kind == "seat" else e
        t = tokens[i]
        if t.kind == "word" and (t.low in _FILLER or t.low in _PASSIVE or (t.low.endswith("ly") and len(t.low) > 4)):
            i -= 1
            continue
        if t.text == ")":
            while i >= first and tokens[i].text != "(":
                i -= 1
            i -= 1
            continue
        if t.text == "," and not _participle(tokens[at].low):
            # ", an MP since 2017, was ousted": the name before the apposition
            j = i - 1
            while j >= first and tokens[j].text not in (",", ";") and tokens[j].kind != "nl":
                if j in by_end:
                    return None
                j -= 1
            if j > first and tokens[j].text == "," and (j - 1) in by_end and by_end[j - 1].kind != "seat":
                return by_end[j - 1]
            return None
        return None
    return None


def _noun_phrase(ents: list[Entity], tokens: list[Token], first: int, subject: Entity) -> bool:
    """Is ``subject`` a label inside a noun phrase opened by an article ("a Liberal or Liberal
    Democrat win"): parties joined by "or", "and" or commas, back to "a"/"an"/"every"/"its"?"""
    parties = {k for e in ents if e.kind == "party" for k in range(e.first, e.last + 1)}
    i = subject.first - 1
    while i >= first and (i in parties or tokens[i].capital or tokens[i].low in ("or", "and", ",")):
        i -= 1
    return i >= first and tokens[i].low in ("a", "an", "every", "its", "their", "his", "her")


def _participle(word: str) -> bool:
    return word.endswith("ing")


def _object(ents: list[Entity], tokens: list[Token], at: int, end: int) -> tuple[Entity | None, list[str]]:
    """The name just after the verb (past "the", "seat", "Southend West and Leigh"), and the words."""
    words = _words(tokens, at + 1, min(end, at + 5))
    for e in ents:
        if e.first > at:
            if e.first - at <= 2 and all(
                t.kind == "word" and t.low in ("the", "sitting", "mp") for t in tokens[at + 1 : e.first]
            ):
                return e, words
            break
    return None, words


def _after_word(ents: list[Entity], tokens: list[Token], at: int, end: int, word: str) -> Entity | None:
    """The party or person named after ``word`` ("from", "for", "to") later in the clause."""
    for k in range(at + 1, end):
        t = tokens[k]
        if t.text in _STOPS or (t.text == "," and k > at + 1 and tokens[k - 1].kind == "word" and False):
            return None
        if t.kind == "word" and t.low == word:
            for e in ents:
                if e.first > k and e.first - k <= 2 and e.kind != "seat":
                    return e
            return None
    return None


def _elected(f: Mapping[str, Any]) -> list[int]:
    """The indices of a contest's winners: those marked ``elected`` (a ward fills several
    seats; a council story's parties that won any), else the first placed."""
    cands = f["candidates"]
    if cands and "elected" in cands[0]:
        return [i for i, c in enumerate(cands) if c["elected"]]
    return [0] if cands else []


def winners(facts: Sequence[Mapping[str, Any]]) -> tuple[set[tuple[int, int]], set[str]]:
    """The (seat, index) of every winner and the codes of their parties."""
    people = {(n, i) for n, f in enumerate(facts) for i in _elected(f)}
    parties = {f["candidates"][i]["party"]["code"] for f in facts for i in _elected(f)}
    return people, parties


def _sat_here(f: Mapping[str, Any], c: Mapping[str, Any]) -> bool:
    return sat_here(
        f["seat_name"], tuple(f.get("predecessor_names") or ()), bool(c.get("sitting_mp")), c.get("sat_for")
    )


def verb_problems(
    tokens: list[Token],
    first: int,
    end: int,
    ents: list[Entity],
    facts: Sequence[Mapping[str, Any]],
    seats: set[int] | None,
    *,
    lows: list[str] | None = None,
    verbs: Sequence[int] | None = None,
    won: tuple[set[tuple[int, int]], set[str]] | None = None,
) -> list[VerbProblem]:
    """Verbs of winning, holding, gaining, beating and losing whose subject did not.

    ``lows`` is every token's ``low``, as :func:`read_figure` takes it; ``verbs`` the indices
    of the verbs in tokens[first:end] (:func:`verb_indices`), and ``won`` the facts'
    :func:`winners`, each found here when not given."""
    if lows is None:
        lows = [t.low for t in tokens]
    if verbs is None:
        verbs = [k for k in range(first, end) if lows[k] in _VERBS]  # (only a word's low is one)
    if not verbs:
        return []
    out: list[VerbProblem] = []
    win_people, win_parties = won or winners(facts)
    scope = [n for n in range(len(facts)) if not seats or n in seats]
    for k in verbs:
        t = tokens[k]
        low = t.low
        verb = _VERBS[low]
        before = lows[max(first, k - 3) : k]
        if not _NEGATION.isdisjoint(before):
            continue
        # every problem below is its subject's: a verb with none ("a Labour gain") is not read on
        subject = _subject(ents, tokens, first, k)
        if subject is None:
            continue
        obj, obj_words = _object(ents, tokens, k, end)
        passive = bool(before) and before[-1] in _PASSIVE
        if verb == "beat" and passive:
            verb = "lose"
        if low in ("held", "won", "taken", "elected") and obj_words[:1] == ["by"]:
            continue  # "held by", "won by": the agent follows; read where it is named
        if low in _NOUN_FORMS and _noun_phrase(ents, tokens, first, subject):
            continue  # "a Conservative win", "a Liberal or Liberal Democrat win": a noun, not who won here
        where = t.text
        # what the verb is about: a seat (not votes, a place or a share)
        if obj_words and (
            obj_words[0] in _NON_SEAT_OBJECT
            or obj_words[0][:1].isdigit()
            or obj_words[0] in ORDINALS
            or obj_words[0].split("-")[0] in NUMBER_WORDS
        ):
            continue
        if verb in ("win", "gain") and obj_words[:1] == ["a"] and obj_words[1:2] not in (["majority"], ["seat"]):
            continue  # "won a share", "gained a point"
        past = _past(before, tokens, k, end, facts)
        if verb in ("win", "hold", "gain"):
            if past:
                won_before = any(
                    f.get("previous_party") and f["previous_party"]["code"] == subject.party for f in facts
                )
                if verb in ("win", "hold") and "would" in before and subject.kind == "party" and not won_before:
                    out.append(VerbProblem(k, where, f"{_label(subject, tokens)} did not win it last time"))
                continue
            if not _is_winner(subject, win_people, win_parties, scope, facts):
                out.append(VerbProblem(k, f"{_label(subject, tokens)} {where}", "is said to have won, but did not"))
                continue
            if verb == "hold":
                if not any(_kept(facts[n]) for n in scope):
                    out.append(
                        VerbProblem(
                            k,
                            f"{_label(subject, tokens)} {where}",
                            "is said to have held the seat, but it changed hands",
                        )
                    )
                elif subject.kind == "person" and not any(
                    p.seat is not None
                    and p.index is not None
                    and _sat_here(facts[p.seat], facts[p.seat]["candidates"][p.index])
                    for p in subject.people
                ):
                    out.append(
                        VerbProblem(
                            k,
                            f"{_label(subject, tokens)} {where}",
                            "is said to have kept the seat, but was not its MP before",
                        )
                    )
            source = _after_word(ents, tokens, k, end, "from")
            if (
                source is not None
                and verb in ("gain", "win")
                and source.kind == "party"
                and not _taken_from(source.party, facts, scope)
            ):
                out.append(
                    VerbProblem(
                        k, f"{where} ... from {_label(source, tokens)}", "the seat was not taken from that party"
                    )
                )
            party_for = _after_word(ents, tokens, k, end, "for")
            if party_for is not None and party_for.kind == "party" and party_for.party not in win_parties:
                out.append(
                    VerbProblem(k, f"{where} ... for {_label(party_for, tokens)}", "names a party that did not win")
                )
        elif verb == "beat" and obj is not None and not past:
            if not _finished_above(subject, obj, facts, scope):
                out.append(
                    VerbProblem(
                        k,
                        f"{_label(subject, tokens)} {where} {_label(obj, tokens)}",
                        "the first did not finish ahead of the second",
                    )
                )
        elif verb == "lose" and not past:
            if _is_winner(subject, win_people, win_parties, scope, facts, every=True):
                out.append(VerbProblem(k, f"{_label(subject, tokens)} {where}", "is said to have lost, but won"))
            to = _after_word(ents, tokens, k, end, "to")
            if (
                to is not None
                and to.kind in ("party", "person")
                and not _is_winner(to, win_people, win_parties, scope, facts)
            ):
                out.append(VerbProblem(k, f"{where} ... to {_label(to, tokens)}", "names one who did not win"))
    return out


def verb_indices(lows: list[str]) -> list[int]:
    """The indices of the verbs :func:`verb_problems` reads, for a whole text in one pass."""
    return list(compress(count(), map(_VERBS.__contains__, lows)))


def _past(before: list[str], tokens: list[Token], k: int, end: int, facts: Sequence[Mapping[str, Any]]) -> bool:
    """Is the verb at token ``k`` about an earlier election: "would have won", "held it until
    2019", "won in 2017"?"""
    if not _MODAL.isdisjoint(before):
        return True
    clause_after = []
    for tk in tokens[k + 1 : end]:
        if tk.text in _STOPS or tk.text == ",":
            break
        clause_after.append(tk.low if tk.kind == "word" else tk.text)
    if not _PAST_AFTER.isdisjoint(clause_after):
        return True
    return any(
        tk.kind == "num" and tk.text.isdigit() and len(tk.text) == 4 and int(tk.text) != facts[0]["year"]
        for tk in tokens[k + 1 : end]
        if tk.text not in _STOPS
    )


def _kept(f: Mapping[str, Any]) -> bool:
    """Was the seat held: by the party that won it last time, or by its MP (a by-election winner
    keeping a seat the notional result counts as a gain)?"""
    return f["result"] == "hold" or _sat_here(f, f["candidates"][0])


def _taken_from(party: str | None, facts: Sequence[Mapping[str, Any]], scope: list[int]) -> bool:
    """Was the seat taken from ``party``: the party that won it last time, or the party its
    defeated MP stood for now (an MP who left their party: "took it from an independent")."""
    for n in scope:
        f = facts[n]
        if f.get("previous_party") and f["previous_party"]["code"] == party:
            return True
        if any(c["party"]["code"] == party and _sat_here(f, c) for c in f["candidates"][1:]):
            return True
    return False


def _is_winner(
    e: Entity,
    win_people: set[tuple[int, int]],
    win_parties: set[str],
    scope: list[int],
    facts: Sequence[Mapping[str, Any]],
    every: bool = False,
) -> bool:
    if e.kind == "person":
        hits = [(p.seat, p.index) in win_people for p in e.people if p.seat is not None]
        if not hits:
            return True  # a quoted speaker: not a candidate here
        return all(hits) if every else any(hits)
    won = [any(facts[n]["candidates"][i]["party"]["code"] == e.party for i in _elected(facts[n])) for n in scope]
    return all(won) if every else any(won)


def _positions(e: Entity, facts: Sequence[Mapping[str, Any]], scope: list[int]) -> list[tuple[int, int]]:
    """(seat, position) of each candidate an entity may name (two Greg Smiths: both)."""
    return [(n, facts[n]["candidates"][i]["position"]) for n, i in people_of(e, facts, set(scope))]


def _finished_above(a: Entity, b: Entity, facts: Sequence[Mapping[str, Any]], scope: list[int]) -> bool:
    pa, pb = _positions(a, facts, scope), _positions(b, facts, scope)
    if not {n for n, _ in pa} & {n for n, _ in pb}:
        return True  # not in the same seat: nothing to compare
    return any(sa == sb and x < y for sa, x in pa for sb, y in pb)
