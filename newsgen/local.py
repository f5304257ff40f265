"""A council election loaded once: its wards' and councils' facts, by the name a story asks for.

:class:`~newsgen.pipeline.Dataset` hands a local election (or a ward by-election) to this
class: each ward has its story, and each council a story of its own named after it
("Trafford Council"). Facts come from :mod:`newsgen.facts.ward` and
:mod:`newsgen.facts.council`, with the council's history replayed from the same file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cached_property

from newsgen.baselines.names import normalise
from newsgen.context import Context
from newsgen.facts.council import (
    CouncilFacts,
    Replay,
    council_from_totals,
    derive_council_facts,
    replay,
    with_newsroom_state,
)
from newsgen.facts.people import Career, careers
from newsgen.facts.ward import WardFacts, derive_ward_facts
from newsgen.readers.common import LoadedResults
from newsgen.records.models import Candidate, Contest, Council, Election

__all__ = ["LocalElection"]


class LocalElection:
    """The wards and councils of one local election, with the file's earlier elections."""

    def __init__(self, loaded: LoadedResults, context: Context | None = None) -> None:
        self.loaded = loaded
        self.context = context
        self.election = loaded.election
        self.councils: dict[str, Council] = {c.id: c for c in self.election.councils}
        self._wards = {normalise(c.name): c for c in self.election.contests}
        self._ward_ids = {c.seat_id.upper(): c for c in self.election.contests}
        self._council_names = {normalise(c.name): c for c in self.election.councils}
        self._council_ids = {c.id.upper(): c for c in self.election.councils}
        self._facts: dict[str, WardFacts | CouncilFacts] = {}
        #: councils whose result the source publishes whole (PA), by id
        self._totals = {t.council_id: t for t in self.election.council_totals}

    # -- names ---------------------------------------------------------------------------
    @property
    def story_names(self) -> list[str]:
        """Every ward, then every council (a council story only for an ordinary election)."""
        wards = [c.name for c in self.election.contests]
        if self.election.kind != "local":
            return wards  # a ward by-election, or a Scottish Parliament or Senedd election
        return wards + [c.name for c in self.election.councils]

    def ward(self, name: str) -> Contest | None:
        """A ward by its name, slug or GSS code."""
        return self._wards.get(normalise(name)) or self._ward_ids.get(name.strip().upper())

    def council(self, name: str) -> Council | None:
        """A council by its name ("Trafford Council"), slug or id ("trafford")."""
        return self._council_names.get(normalise(name)) or self._council_ids.get(name.strip().upper())

    def knows(self, name: str) -> bool:
        return self.ward(name) is not None or self.council(name) is not None

    # -- history -------------------------------------------------------------------------
    @cached_property
    def _by_council(self) -> dict[str, Election]:
        """This election's contests, council by council (each council's own election)."""
        contests: dict[str, list[Contest]] = {k: [] for k in self.councils}
        for c in self.election.contests:
            contests.setdefault(c.council_id or "", []).append(c)
        return {k: self.election.model_copy(update={"contests": tuple(v)}) for k, v in contests.items()}

    @cached_property
    def _earlier(self) -> dict[str, list[Election]]:
        """Each council's earlier elections in the file, with only its own contests."""
        return {
            council_id: [
                e.model_copy(update={"contests": tuple(c for c in e.contests if c.council_id == council_id)})
                for e in self.loaded.earlier
            ]
            for council_id in self.councils
        }

    @cached_property
    def _replays(self) -> dict[str, Replay]:
        """Each council's seats replayed from the file, through this election."""
        return {
            council_id: replay(self._by_council[council_id], self._earlier[council_id]) for council_id in self.councils
        }

    @cached_property
    def _previous(self) -> dict[str, tuple[Contest, dt.date]]:
        """Each ward's last contest in the file before this election, by GSS code."""
        out: dict[str, tuple[Contest, dt.date]] = {}
        for e in self.loaded.earlier:  # oldest first: later ones overwrite
            for c in e.contests:
                out[c.seat_id.removesuffix("-by")] = (c, e.polling_date)
        return out

    @cached_property
    def _careers(self) -> dict[str, list[Career]]:
        """For each ward (GSS code), each person's last win there and the last time they lost
        there after it (years), from the file's earlier contests: who is a former councillor."""
        contests: dict[str, list[tuple[int, tuple[Candidate, ...]]]] = {}
        for e in self.loaded.earlier:  # oldest first
            for contest in e.contests:
                contests.setdefault(contest.seat_id.removesuffix("-by"), []).append(
                    (e.polling_date.year, contest.candidates)
                )
        return {ward: careers(history) for ward, history in contests.items()}

    @cached_property
    def _won(self) -> dict[str, Counter[str]]:
        """Seats each party won in each council at this election."""
        out: dict[str, Counter[str]] = {}
        for c in self.election.contests:
            out.setdefault(c.council_id or "", Counter()).update(x.party_code for x in c.candidates if x.elected)
        return out

    # -- facts ---------------------------------------------------------------------------
    def forget(self) -> None:
        self._facts.clear()

    def facts(self, name: str) -> WardFacts | CouncilFacts:
        key = normalise(name)
        cached = self._facts.get(key)
        if cached is not None:
            return cached
        contest = self.ward(name)
        made: WardFacts | CouncilFacts
        if contest is not None:
            council = self.councils.get(contest.council_id or "")
            made = derive_ward_facts(
                contest,
                council=council.name if council else self.election.body,
                member=self.election.member,
                date=self.election.polling_date,
                source_file=self.election.source.file,
                replay=self._replays.get(contest.council_id or ""),
                previous=self._previous.get(contest.seat_id.removesuffix("-by")),
                council_won=self._won.get(contest.council_id or ""),
                careers=self._careers.get(contest.seat_id.removesuffix("-by"), []),
            )
        else:
            council = self.council(name)
            assert council is not None, name
            totals = self._totals.get(council.id)
            if totals is not None:
                made = council_from_totals(
                    self.election, council.id, council.name, totals, source_file=self.election.source.file
                )
                self._facts[key] = made
                return made
            made = derive_council_facts(
                self._by_council[council.id],
                council.id,
                council.name,
                self._replays[council.id],
                source_file=self.election.source.file,
                earlier=self._earlier[council.id],
            )
            note = self.context.council(council.name) if self.context else None
            if note is not None:
                made = with_newsroom_state(made, _codes(note.before), _codes(note.after))
        self._facts[key] = made
        return made


def _codes(seats: dict[str, int]) -> dict[str, int]:
    """A context file's seats by party name ("Labour", "Conservative" or "Con") by party code."""
    from newsgen.readers.parties import NAMES, canonical_party

    out: dict[str, int] = {}
    for name, n in seats.items():
        party = None if name in NAMES else canonical_party(name)
        code = name if name in NAMES else (party.code if party else "Ind")
        out[code] = out.get(code, 0) + n
    return out
