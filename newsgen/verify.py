"""Check every figure and name in a rendered story against the facts it was written from.

The verifier re-reads the story's text, the way a sub-editor would, and accepts each figure
only if it equals a value derivable from the seats' facts:

* vote counts ("16,739 votes", "seven votes", "Ms Firth's 14,790"): a candidate's votes, the
  majority, the valid or invalid vote count, the electorate;
* rounded prose figures ("more than 4,000"): the majority (or a vote count) rounded down the
  way :func:`newsgen.render.filters.round_figure` rounds it;
* percentages ("62.71 per cent", "62.71%"), at the places printed: shares, turnouts (this
  election's, the notional baseline's, the predecessor seat's), majorities in points;
* percentage-point changes: share and turnout changes, unsigned;
* years ("since 2010", "in 2019"): the election, the baseline, seat history and tenure;
* counts and ordinals ("all three seats", "finished fifth"): seats, elections, positions.

A malformed figure ("16,7390"), a missing value (``None``, ``nan``) or template syntax
(``{{``) in the text is refused too. Numbers inside a supplied quote (“...”) are the speaker's
words: they are not checked and are recorded as quote text; so are the context file's own
words (candidate notes and roles, venues, quote-givers' roles).

Names: a title ("Mr", "Ms") must be followed by the family name of a candidate or a quoted
speaker, and a candidate's given or family name printed beside another capitalised word must
be that candidate's full name.

Every figure and candidate name found is recorded in ``Story.provenance`` with the fact it
came from (field, seat, source file, baseline). A story with an unsupported figure raises
:class:`~newsgen.errors.VerificationError` and is not published.

The same check reads stories already written to disk: :func:`check_text` takes plain text and
the facts as dictionaries (the ``facts`` list of ``--format json``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsgen.errors import VerificationError
from newsgen.facts.seat import SeatFacts
from newsgen.render.filters import round_figure
from newsgen.resources import GE_FILES, HISTORY, NOTIONALS_2019
from newsgen.story import Story

if TYPE_CHECKING:
    from newsgen.context import Context

__all__ = ["Finding", "Problem", "check_text", "context_strings", "verify_story"]

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15,
}  # fmt: skip
#: a run of digits and commas (checked for well-formed grouping below), decimals, an ordinal suffix;
#: a run that follows a letter, digit, "_", "." or "," is part of a word and is skipped (in
#: _tokens: a look-behind here would be tried at every character and doubles the scan)
_DIGITS = re.compile(r"(\d[\d,]*)(\.\d+)?(st|nd|rd|th)?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_NUMBER_WORDS = frozenset(_WORDS) | frozenset(_ORDINALS)
#: each number word as split() may leave it: "three", "three.", "(third", "three's"
_WORD_FORMS = {
    f"{before}{word}{after}": word
    for word in _NUMBER_WORDS
    for before in ("", "(", "“", '"')
    for after in ("", ".", ",", ";", ":", "!", "?", ")", "”", '"', "'s", "’s", "-")
}
_LEAK = re.compile(r"\b(?:None(?! of\b)|nan|NaN|inf|Undefined)\b|\{\{|\}\}|\{%|%\}|\{#|#\}")
_LEAK_TELLS = ("None", "nan", "NaN", "inf", "Undefined", "{", "}")
_QUOTE = re.compile(r"“[^”]*”")
_HAS_DIGIT = re.compile(r"\d")
#: a title and a space before a word; one inside a word ("XMr") is skipped where it is used
_TITLE = re.compile(r"(Mr|Ms|Mrs|Miss|Dr|Sir|Dame) (?=\S)")
_SAID = re.compile(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)(?:, [^,“”]{1,120},)? said: “")
_APPROX = tuple(w for p in ("around ", "about ", "nearly ", "almost ", "some ", "over ") for w in (p, p.capitalize()))
_YEAR_BEFORE = tuple(
    w for p in ("since ", "in ", "before ", "from ", "until ", "back to ") for w in (p, p.capitalize())
)

#: source-file names for facts that come from the baselines rather than this result
_NOTIONALS = NOTIONALS_2019.rsplit("/", 1)[-1]
_HISTORY = HISTORY.rsplit("/", 1)[-1]
_GE = {year: path.rsplit("/", 1)[-1] for year, path in GE_FILES.items()}


@dataclass(frozen=True, slots=True)
class Problem:
    """A figure or name in the text that no fact supports."""

    text: str  # the figure or name as printed
    kind: str  # votes, percent, points, year, seats, ordinal, rounded, number, name, title, missing
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


Source = tuple[str, int]  # (field path, index of the seat in the facts list)


class _Index:
    """The values a story may print, by kind, built once per story from the seats' facts."""

    __slots__ = ("_floats", "_ints", "_sources", "facts")

    def __init__(self, facts: Sequence[Mapping[str, Any]]) -> None:
        self.facts = facts
        self._ints: dict[str, dict[int, list[Source]]] | None = None
        self._floats: dict[str, list[tuple[float, str, int]]] | None = None
        self._sources: dict[Source, dict[str, Any]] = {}

    def lookup(self, kind: str, value: int) -> list[Source]:
        """The facts an integer printed as ``kind`` can come from (empty when none)."""
        if self._ints is None:
            self._ints = _build_ints(self.facts)
        if kind == "number":
            out: list[Source] = []
            for name in _NUMBER_TABLES:
                out.extend(self._ints[name].get(value, ()))
            return out
        table = self._ints.get(kind)
        if table is None:  # rounded and approximate figures: only when the text has one
            table = self._ints[kind] = _derived(self._ints["people"], kind)
        return table.get(value, [])

    def floats(self, kind: str) -> list[tuple[float, str, int]]:
        if self._floats is None:
            self._floats = _build_floats(self.facts)
        return self._floats[kind]

    def formatted(self, kind: str, printed: str) -> list[Source]:
        """The decimal facts of ``kind`` that print as ``printed`` (at its decimal places).

        Only values within half a unit of the last place can; just those are formatted.
        """
        plain = printed.replace(",", "")
        places = len(plain) - plain.index(".") - 1 if "." in plain else 0
        target = float(plain)
        near = 0.5 * 10.0**-places + 1e-9
        return [
            (path, seat_no)
            for value, path, seat_no in self.floats(kind)
            if abs(value - target) <= near and f"{value:.{places}f}" == plain
        ]

    def source(self, seat_no: int, path: str) -> dict[str, Any]:
        key = (path, seat_no)
        out = self._sources.get(key)
        if out is None:
            out = self._sources[key] = _source(self.facts[seat_no], path)
        return out


def _derived(people: dict[int, list[Source]], kind: str) -> dict[int, list[Source]]:
    out: dict[int, list[Source]] = {}
    for value, sources in people.items():
        for path, n in sources:
            if kind == "rounded":
                floor = round_figure(value)
                if floor is not None:
                    out.setdefault(floor, []).append((f"{path} (rounded down)", n))
            else:
                for step in (10, 100, 1000, 10000):
                    if value >= step:
                        near = round(value / step) * step
                        out.setdefault(near, []).append((f"{path} (to the nearest {step:,})", n))
    return out


_VOTES_PATH = tuple(f"candidates[{i}].votes" for i in range(64))
_POSITION_PATH = tuple(f"candidates[{i}].position" for i in range(64))


def _build_ints(facts: Sequence[Mapping[str, Any]]) -> dict[str, dict[int, list[Source]]]:
    """Every integer fact, by the kind of figure it can be printed as, in one pass."""
    votes: dict[int, list[Source]] = {}
    years: dict[int, list[Source]] = {}
    seats: dict[int, list[Source]] = {len(facts): [("len(seats)", 0)]}
    elections: dict[int, list[Source]] = {}
    candidates: dict[int, list[Source]] = {}
    positions: dict[int, list[Source]] = {}
    for n, f in enumerate(facts):
        cands = f["candidates"]
        for i, c in enumerate(cands):
            if i < 64:
                votes.setdefault(c["votes"], []).append((_VOTES_PATH[i], n))
                positions.setdefault(c["position"], []).append((_POSITION_PATH[i], n))
            if c["tenure_since"] is not None:
                years.setdefault(c["tenure_since"], []).append((f"candidates[{i}].tenure_since", n))
        votes.setdefault(f["majority"], []).append(("majority", n))
        votes.setdefault(f["valid_votes"], []).append(("valid_votes", n))
        votes.setdefault(f["invalid_votes"], []).append(("invalid_votes", n))
        votes.setdefault(f["valid_votes"] + f["invalid_votes"], []).append(("valid_votes + invalid_votes", n))
        years.setdefault(f["year"], []).append(("year", n))
        if f["baseline_year"] is not None:
            years.setdefault(f["baseline_year"], []).append(("baseline_year", n))
        earlier = f.get("earlier_elections") or ()
        for i, year in enumerate(earlier):
            years.setdefault(year, []).append((f"earlier_elections[{i}]", n))
        h = f.get("history")
        if h:
            for key in ("first_year", "last_year", "winner_group_last_won", "loser_run_since"):
                if h[key] is not None:
                    years.setdefault(h[key], []).append((f"history.{key}", n))
            elections.setdefault(h["elections"], []).append(("history.elections", n))
        if f.get("seat_count_for_party") is not None:
            seats.setdefault(f["seat_count_for_party"], []).append(("seat_count_for_party", n))
        elections.setdefault(len(earlier), []).append(("len(earlier_elections)", n))
        candidates.setdefault(len(cands), []).append(("len(candidates)", n))
    people = {k: list(v) for k, v in votes.items()}
    for n, f in enumerate(facts):
        people.setdefault(f["electorate"], []).append(("electorate", n))
    return {
        "votes": votes,
        "people": people,
        "year": years,
        "seats": seats,
        "elections": elections,
        "candidates": candidates,
        "ordinal": positions,
    }


_NUMBER_TABLES = ("people", "year", "seats", "elections", "candidates", "ordinal")
_SHARE_PATH = tuple(f"candidates[{i}].share" for i in range(64))
_CHANGE_PATH = tuple(f"candidates[{i}].share_change" for i in range(64))


def _build_floats(facts: Sequence[Mapping[str, Any]]) -> dict[str, list[tuple[float, str, int]]]:
    """Every percentage and point change, as (value, field path, seat number), by kind.

    With no poll (an uncontested seat) there are no shares, turnout or turnout changes to
    print: a story that prints one is refused.
    """
    percent: list[tuple[float, str, int]] = []
    points: list[tuple[float, str, int]] = []
    for n, f in enumerate(facts):
        get = f.get
        for name in ("baseline_turnout", "predecessor_turnout", "previous_majority_share"):
            if (value := get(name)) is not None:
                percent.append((value, name, n))
        if (value := get("previous_majority_share")) is not None:
            points.append((value, "previous_majority_share", n))
        if not (f["valid_votes"] or f["invalid_votes"]):
            continue
        for i, c in enumerate(f["candidates"]):
            path = _SHARE_PATH[i] if i < 64 else f"candidates[{i}].share"
            if c["share"] is not None:
                percent.append((c["share"], path, n))
            if (change := c.get("share_change")) is not None:
                points.append((abs(change), _CHANGE_PATH[i] if i < 64 else f"candidates[{i}].share_change", n))
        for name in ("turnout", "majority_share"):
            if (value := get(name)) is not None:
                percent.append((value, name, n))
        if (value := get("majority_share")) is not None:
            points.append((value, "majority_share", n))
        for name in ("turnout_change", "predecessor_turnout_change"):
            if (value := get(name)) is not None:
                points.append((abs(value), name, n))
        # a change a template works out from two printed turnouts
        if (turnout := get("turnout")) is not None:
            for name in ("baseline_turnout", "predecessor_turnout"):
                if (value := get(name)) is not None:
                    points.append((abs(round(turnout, 2) - value), f"turnout - {name}", n))
    return {"percent": percent, "points": points}


_PLAIN = frozenset(
    {"majority", "valid_votes", "invalid_votes", "valid_votes + invalid_votes", "electorate", "turnout", "year",
     "len(seats)", "seat_count_for_party", "len(candidates)", "seat_name", "majority_share"}
)  # fmt: skip


def _source(f: Mapping[str, Any], path: str) -> dict[str, Any]:
    """Where a fact came from: the source file, and the baseline for baseline facts."""
    if path in _PLAIN:
        return {"field": path, "seat": f["seat_name"], "seat_id": f["seat_id"], "source": f["source_file"]}
    if path.startswith("candidates[") and path.endswith(("].votes", "].name", "].position", "].share")):
        cand = f["candidates"][int(path[11 : path.index("]")])]
        out = {"field": path, "seat": f["seat_name"], "seat_id": f["seat_id"], "source": f["source_file"]}
        out["candidate"] = cand["name"]
        if cand.get("row"):
            out["row"] = cand["row"]
        return out
    base = path.split(" ", 1)[0]
    out: dict[str, Any] = {"field": path, "seat": f["seat_name"], "seat_id": f["seat_id"]}
    source = f["source_file"]
    baseline = None
    if base in ("baseline_turnout", "previous_majority_share", "baseline_year", "turnout_change") or base.startswith(
        "turnout - baseline"
    ):
        baseline = f"{f['baseline_kind']} {f['baseline_year']}"
        source = _NOTIONALS if f["baseline_kind"] == "notional" else _GE.get(f["baseline_year"], source)
    elif base.startswith(("predecessor", "turnout - predecessor")):
        baseline = f"predecessor seat {f['predecessor']} {f['baseline_year']}"
        source = _GE.get(f["baseline_year"], source)
    elif base.startswith("history."):
        source = _HISTORY
    elif base.startswith("earlier_elections") or base == "len(earlier_elections)" or base.endswith("tenure_since"):
        source = ", ".join(_GE[y] for y in sorted(_GE) if y < f["year"]) or source
    elif base.endswith("share_change"):
        baseline = f"{f['baseline_kind']} {f['baseline_year']}"
    out["source"] = source
    if baseline:
        out["baseline"] = baseline
    if base.startswith("candidates["):
        cand = f["candidates"][int(base[11 : base.index("]")])]
        out["candidate"] = cand["name"]
        if cand.get("row"):
            out["row"] = cand["row"]
    return out


def _sentence(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset), text.rfind("\n", 0, offset))
    end_dot = text.find(". ", offset)
    end_nl = text.find("\n", offset)
    ends = [e for e in (end_dot, end_nl) if e != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start + 1 : end].strip()


_AFTER = re.compile(
    r" (?P<points>percentage point)|(?P<percent>%| per cent| percent| pc\b)"
    r"| (?P<votes>vote|ballot)| (?P<people>people|voter|registered|elector)"
    r"| (?P<seats>seat|constituenc|MP\b|mp\b)| (?P<elections>general election|election)| (?P<candidates>candidate)",
    re.IGNORECASE,
)
_ROUNDED = ("more than ", "fewer than ", "less than ", "More than ", "Fewer than ", "Less than ")


def _kind(text: str, start: int, end: int, has_comma: bool, value: float, decimal: bool) -> str:
    """What a number is, from the words around it: "N votes", "N per cent", "more than N"..."""
    after = _AFTER.match(text, end)
    follows = after.lastgroup if after else None
    if follows == "points" or (start and text[start - 1] in "+-−±"):
        return "points"
    if follows == "percent" or decimal:
        return "percent"
    if text.endswith(_ROUNDED, 0, start):
        return "rounded"
    if text.endswith(_APPROX, 0, start):
        return "approx"
    if follows is not None:
        return follows
    if not has_comma and 1800 <= value <= 2100:
        return "year"
    if text.endswith(_YEAR_BEFORE, 0, start) and not has_comma and 1000 <= value <= 2100:
        return "year"
    return "number"


def _masks(text: str, literals: Iterable[str]) -> str:
    for lit in literals:
        if lit and lit in text:
            text = text.replace(lit, " " * len(lit))
    return text


def check_text(
    text: str,
    facts: Sequence[Mapping[str, Any]],
    *,
    literals: Iterable[str] = (),
    speakers: Iterable[str] = (),
    provenance: bool = True,
) -> Finding:
    """Check every figure and name in ``text`` against ``facts`` (``SeatFacts.to_dict()`` form).

    ``literals`` are newsroom-supplied strings printed verbatim (a venue, a quote's role):
    their figures are the newsroom's, not the data's. ``speakers`` are quoted people who are
    not candidates. ``provenance=False`` checks exactly the same but records no provenance
    (about a fifth of the check's cost), for output that does not print it.
    """
    found = Finding(record=provenance)
    index = _Index(facts)
    masked = text
    # supplied quotes: the speaker's words, not figures
    if "“" in masked:
        for m in _QUOTE.finditer(text) if found.record else ():
            found.provenance.append({"text": m.group(0), "kind": "quote", "checked": False, "offset": m.start()})
        masked = _QUOTE.sub(lambda m: " " * len(m.group(0)), masked)
    # newsroom clauses printed verbatim: roles and notes from the context file
    context_lits = [*literals]
    digit_names: list[str] = []
    for f in facts:
        for c in f["candidates"]:
            if c.get("role"):
                context_lits.append(c["role"])
            context_lits.extend(c.get("notes") or ())
        digit_names.extend(_digit_names(f))
    if context_lits:
        masked = _masks(masked, sorted(context_lits, key=len, reverse=True))
    # names are not figures: a seat, party or candidate name with a digit in it ("Area 51")
    figures = _masks(masked, sorted(digit_names, key=len, reverse=True)) if digit_names else masked

    if any(tell in masked for tell in _LEAK_TELLS) and _LEAK.search(masked):
        for m in _LEAK.finditer(masked):
            found.problems.append(
                Problem(
                    m.group(0),
                    "missing",
                    m.start(),
                    _sentence(text, m.start()),
                    "is a missing value or template syntax printed into the story",
                )
            )
    _check_figures(figures, text, facts, index, found)
    _check_names(masked, text, facts, speakers, found)
    found.provenance.sort(key=_offset)
    return found


def _offset(entry: dict[str, Any]) -> int:
    return int(entry["offset"])


def _tokens(masked: str) -> list[tuple[int, int, str, str, int | float, str | None]]:
    """(start, end, printed, kind-hint, value, decimals) for each number and number word."""
    out: list[tuple[int, int, str, str, int | float, str | None]] = []
    n = len(masked)
    for m in _DIGITS.finditer(masked):
        start, end = m.span()
        if _inside_word(masked, start, "_.,"):
            continue
        num, dec, ordsuffix = m.groups()
        if not dec and not ordsuffix and num.endswith(","):  # "1,949, a majority..."
            num = num.rstrip(",")
            end = start + len(num)
        printed = masked[start:end]
        if "," in num and not _GROUPED.fullmatch(num):
            out.append((start, end, printed, "malformed", 0, None))
        elif ordsuffix:
            out.append((start, end, printed, "ordinal", int(num.replace(",", "")), None))
        else:
            value: float = float(num.replace(",", "") + (dec or ""))
            out.append((start, end, printed, "," if "," in num else "", value, dec))
    lowered = masked.lower()
    present = {_WORD_FORMS[w] for w in _WORD_FORMS.keys() & lowered.split()}
    for word in present:
        at = lowered.find(word)
        size = len(word)
        while at != -1:
            end = at + size
            if (not at or not lowered[at - 1].isalnum()) and (end >= n or not lowered[end].isalnum()):
                kind = "ordinal" if word in _ORDINALS else "word"
                value_w = _ORDINALS[word] if word in _ORDINALS else _WORDS[word]
                out.append((at, end, masked[at:end], kind, value_w, None))
            at = lowered.find(word, end)
    return out


def _inside_word(text: str, at: int, joiners: str) -> bool:
    """Does ``text[at:]`` continue a word: a letter, digit or one of ``joiners`` just before it?
    (Checked per match: as a regex look-behind it is tried at every character.)"""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in joiners)


def _digit_names(f: Mapping[str, Any]) -> Iterable[str]:
    names = [f["seat_name"], f.get("predecessor") or ""]
    for c in f["candidates"]:
        names += [c["name"], c["party"]["name"], c["party"]["noun"], c["party"]["adj"], c["party"]["noun_alt"]]
    if not _HAS_DIGIT.search("\n".join(filter(None, names))):
        return []
    return [n for n in names if n and _HAS_DIGIT.search(n)]


def _check_figures(masked: str, text: str, facts: Sequence[Mapping[str, Any]], index: _Index, found: Finding) -> None:
    for start, end, printed, hint, value, dec in _tokens(masked):
        if hint == "malformed":
            kind = "number"
            sources = []
        elif hint == "ordinal":
            kind = "ordinal"
            sources = index.lookup(kind, int(value))
        elif hint == "word":
            kind = _kind(masked, start, end, False, value, False)
            if kind in ("year", "percent", "points", "rounded", "approx"):
                kind = "number"
            sources = index.lookup(kind, int(value))
        else:
            kind = _kind(masked, start, end, hint == ",", value, dec is not None)
            if kind in ("percent", "points"):
                sources = index.formatted(kind, printed)
                if not sources and kind == "percent" and dec is None:
                    sources = index.lookup("number", int(value))
            else:
                value = int(value)
                sources = index.lookup(kind, value)
                if not sources and kind == "year":
                    kind = "number"
                    sources = index.lookup(kind, value)
        if not sources:
            reason = _reason(kind, printed) if hint != "malformed" else "is not a well-formed figure (1,234,567)"
            if kind in ("percent", "points") and any(not (f["valid_votes"] or f["invalid_votes"]) for f in facts):
                reason += " (a seat here had no poll: it was uncontested, so it has no turnout or shares)"
            found.problems.append(Problem(printed, kind, start, _sentence(text, start), reason))
            continue
        if not found.record:
            continue
        path, seat_no = sources[0]
        entry = {"text": printed, "kind": kind, "value": value, "offset": start, **index.source(seat_no, path)}
        if len(sources) > 1:
            entry["also"] = [f"{facts[s]['seat_name']}: {p}" for p, s in sources[1:4]]
        found.provenance.append(entry)


def _reason(kind: str, printed: str) -> str:
    what = {
        "votes": "is not a vote count, majority or valid/invalid total of these seats",
        "people": "is not a vote count or electorate of these seats",
        "percent": "is not a share or turnout of these seats at the places printed",
        "points": "is not a share or turnout change of these seats",
        "rounded": "is not a majority or vote count rounded down as the style rounds it",
        "approx": "is not a vote count of these seats rounded to the nearest 10, 100 or 1,000",
        "year": "is not a year in these seats' results, baselines, history or tenure",
        "seats": "is not the number of seats in the story or won by the party",
        "elections": "is not a number of elections in the seat's history or the earlier files",
        "candidates": "is not the number of candidates in these seats",
        "ordinal": "is not any candidate's finishing position",
        "number": "matches no fact of these seats",
    }[kind]
    return what


def _check_names(
    masked: str, text: str, facts: Sequence[Mapping[str, Any]], speakers: Iterable[str], found: Finding
) -> None:
    quoted = {*speakers}
    if "said: “" in text:
        quoted.update(m.group(1) for m in _SAID.finditer(text))
    families: dict[str, list[tuple[Mapping[str, Any], int, int]]] = {}
    givens: dict[str, list[tuple[Mapping[str, Any], int, int]]] = {}
    for seat_no, f in enumerate(facts):
        at = masked.find(f["seat_name"]) if found.record else -1
        if at != -1:
            found.provenance.append({"text": f["seat_name"], "kind": "seat", "offset": at, **_source(f, "seat_name")})
        for i, c in enumerate(f["candidates"]):
            if c["family_name"]:
                families.setdefault(c["family_name"], []).append((c, seat_no, i))
            if c["given_name"]:
                givens.setdefault(c["given_name"], []).append((c, seat_no, i))
            name = c["name"]
            at = masked.find(name) if found.record else -1
            if at != -1:
                found.provenance.append(
                    {"text": name, "kind": "name", "offset": at, **_source(f, f"candidates[{i}].name")}
                )
    speaker_surnames = tuple({s.split()[-1] for s in quoted if s.split()})
    # a title must be followed by a candidate's (or a quoted speaker's) family name
    if _has_title(masked):
        titled_givens = [g for g in givens if g.startswith(_TITLE_WORDS)]  # "Sir Archibald" Stanton
        by_first_word: dict[str, list[str]] = {}
        for fam in families:
            by_first_word.setdefault(fam.split(None, 1)[0], []).append(fam)
        for m in _TITLE.finditer(masked):
            if _inside_word(masked, m.start(), "_'’-"):
                continue
            if titled_givens and any(masked.startswith(g, m.start()) for g in titled_givens):
                continue
            rest = masked[m.end() : m.end() + 80]
            title = m.group(1)
            first = rest.split(None, 1)[0] if rest.strip() else ""
            # by the first word's key; a possessive or punctuation the key missed: try them all
            hits = _named(rest, by_first_word.get(_bare(first), ()), families) or _named(rest, families, families)
            if hits:
                c, fam = hits[0]
                if c.get("title") and title in ("Mr", "Ms") and c["title"] != title and len(hits) == 1:
                    found.problems.append(
                        Problem(
                            f"{title} {fam}",
                            "title",
                            m.start(),
                            _sentence(text, m.start()),
                            f"uses the wrong title: the data gives {c['title']} {fam}",
                        )
                    )
                continue
            if _word_at(rest, 0, speaker_surnames):
                continue
            word = rest.split(" ", 1)[0].rstrip(".,;:!?")
            found.problems.append(
                Problem(
                    f"{title} {word}",
                    "title",
                    m.start(),
                    _sentence(text, m.start()),
                    "is not a candidate in these seats or a quoted speaker",
                )
            )
    # a candidate's given name before a capitalised word must be followed by the family name
    n = len(masked)
    for given, cands in givens.items():
        probe = given + " "
        fams = tuple(c["family_name"] for c, _, _ in cands)
        start = 0
        while (at := masked.find(probe, start)) != -1:
            start = at + 1
            nxt = at + len(probe)
            if nxt >= n or not masked[nxt].isupper():
                continue
            if _word_at(masked, nxt, fams):
                continue  # the candidate's full name: the usual case
            if _inside_word(masked, at, "-'’"):
                continue
            if _inside_known(masked, at, facts, quoted):
                continue
            word = masked[nxt : nxt + 60].split(None, 1)[0].rstrip(".,;:!?")
            found.problems.append(
                Problem(
                    f"{given} {word}",
                    "name",
                    at,
                    _sentence(text, at),
                    "is not the name of a candidate in these seats",
                )
            )
    # a family name after a capitalised word must follow the candidate's given name or a title
    for fam, cands in families.items():
        start = 0
        size = len(fam)
        before = _TITLE_WORDS + tuple(c["given_name"] + " " for c, _, _ in cands)
        while (at := masked.find(fam, start)) != -1:
            start = at + 1
            if at < 2 or masked[at - 1] != " " or masked[at - 2] == " " or not _boundary(masked, at + size):
                continue  # start of text or of a word, or inside a longer word
            if masked.endswith(before, 0, at):
                continue  # "Mr Smith", "Jane Smith": the usual cases
            space = masked.rfind(" ", 0, at - 1)
            prev = masked[space + 1 : at - 1]
            if not prev[:1].isupper() or prev.isupper() or prev[-1:] in ".,;:!?":
                continue
            lowered = masked[max(0, at - 60) : at].lower()
            if prev in _TITLES or any(lowered.endswith(c["given_name"].lower() + " ") for c, _, _ in cands):
                continue
            if _inside_known(masked, at, facts, quoted):
                continue
            found.problems.append(
                Problem(
                    f"{prev} {fam}",
                    "name",
                    at - len(prev) - 1,
                    _sentence(text, at),
                    "is not the name of a candidate in these seats",
                )
            )


def _bare(word: str) -> str:
    """A word without trailing punctuation or possessive: "Firth's," -> "Firth"."""
    word = word.rstrip(".,;:!?")
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


_TITLES = {"Mr", "Ms", "Mrs", "Miss", "Dr", "Sir", "Dame", "MP", "Speaker", "Sitting", "Independent"}


_TITLE_WORDS = ("Mr ", "Ms ", "Mrs ", "Miss ", "Dr ", "Sir ", "Dame ")


def _has_title(text: str) -> bool:
    return any(t in text for t in _TITLE_WORDS)


def _named(
    text: str, fams: Iterable[str], families: Mapping[str, list[tuple[Mapping[str, Any], int, int]]]
) -> list[tuple[Mapping[str, Any], str]]:
    """(candidate, family name) for each of ``fams`` that is the whole first word(s) of ``text``."""
    return [(c, fam) for fam in fams if _word_at(text, 0, (fam,)) for c, _, _ in families[fam]]


def _word_at(text: str, at: int, words: tuple[str, ...]) -> bool:
    """Does one of ``words`` start at ``at`` and end a word there?"""
    if not text.startswith(words, at):
        return False
    return any(text.startswith(word, at) and _boundary(text, at + len(word)) for word in words)


def _boundary(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] == "-")


def _inside_known(text: str, at: int, facts: Sequence[Mapping[str, Any]], quoted: set[str]) -> bool:
    """Is offset ``at`` inside a seat, party or speaker name (words that may look like names)?"""
    for name in _known_names(facts, quoted):
        lo = max(0, at - len(name))
        pos = text.find(name, lo, at + len(name) + 1)
        while pos != -1 and pos <= at:
            if pos + len(name) > at:
                return True
            pos = text.find(name, pos + 1, at + len(name) + 1)
    return False


def _known_names(facts: Sequence[Mapping[str, Any]], quoted: set[str]) -> Iterable[str]:
    yield from quoted
    for f in facts:
        yield f["seat_name"]
        if f.get("predecessor"):
            yield f["predecessor"]
        if f.get("region"):
            yield f["region"]
        yield f["country"]
        for c in f["candidates"]:
            yield c["name"]
            p = c["party"]
            yield p["name"]
            yield p["noun"]
            yield p["adj"]


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
