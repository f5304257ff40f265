"""Check every figure and name in a rendered story against what each one is.

The verifier re-reads the story's text the way a sub-editor would, one sentence at a time:

* each figure is read whatever its spelling (digits, words, "2k", "five million", "99
  percent", "+6.6") with the words around it that say what it is ("votes", "per cent",
  "a majority of", "turnout of") and whose it is (the candidate or party named before it in
  the clause: "Ms Firth's 14,790", a table row's candidate). It must equal that fact, as
  declared in :mod:`newsgen.facts.declared`; a figure whose unit or owner cannot be told is
  refused, not passed (``tokens``, ``claims``);
* verbs of winning, holding, gaining, beating and losing are checked against who did
  ("Anna Firth wins", "Labour holds" a gain, "Luke Akehurst keeps" a seat he did not hold,
  "for the Conservatives" when Labour won) (``claims``);
* names are matched as tokens within one sentence, titles and honorifics understood: a
  title must be followed by a candidate's or quoted speaker's name and fit the gender the
  data gives, a candidate's given or family name beside another capitalised word must be
  their full name (``lexicon``, ``names``).

A missing value (``None``, ``nan``) or template syntax (``{{``) is refused too. Words inside
a supplied quote (“...”) are the speaker's and are recorded but not checked; so are the
context file's own words (candidate notes and roles, venues, quote-givers' roles).

Every figure and name found is recorded in ``Story.provenance`` with the fact it came from
(field, seat, source file, baseline), read from the same declaration. A story with an
unsupported figure, verb or name raises :class:`~newsgen.errors.VerificationError` and is
not published. :func:`check_text` reads stories already written to disk, from the facts as
dictionaries (the ``facts`` list of ``--format json``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from newsgen.errors import VerificationError
from newsgen.facts.seat import SeatFacts
from newsgen.story import Story
from newsgen.verify.claims import Sentence, read_figure, settle, verb_indices, verb_problems, winners
from newsgen.verify.lexicon import Lexicon
from newsgen.verify.names import capitals, covered, name_problems
from newsgen.verify.tokens import figures, numeric, offsets, sentences, tokenise
from newsgen.verify.values import Values, rounding

if TYPE_CHECKING:
    from newsgen.context import Context

__all__ = ["Finding", "Problem", "check_text", "context_strings", "verify_story"]

_LEAK = re.compile(r"\b(?:None(?! of\b)|nan|NaN|inf|Undefined)\b|\{\{|\}\}|\{%|%\}|\{#|#\}")
_LEAK_TELLS = ("None", "nan", "NaN", "inf", "Undefined", "{", "}")
_QUOTE = re.compile(r"“[^”]*”")
_SAID = re.compile(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)(?:, [^,“”]{1,120},)? said: “")


@dataclass(frozen=True, slots=True)
class Problem:
    """A figure, verb or name in the text that the facts do not support."""

    text: str  # as printed
    kind: str  # votes, percent, points, year, seats, position, number, name, title, verb, missing
    offset: int  # character offset in the text checked
    sentence: str
    reason: str

    def __str__(self) -> str:
        return f"{self.text!r} ({self.kind}) {self.reason}, in: {self.sentence!r}"


@dataclass(slots=True)
class Finding:
    """What checking one text found: provenance for every figure and name, and problems."""

    provenance: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: False: check everything, but keep no provenance records (nobody will print them)
    record: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def _masks(text: str, literals: Iterable[str]) -> str:
    for lit in literals:
        if lit and lit in text:
            text = text.replace(lit, " " * len(lit))
    return text


def _context_literals(facts: Sequence[Mapping[str, Any]], literals: Iterable[str]) -> list[str]:
    out = [*literals]
    for f in facts:
        for c in f["candidates"]:
            if c.get("role"):
                out.append(c["role"])
                for article in ("the ", "a "):  # "Prime Minister Rishi Sunak" in a headline
                    if c["role"].startswith(article):
                        out.append(c["role"][len(article) :])
            out.extend(c.get("notes") or ())
    return sorted({x for x in out if x}, key=len, reverse=True)


def check_text(
    text: str,
    facts: Sequence[Mapping[str, Any]],
    *,
    literals: Iterable[str] = (),
    speakers: Iterable[str] = (),
    provenance: bool = True,
) -> Finding:
    """Check every figure, verb and name in ``text`` against ``facts`` (``SeatFacts.to_dict()`` form).

    ``literals`` are newsroom-supplied strings printed verbatim (a venue, a quote's role):
    their figures are the newsroom's, not the data's. ``speakers`` are quoted people who are
    not candidates. ``provenance=False`` checks exactly the same but records no provenance.
    """
    found = Finding(record=provenance)
    masked = text
    if "“" in masked:
        if found.record:
            for m in _QUOTE.finditer(text):
                found.provenance.append({"text": m.group(0), "kind": "quote", "checked": False, "offset": m.start()})
        masked = _QUOTE.sub(lambda m: " " * len(m.group(0)), masked)
    masked = _masks(masked, _context_literals(facts, literals))
    if any(tell in masked for tell in _LEAK_TELLS) and _LEAK.search(masked):
        for m in _LEAK.finditer(masked):
            found.problems.append(
                Problem(
                    m.group(0),
                    "missing",
                    m.start(),
                    _sentence(text, m.start(), m.end()),
                    "is a missing value or template syntax printed into the story",
                )
            )
    quoted = [*speakers]
    if "said: “" in text:
        quoted.extend(m.group(1) for m in _SAID.finditer(text))
    tokens = tokenise(masked)
    starts: list[int] = []  # where each token starts: worked out only for a report

    def at(i: int) -> int:
        if not starts:
            starts.extend(offsets(masked))
        return starts[i]

    lows = list(map(_LOW, tokens))
    lexicon = Lexicon(facts, quoted)
    values = Values(facts)
    # where a name, a figure, a verb or a capitalised word may be, found in one pass each over
    # the whole text: each sentence looks at its share of these, not at every token
    spans = sentences(tokens)
    marks = [
        _by_sentence(m, spans) for m in (lexicon.starts(lows), numeric(tokens), verb_indices(lows), capitals(tokens))
    ]
    won: tuple[set[tuple[int, int]], set[str]] | None = None
    for (first, end), begins, nums, verbs, caps in zip(spans, *marks, strict=True):
        ents = lexicon.entities(tokens, first, end, begins)
        seats = {e.seat for e in ents if e.kind == "seat" and e.seat is not None} or None
        inside = covered(ents)
        problems: list[tuple[str, str, int, str]] = []  # (printed, kind, offset, reason)
        sentence: Sentence | None = None
        for fig in figures(tokens, first, end, nums):
            if fig.first in inside:
                continue  # a name with a digit in it: "Democracy 4 Chorley"
            if sentence is None:
                sentence = Sentence(tokens, lows, first, end, ents, facts, seats)
            claim = settle(read_figure(fig, sentence, values))
            if claim.kind == "ordinal-word":
                continue
            if not claim.ok:
                at(0)
                offset, printed = fig.where(tokens, starts, masked)
                problems.append((printed, claim.kind, offset, _reason(claim)))
                continue
            if found.record and claim.match is not None:
                at(0)
                offset, printed = fig.where(tokens, starts, masked)
                v = claim.match
                entry = {
                    "text": printed,
                    "kind": _kind_name(claim),
                    "value": v.value,
                    "offset": offset,
                    **values.source(v),
                }
                if claim.also:
                    entry["also"] = [f"{facts[a.seat]['seat_name']}: {a.path}" for a in claim.also[:3]]
                if claim.qualifier:
                    entry["field"] = f"{entry['field']} ({rounding(v, fig.value, claim.qualifier)})"
                found.provenance.append(entry)
        if verbs and won is None:
            won = winners(facts)  # who won, for every sentence with a verb of winning or losing
        for vp in verb_problems(tokens, first, end, ents, facts, seats, lows=lows, verbs=verbs, won=won):
            problems.append((vp.text, "verb", at(vp.at), vp.reason))
        for np in name_problems(tokens, first, end, ents, lexicon, inside=inside, capital=caps):
            problems.append((np.text, np.kind, at(np.at), np.reason))
        if problems:
            printed = text[at(first) : at(end - 1) + len(tokens[end - 1].text)]
            found.problems.extend(Problem(p, kind, offset, printed, reason) for p, kind, offset, reason in problems)
        if found.record:
            for e in ents:
                start = at(e.first)
                printed = masked[start : at(e.last) + len(tokens[e.last].text)]
                if e.kind == "person" and e.people and e.people[0].seat is not None:
                    p = e.people[0]
                    f = facts[p.seat]
                    found.provenance.append(
                        {
                            "text": printed,
                            "kind": "name",
                            "offset": start,
                            "field": f"candidates[{p.index}].name",
                            "seat": f["seat_name"],
                            "seat_id": f["seat_id"],
                            "source": f["source_file"],
                            "candidate": p.name,
                            **({"row": f["candidates"][p.index]["row"]} if f["candidates"][p.index].get("row") else {}),
                        }
                    )
                elif e.kind == "seat" and e.seat is not None:
                    f = facts[e.seat]
                    found.provenance.append(
                        {
                            "text": printed,
                            "kind": "seat",
                            "offset": start,
                            "field": "seat_name",
                            "seat": f["seat_name"],
                            "seat_id": f["seat_id"],
                            "source": f["source_file"],
                        }
                    )
    found.provenance.sort(key=_offset)
    return found


_LOW = attrgetter("low")


def _by_sentence(indices: list[int], spans: list[tuple[int, int]]) -> list[list[int]]:
    """The (sorted) token indices that fall in each sentence's span (first, end)."""
    return [indices[bisect_left(indices, first) : bisect_left(indices, end)] for first, end in spans]


def _kind_name(claim: Any) -> str:
    if claim.qualifier == "over":
        return "rounded"
    if claim.qualifier:
        return "approx"
    return str(claim.kind)


def _reason(claim: Any) -> str:
    if claim.figure.malformed:
        return "is not a well-formed figure (1,234,567)"
    if claim.unread:
        return "is a figure whose meaning cannot be told (no unit such as votes, per cent or seats, and no candidate)"
    if not claim.values:
        return (
            f"is printed as {claim.what}, but these seats have no such fact"
            " (an uncontested seat has no shares or turnout)"
        )
    how = {"over": " rounded down", "under": " rounded up", "about": " rounded"}.get(claim.qualifier, "")
    return f"is not {claim.what}{how}"


def _offset(entry: dict[str, Any]) -> int:
    return int(entry["offset"])


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    ends = [e for e in (text.find(". ", end), text.find("\n", end)) if e != -1]
    hi = min(ends) + 1 if ends else len(text)
    return text[lo + 1 : hi].strip()


def context_strings(context: Context | None) -> tuple[list[str], list[str]]:
    """Newsroom text a story prints verbatim (venues, quote roles, area names) and quoted people."""
    if context is None:
        return [], []
    literals: list[str] = []
    speakers: list[str] = []
    # seats: (no name printed, venue, quotes); areas: (the area's name, its place, quotes)
    for name, place, quotes in [
        *((None, note.venue, note.quotes) for note in context.seats.values()),
        *((name, area.place, area.quotes) for name, area in context.areas.items()),
    ]:
        if name:
            literals.append(name)
        if place:
            literals.append(place)
        for q in quotes:
            speakers.append(q.speaker)
            if q.role:
                literals.append(q.role)
    return literals, speakers


def verify_story(
    story: Story,
    seats: Sequence[SeatFacts],
    *,
    context: Context | None = None,
    literals: Iterable[str] = (),
    speakers: Iterable[str] = (),
    provenance: bool = True,
) -> Story:
    """Check the story's text against its seats' facts; return it with ``provenance`` filled
    (left empty with ``provenance=False``, for output that does not print it).

    Raises :class:`VerificationError` naming each unsupported figure and its sentence.
    ``context`` (the newsroom context file) supplies text printed verbatim (venues, quote
    roles) and quoted people, whose figures and names are the newsroom's, not the data's;
    ``literals``/``speakers`` add more.
    """
    ids = tuple(s.seat_id for s in seats)
    facts = story.facts if story.seat_ids == ids and len(story.facts) == len(ids) else [s.to_dict() for s in seats]
    if context is not None:
        extra_literals, extra_speakers = context_strings(context)
        literals = [*literals, *extra_literals]
        speakers = [*speakers, *extra_speakers]
    found = check_text(story.text, facts, literals=literals, speakers=speakers, provenance=provenance)
    if found.problems:
        raise VerificationError(
            f"story {story.slug!r} ({', '.join(story.seats)}) was refused: "
            + "; ".join(str(p) for p in found.problems[:5])
            + (f" (and {len(found.problems) - 5} more)" if len(found.problems) > 5 else ""),
            hint="a template printed a figure or name the facts do not support; fix the template "
            "(or the newsroom template folder) and run the story again",
        )
    if not provenance:
        return story
    return story.model_copy(update={"provenance": tuple(found.provenance)})
