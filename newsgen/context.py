"""The newsroom context file: what a reporter knows that the results do not.

YAML or JSON::

    candidates:
      - {name: Anna Firth, seat: Southend West and Leigh, role: "MP since the 2022 by-election",
         notes: ["took over the seat following the murder of Sir David Amess"]}
      - {name: A. N. Other, role: a Cabinet minister, notable: true}
    seats:
      Southend West and Leigh:
        quotes: [{speaker: David Burton-Sampson, role: the new MP, text: "..."}]
    areas:
      Southend:
        seats: [Southend West and Leigh, Southend East and Rochford]
        quotes: [{speaker: Daniel Cowan, role: leader of the Labour Group, text: "..."}]
    predecessors:
      Some New Seat: [Old Seat A]
    councils:
      Example Borough Council:       # where the council's file cannot tell the state of the parties
        before: {Labour: 30, Conservative: 20, Green: 4}
        after: {Labour: 27, Conservative: 22, Green: 5}

Mistakes are reported with the file, line and key.

What the file may hold, and why (each limit is far above what a newsroom writes; the
fullest file we can imagine, all 650 seats with a venue and a quote and notes on three
candidates in each, is 0.74 MB, 6 levels deep and has no aliases):

- at most ``MAX_BYTES`` (4 MiB): a bigger file is not a context file;
- at most ``MAX_DEPTH`` (20) levels of nesting, checked as the file is read: the format
  needs 6 (the file > ``seats`` > a seat > ``quotes`` > a quote > its ``text``); a file
  of 100,000 nested lists would otherwise exhaust Python's stack;
- YAML anchors and aliases (``&centre`` ... ``*centre``, ``<<: *defaults``) are allowed,
  because one count centre often serves several seats; but the aliases in a file may add
  at most ``MAX_ALIAS_VALUES`` (100,000) values to it, and an alias may not sit inside the
  value it names. A "billion laughs" file, nine aliases of nine aliases (342 bytes that
  expand to 387 million values), is refused in milliseconds;
- a key may appear only once in a mapping: YAML and JSON readers otherwise keep the last
  silently, so a seat's first quotes would vanish.

:meth:`Context.check_against` then checks the names against the results: a seat that is
not in them is an error (its quotes, venue or area story would silently be lost), a
candidate a warning (a newsroom's list of notable people may name some who do not stand).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from newsgen.angles.thresholds import DEFAULT as DEFAULT_THRESHOLDS
from newsgen.angles.thresholds import Thresholds
from newsgen.baselines.names import normalise
from newsgen.errors import ContextError

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 20
MAX_ALIAS_VALUES = 100_000


class _Strict(BaseModel):
    # built when a context file is first read: a story without one never validates these
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Quote(_Strict):
    speaker: str = Field(min_length=1)
    role: str | None = None
    text: str = Field(min_length=1)


class CandidateNote(_Strict):
    name: str = Field(min_length=1)
    seat: str | None = Field(None, description="limits the entry to one seat when names repeat")
    role: str | None = Field(None, description='e.g. "a Cabinet minister"; read with notable')
    notable: bool = Field(False, description="a big name: the big_name_* angles rest on this")
    notes: tuple[str, ...] = Field((), description="clauses the story may use verbatim")


class SeatNote(_Strict):
    quotes: tuple[Quote, ...] = ()
    venue: str | None = Field(None, description="where the count was held")


class Area(_Strict):
    seats: tuple[str, ...] = Field(min_length=2)
    quotes: tuple[Quote, ...] = ()
    place: str | None = Field(None, description='how the story names the area, e.g. "the city"')


class CouncilNote(_Strict):
    """The state of a council's parties as the newsroom knows it (from the council or PA), for
    a council story whose results file cannot give it: seats by party (names as the results
    name them, or their codes), before and after the election."""

    before: dict[str, int] = Field(default_factory=dict)
    after: dict[str, int] = Field(default_factory=dict)

    @field_validator("before", "after")
    @classmethod
    def _counts(cls, value: dict[str, int]) -> dict[str, int]:
        for party, seats in value.items():
            if seats < 0 or seats > 10_000:
                raise ValueError(f"{party}: {seats} is not a number of council seats")
        return value


class Context(_Strict):
    candidates: tuple[CandidateNote, ...] = ()
    seats: dict[str, SeatNote] = {}
    areas: dict[str, Area] = {}
    predecessors: dict[str, list[str]] = {}
    councils: dict[str, CouncilNote] = {}
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    #: (file name, text) it was read from, for the line numbers of check_against's messages
    _source: tuple[str, str] | None = PrivateAttr(default=None)

    @field_validator("predecessors")
    @classmethod
    def _names(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for seat, olds in value.items():
            if not olds:
                raise ValueError(f"{seat!r} needs at least one previous seat name")
        return value

    def seat(self, name: str) -> SeatNote:
        key = normalise(name)
        for seat_name, note in self.seats.items():
            if normalise(seat_name) == key:
                return note
        return SeatNote()

    def candidate(self, name: str, seat: str) -> CandidateNote | None:
        if not self.candidates:
            return None
        key, seat_key = normalise(name), normalise(seat)
        for entry in self.candidates:
            if normalise(entry.name) == key and (entry.seat is None or normalise(entry.seat) == seat_key):
                return entry
        return None

    def council(self, name: str) -> CouncilNote | None:
        key = normalise(name)
        return next((note for council, note in self.councils.items() if normalise(council) == key), None)

    def area_for(self, seats: list[str]) -> tuple[str, Area] | None:
        """The context area whose seats are exactly these seats."""
        wanted = {normalise(s) for s in seats}
        for name, area in self.areas.items():
            if {normalise(s) for s in area.seats} == wanted:
                return name, area
        return None

    def check_against(
        self,
        seats: Iterable[str],
        candidates: Mapping[str, Iterable[str]] | None = None,
        *,
        results: str = "the results",
    ) -> list[str]:
        """Check the names in the file against the results; return the warnings.

        ``seats`` is every seat in the results file; ``candidates`` maps seat names to
        their candidates' names, for the seats whose candidates are known (a candidate
        entry without a seat is checked only when that covers every seat).

        A seat the file names (``seats``, an area's ``seats``, ``predecessors``, a
        candidate's ``seat``) that is not in the results raises ContextError listing each,
        with a suggestion: its quotes, venue or area story would otherwise silently be left
        out. A candidate who is not standing is a warning: the entry's notes, role and
        ``notable`` are not used, but a newsroom's list of notable people may name some
        who do not stand in this file.
        """
        all_seats = {normalise(s): s for s in seats}
        file, lines = self._where()
        errors: list[tuple[int, str]] = []

        def seat_problem(name: str, path: tuple[Any, ...]) -> None:
            if normalise(name) not in all_seats:
                line = _line(lines, path)
                message = f"{_at(file, line, path)}: no seat called {name!r} in {results}"
                errors.append((line or 0, message + _suggest(name, all_seats)))

        for name in self.seats:
            seat_problem(name, ("seats", name))
        for area_name, area in self.areas.items():
            for i, name in enumerate(area.seats):
                seat_problem(name, ("areas", area_name, "seats", i))
        for name in self.predecessors:
            seat_problem(name, ("predecessors", name))
        for i, entry in enumerate(self.candidates):
            if entry.seat is not None:
                seat_problem(entry.seat, ("candidates", i, "seat"))
        if errors:
            raise ContextError(
                f"the context file names {_count(len(errors), 'seat')} not in {results}:\n  "
                + "\n  ".join(message for _, message in sorted(errors)),
                hint="correct the spelling (`newsgen seats` lists every seat), or remove the entry: "
                "otherwise its quotes, venue or area story would silently be left out",
            )
        by_seat = {normalise(seat): {normalise(c): c for c in names} for seat, names in (candidates or {}).items()}
        return self._check_candidates(all_seats, by_seat, file, lines) + self._check_speakers(by_seat, file, lines)

    def _check_candidates(
        self, all_seats: dict[str, str], by_seat: dict[str, dict[str, str]], file: str, lines: dict[Any, int]
    ) -> list[str]:
        complete = set(all_seats) <= set(by_seat)
        everyone = {k: v for names in by_seat.values() for k, v in names.items()}
        warnings = []
        for i, entry in enumerate(self.candidates):
            if entry.seat is not None:
                known = by_seat.get(normalise(entry.seat))
                where = f"in {all_seats.get(normalise(entry.seat), entry.seat)}"
            else:
                known = everyone if complete else None
                where = "in any seat"
            if known is None or normalise(entry.name) in known:
                continue  # standing, or this run does not have the seat's candidates
            path = ("candidates", i, "name")
            warnings.append(
                f"{_at(file, _line(lines, path), path)}: no candidate called {entry.name!r} {where}"
                f"{_suggest(entry.name, known)}; the entry's role, notes and notable flag are not used"
            )
        return warnings

    def _check_speakers(self, by_seat: dict[str, dict[str, str]], file: str, lines: dict[Any, int]) -> list[str]:
        """A warning for each quote whose speaker is a near miss of a candidate's name in its
        seat (or area): the quote is printed with the name as written, misspelt in print."""
        places: list[tuple[str, tuple[Quote, ...], tuple[str, ...], tuple[Any, ...]]] = [
            (name, note.quotes, (name,), ("seats", name)) for name, note in self.seats.items()
        ]
        places += [(name, area.quotes, area.seats, ("areas", name)) for name, area in self.areas.items()]
        warnings = []
        for place, quotes, seats, path in places:
            if not quotes or any(normalise(seat) not in by_seat for seat in seats):
                continue  # this run does not have the candidates
            known = {k: v for seat in seats for k, v in by_seat[normalise(seat)].items()}
            for i, quote in enumerate(quotes):
                close = _near_miss(quote.speaker, known)
                if close is not None:
                    at = (*path, "quotes", i, "speaker")
                    warnings.append(
                        f"{_at(file, _line(lines, at), at)}: no candidate called {quote.speaker!r} in {place} "
                        f"(did you mean {close!r}?); the quote is printed with the name as written "
                        "(if the speaker is someone else, nothing needs changing)"
                    )
        return warnings

    def _where(self) -> tuple[str, dict[tuple[Any, ...], int]]:
        if self._source is None:
            return "<context>", {}
        file, text = self._source
        return file, _yaml_lines(text, file=file)


#: no context file (its defaults, taken as they are: nothing to validate)
EMPTY = Context.model_construct()


def _line(lines: Mapping[tuple[Any, ...], int], path: tuple[Any, ...]) -> int | None:
    """The line of the key at ``path``, or of the nearest enclosing key the map has."""
    for cut in range(len(path), -1, -1):
        if path[:cut] in lines:
            return lines[path[:cut]]
    return None


def _at(file: str, line: int | None, path: tuple[Any, ...]) -> str:
    """ "FILE, line N, key a.b.c" """
    where = f"line {line}, " if line else ""
    return f"{file}, {where}key {'.'.join(str(p) for p in path) or '(top level)'}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _suggest(name: str, known: Mapping[str, str]) -> str:
    """(did you mean 'X'?) from the known names (keyed by their normalised form), or ""."""
    key = normalise(name)
    scored = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in known), reverse=True)[:3]
    close = [k for score, k in scored if score >= max(0.6, scored[0][0] - 0.05)] if scored else []
    if not close:
        close = [k for k in known if key and key in k][:3]
    return " (did you mean " + " or ".join(repr(known[c]) for c in close) + "?)" if close else ""


#: words before a name that do not make it another person's ("Sir Keir Starmer")
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "cllr"}
)


def _near_miss(speaker: str, known: Mapping[str, str]) -> str | None:
    """The candidate (of ``known``, keyed by normalised name) whose name ``speaker`` nearly
    but not quite is, as in "Ana Firth" for "Anna Firth"; None for a candidate or a stranger."""
    words = normalise(speaker).split()
    while words and words[0] in _TITLES:
        words = words[1:]
    if not words:
        return None
    name = " ".join(words)
    for key in known:
        size = len(key.split())
        if any(" ".join(words[i : i + size]) == key for i in range(len(words) - size + 1)):
            return None  # the candidate, perhaps with a title or a middle name
    scored = [(difflib.SequenceMatcher(None, name, key).ratio(), key) for key in known]
    best = max(scored, default=(0.0, ""))
    return known[best[1]] if best[0] >= 0.85 else None


def _loader() -> type:
    """PyYAML's safe loader, refusing what no context file needs (see the module's notes)."""
    import yaml

    class Guarded(yaml.SafeLoader):
        file = "<context>"

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0
            self.added = 0  # values the aliases add to the document
            self.open: list[str | None] = []  # anchors of the collections being read
            self.sizes: dict[int, tuple[int, int]] = {}  # node id -> (values, depth)

        def refuse(self, mark: Any, problem: str, hint: str) -> ContextError:
            return ContextError(f"{self.file}, line {mark.line + 1}: {problem}", hint=hint)

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                if event.anchor in self.open:
                    raise self.refuse(
                        event.start_mark,
                        f"the alias *{event.anchor} is inside the value &{event.anchor} it names, "
                        "so the value would contain itself forever",
                        "write the value out, or point the alias at something outside it",
                    )
                node = self.anchors.get(event.anchor)
                if node is not None:  # else PyYAML reports the undefined alias
                    values, depth = self.measure(node)
                    self.added += values
                    if self.depth + depth > MAX_DEPTH:
                        raise self.too_deep(event.start_mark)
                    if self.added > MAX_ALIAS_VALUES:
                        raise self.refuse(
                            event.start_mark,
                            f"its aliases (*{event.anchor} and the others) would expand the file by more than "
                            f"{MAX_ALIAS_VALUES:,} values (a 'billion laughs' file?)",
                            "write the values out, or use fewer aliases: a context file needs a few",
                        )
                return super().compose_node(parent, index)
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise self.too_deep(self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def too_deep(self, mark: Any) -> ContextError:
            return self.refuse(
                mark,
                f"nested more than {MAX_DEPTH} levels deep (a context file needs 6: the file, seats, "
                "a seat, quotes, a quote, its text)",
                "check the brackets and indentation there",
            )

        def measure(self, node: Any) -> tuple[int, int]:
            """How many values a (complete) node holds, aliases expanded, and how deep it goes."""
            known = self.sizes.get(id(node))
            if known is None:
                if isinstance(node, yaml.ScalarNode):
                    known = (1, 1)
                else:
                    children = (
                        [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
                    )
                    sizes = [self.measure(c) for c in children]
                    known = (1 + sum(v for v, _ in sizes), 1 + max((d for _, d in sizes), default=0))
                self.sizes[id(node)] = known
            return known

        def compose_sequence_node(self, anchor: str | None) -> Any:
            self.open.append(anchor)
            try:
                return super().compose_sequence_node(anchor)
            finally:
                self.open.pop()

        def compose_mapping_node(self, anchor: str | None) -> Any:
            self.open.append(anchor)
            try:
                node = super().compose_mapping_node(anchor)
            finally:
                self.open.pop()
            seen: dict[str, Any] = {}
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in seen:
                        raise self.refuse(
                            key.start_mark,
                            f"the key {key.value!r} appears twice in one mapping "
                            f"(first on line {seen[key.value].line + 1}); the second would silently replace the first",
                            "merge the two entries into one",
                        )
                    seen[key.value] = key.start_mark
            return node

    return Guarded


def _compose(text: str, file: str) -> Any:
    """The document's node graph, read by the guarded loader (raises ContextError, YAMLError)."""
    loader = _loader()(text)
    loader.file = file
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _yaml_lines(text: str, *, file: str = "<context>") -> dict[tuple[Any, ...], int]:
    """Map each key path in a YAML document to its 1-based line number."""
    import yaml

    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    try:
        root = _compose(text, file)
    except (yaml.YAMLError, ContextError):
        return lines
    if root is not None:
        walk(root, ())
    return lines


def load_context(path: str | Path) -> Context:
    """Read and validate a context file (YAML or JSON)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ContextError(
                f"{path}: is larger than {MAX_BYTES // (1024 * 1024)} MB, too big for a context file",
                hint="check the --context path: a context file for every seat is well under 1 MB",
            )
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise ContextError(f"{path}: context file not found", hint="check the --context path") from None
    except UnicodeDecodeError:
        raise ContextError(f"{path}: is not UTF-8 text", hint="save the context file as UTF-8") from None
    except IsADirectoryError:
        raise ContextError(f"{path}: is a folder, not a context file", hint="check the --context path") from None
    except OSError as exc:
        raise ContextError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_context(text, file=str(path))


def parse_context(text: str, *, file: str = "<context>") -> Context:
    import yaml  # JSON is YAML too

    if len(text) > MAX_BYTES:
        raise ContextError(f"{file}: is larger than {MAX_BYTES // (1024 * 1024)} MB, too big for a context file")
    loader = _loader()(text)
    loader.file = file
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContextError(
            f"{file}{line}: not valid YAML or JSON ({problem})", hint="check quoting and indentation there"
        ) from None
    except ValueError as exc:  # a number Python will not read, e.g. one of 5,000 digits
        raise ContextError(f"{file}: a value cannot be read ({exc})", hint="check the numbers in the file") from None
    finally:
        loader.dispose()
    if data is None:
        return EMPTY
    if not isinstance(data, dict):
        raise ContextError(
            f"{file}, line 1: expected a mapping with candidates/seats/areas/predecessors, got {type(data).__name__}"
        )
    try:
        context = Context.model_validate(data)
    except ValidationError as exc:
        lines = _yaml_lines(text, file=file)
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key (allowed keys are listed in the README's context section)"
            problems.append(f"{_at(file, _line(lines, loc), loc)}: {msg}")
        raise ContextError("context file has mistakes:\n  " + "\n  ".join(problems)) from None
    _same_seat_twice(context, file, text)
    context._source = (file, text)
    return context


def _same_seat_twice(context: Context, file: str, text: str) -> None:
    """Refuse two keys that name one seat ("Southend West and Leigh" and "Southend West &
    Leigh"): only the first would be used, the other's quotes or predecessors silently lost."""
    lines: dict[tuple[Any, ...], int] | None = None
    for section, names in (("seats", context.seats), ("predecessors", context.predecessors)):
        first: dict[str, str] = {}
        for name in names:
            other = first.setdefault(normalise(name), name)
            if other == name:
                continue
            lines = _yaml_lines(text, file=file) if lines is None else lines
            at = (section, name)
            raise ContextError(
                f"{_at(file, _line(lines, at), at)}: {name!r} is the same seat as {other!r} "
                f"(line {_line(lines, (section, other))}); only the first would be used",
                hint="merge the two entries into one",
            )
