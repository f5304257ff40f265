"""The values a story may print, read from the declaration in :mod:`newsgen.facts.declared`.

Each value keeps what it is (kind, role), whose it is (seat, candidate) and where it came
from, so that the verifier can ask for "Anna Firth's votes" or "the turnout" and not for
"any number of this seat", and provenance can name the field, seat, file and baseline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from newsgen.baselines.byelections import BYELECTIONS
from newsgen.facts.declared import DECLARED, Declared, declared_items, value_path
from newsgen.facts.published import HALF_UNIT, PLACES
from newsgen.render.filters import round_figure
from newsgen.resources import GE_FILES, HISTORY, NOTIONALS_2019

__all__ = ["Value", "Values", "matches", "rounding"]

_NOTIONALS = NOTIONALS_2019.rsplit("/", 1)[-1]
_HISTORY = HISTORY.rsplit("/", 1)[-1]
_BYELECTIONS = BYELECTIONS.rsplit("/", 1)[-1]
_GE = {year: path.rsplit("/", 1)[-1] for year, path in GE_FILES.items()}


class Value(NamedTuple):
    """One value a story may print. (Immutable: a named tuple, made some 80 times a story,
    builds in half the time a frozen dataclass takes.)"""

    declared: Declared
    value: Any
    seat: int  # index in the story's facts
    candidate: int | None  # index in the seat's candidates
    item: int | None = None  # index in a list of values ("earlier_elections[1]")

    @property
    def kind(self) -> str:
        return self.declared.kind

    @property
    def role(self) -> str:
        return self.declared.role

    @property
    def path(self) -> str:
        """The field it came from: "candidates[2].votes" (worked out for provenance only)."""
        return value_path(self.declared, self.candidate, self.item)


def _declared_by_kind() -> dict[str, tuple[Declared, ...]]:
    """The declarations of each kind, in the declaration's order."""
    out: dict[str, list[Declared]] = {}
    for d in DECLARED:
        out.setdefault(d.kind, []).append(d)
    return {kind: tuple(ds) for kind, ds in out.items()}


_BY_KIND = _declared_by_kind()
_SEATS = Declared("len(seats)", "seats", "story seats", "seat", "result", about="seats in the story")


class Values:
    """The story's declared values by kind, each kind read from the facts when first asked for
    (a story asks for a few kinds of the many declared), and by kind and role."""

    def __init__(self, facts: Sequence[Mapping[str, Any]]) -> None:
        self.facts = facts
        self._by_kind: dict[str, list[Value]] = {}
        self._by_role: dict[tuple[str, str], list[Value]] = {}
        #: (kind, role or None) -> each candidate's (seat, index) -> (place in the list, value)
        self._by_person: dict[tuple[str, str | None], dict[tuple[int, int], list[tuple[int, Value]]]] = {}

    def of_kind(self, kind: str) -> list[Value]:
        """Every value of ``kind``, seat by seat in the declaration's order."""
        found = self._by_kind.get(kind)
        if found is None:
            found = self._by_kind[kind] = self._read(kind)
        return found

    def _read(self, kind: str) -> list[Value]:
        out: list[Value] = []
        declared = _BY_KIND.get(kind, ())
        shares = kind in ("percent", "points")
        new = tuple.__new__  # (the named tuple's own __new__ is a Python function)
        for n, f in enumerate(self.facts):
            if shares and not (f["valid_votes"] or f["invalid_votes"] or f.get("turnout_published")):
                continue  # an uncontested seat has no shares or turnout to print (unless published)
            out.extend([new(Value, (d, value, n, cand, item)) for d, value, cand, item in declared_items(f, declared)])
        if kind == "seats":
            out.append(Value(_SEATS, len(self.facts), 0, None))
        return out

    def find(
        self,
        kind: str,
        *,
        roles: Sequence[str] | None = None,
        whose: Iterable[tuple[int, int]] | None = None,
        seat_level: bool = False,
    ) -> list[Value]:
        """Values of ``kind``, of one of ``roles``, of the candidates ``whose`` (seat, index)."""
        if whose is not None and (roles is None or len(roles) == 1):
            return self._of_people(kind, None if roles is None else roles[0], whose)
        if roles is None:
            out = self.of_kind(kind)
        elif len(roles) == 1:
            out = self.of_role(kind, roles[0])
        else:
            wanted = set(roles)
            out = [v for v in self.of_kind(kind) if v.declared.role in wanted]
        if whose is not None:
            people = set(whose)
            out = [v for v in out if v.candidate is not None and (v.seat, v.candidate) in people]
        elif seat_level:
            out = [v for v in out if v.candidate is None]
        return out

    def _of_people(self, kind: str, role: str | None, whose: Iterable[tuple[int, int]]) -> list[Value]:
        """The values of ``kind`` (and ``role``) of the candidates ``whose``, in the order
        :meth:`of_kind` gives them: what :meth:`find` filters them to, from an index."""
        index = self._by_person.get((kind, role))
        if index is None:
            index = self._by_person[kind, role] = {}
            for at, v in enumerate(self.of_kind(kind) if role is None else self.of_role(kind, role)):
                if v.candidate is not None:
                    index.setdefault((v.seat, v.candidate), []).append((at, v))
        found = [index[p] for p in set(whose) if p in index]
        if len(found) == 1:
            return [v for _, v in found[0]]
        return [v for _, v in sorted(chain.from_iterable(found), key=itemgetter(0))]

    def of_role(self, kind: str, role: str) -> list[Value]:
        """Every value of ``kind`` and ``role``, in :meth:`of_kind`'s order."""
        found = self._by_role.get((kind, role))
        if found is None:
            found = self._by_role[kind, role] = [v for v in self.of_kind(kind) if v.declared.role == role]
        return found

    def source(self, v: Value) -> dict[str, Any]:
        """Where a value came from: field, seat, GSS code, file, row, baseline."""
        f = self.facts[v.seat]
        out: dict[str, Any] = {"field": v.path, "seat": f["seat_name"], "seat_id": f["seat_id"]}
        source = f["source_file"]
        where = v.declared.source
        if where == "baseline":
            out["baseline"] = f"{f['baseline_kind']} {f['baseline_year']}"
            if not v.path.startswith("candidates["):
                source = _NOTIONALS if f["baseline_kind"] == "notional" else _GE.get(f["baseline_year"], source)
        elif where == "predecessor":
            out["baseline"] = f"predecessor seat {f['predecessor']} {f['baseline_year']}"
            source = _GE.get(f["baseline_year"], source)
        elif where == "history":
            source = _HISTORY
        elif where == "byelections":  # a by-election's year, or the general election the MP last won
            by = v.candidate is not None or v.path == "byelection_gain_year" or f.get("departing_mp_byelection")
            source = _BYELECTIONS if by else _GE.get(v.value, source)
        elif where == "earlier":
            source = ", ".join(_GE[y] for y in sorted(_GE) if y < f["year"]) or source
        out["source"] = source
        if v.candidate is not None:
            c = f["candidates"][v.candidate]
            out["candidate"] = c["name"]
            if c.get("row"):
                out["row"] = c["row"]
        return out


def _steps(value: int) -> Iterable[int]:
    return (s for s in (10, 100, 1000, 10000, 100000) if value >= s)


def matches(v: Value, printed: float, places: int | None, qualifier: str, sign: str) -> bool:
    """Does the fact ``v`` print as ``printed`` (with ``places`` decimals), read with ``qualifier``?

    ``qualifier``: "" (exact), "over" ("more than 4,000": the value rounded down, and more than
    the figure), "under" ("nearly 2,000": rounded up, and less), "about" (to the nearest 10,
    100, 1,000...). ``sign`` "+"/"-" for a rise or a fall the text states.
    """
    value = v.value
    if isinstance(value, bool):
        return False
    if v.declared.kind in ("percent", "points"):
        x = float(value)
        if v.declared.signed:
            if sign == "+" and not x > 0:
                return False
            if sign == "-" and not x < 0:
                return False
            x = abs(x)
        elif sign == "-":
            return False
        p = places or 0
        text = f"{x:.{p}f}"
        target = f"{printed:.{p}f}"
        if not qualifier:
            return text == target or _published_as(x, p, target)
        step = 10.0**-p
        if qualifier == "over":
            return printed < x < printed + step * 10
        if qualifier == "under":
            return printed - step * 10 < x < printed
        return abs(x - printed) <= step * 5
    if places is not None or printed != int(printed):
        return False
    n = int(printed)
    value = int(value)
    if not qualifier:
        return value == n
    if qualifier == "over":
        return value > n and (round_figure(value) == n or any(value // s * s == n for s in _steps(value)))
    if qualifier == "under":
        return value < n and any(-(-value // s) * s == n for s in (10, 100, 1000, 10000, 100000))
    return any(round(value / s) * s == n for s in _steps(value)) or value == n


def _published_as(x: float, places: int, target: str) -> bool:
    """Could the unrounded value of a figure published to PLACES places (a JSON story's facts,
    :mod:`newsgen.facts.published`) print as ``target``? The published -9.45 stands for the
    -9.450000000000003 a story printed as "9.5"."""
    if places >= PLACES:
        return False
    return f"{x - HALF_UNIT:.{places}f}" == target or f"{x + HALF_UNIT:.{places}f}" == target


def rounding(v: Value, printed: float, qualifier: str) -> str:
    """How a rounded figure was rounded, for provenance: "rounded down", "to the nearest 1,000"."""
    if qualifier == "over":
        return "rounded down"
    if qualifier == "under":
        return "rounded up"
    if v.declared.kind in ("percent", "points"):
        return "rounded"
    value = int(v.value)
    for s in _steps(value):
        if round(value / s) * s == int(printed):
            return f"to the nearest {s:,}"
    return "rounded"
