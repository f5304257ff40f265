"""The one entry point: results + context in, Story out.

    >>> from newsgen import generate
    >>> story = generate(["North Herefordshire"])

``Dataset`` holds a loaded results file and its baselines so that a batch or the
preview server pays for loading once; ``generate`` is a convenience over it.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from newsgen import arguments, resources
from newsgen.angles.engine import apply_choices, area_angles, seat_angles
from newsgen.angles.model import Angle
from newsgen.angles.thresholds import Thresholds
from newsgen.baselines.names import normalise
from newsgen.baselines.provider import BaselineProvider
from newsgen.context import EMPTY, Area, Context
from newsgen.errors import NewsgenError, UnknownSeatError
from newsgen.facts.seat import SeatFacts, derive_facts
from newsgen.facts.whoswho import WhosWho, whoswho_for
from newsgen.plan import Plan, make_plan
from newsgen.readers import LoadedResults, load_results
from newsgen.readers.commons_library import load_genders
from newsgen.records.models import Contest
from newsgen.render.compose import render_plan
from newsgen.render.environment import get_environment
from newsgen.render.style import get_style
from newsgen.story import Story

if TYPE_CHECKING:
    from newsgen.local import LocalElection
    from newsgen.options import StoryOptions

#: what :meth:`Dataset.angles` finds: the seats' facts, their angles (lead first), the area
Found = tuple[list[SeatFacts], list[Angle], str | None, Area | None]


class Dataset:
    """A results file, loaded once, with its baselines and the newsroom context."""

    def __init__(
        self,
        results: str | os.PathLike[str] | None = None,
        *,
        context: Context | str | os.PathLike[str] | None = None,
        thresholds: Thresholds | None = None,
        templates: str | os.PathLike[str] | None = None,
        only: Sequence[str] | None = None,
        election: str | None = None,
    ) -> None:
        """Load ``results``, from any source a reader knows.

        ``results`` is a path, a bundled name (``"ge2019"``, ``"trafford"``: see
        ``newsgen.resources.NAMED``) or None for the bundled 2024 file. ``context`` is a
        context file's path, a loaded :class:`~newsgen.context.Context`, or None; its seat
        names are checked against the results (a seat they lack raises ContextError; a
        candidate not standing is one of :attr:`warnings`). ``templates`` is a newsroom's
        folder of templates overriding the bundled ones. ``only`` loads just the named seats
        (what one story needs); the file is still read whole, so seat suggestions and party
        seat counts cover every seat. ``election`` picks one election (a date or an id) from
        a file that holds several.
        """
        self.results_path = arguments.results_path(results)
        self.context = arguments.context_of(context) or EMPTY
        self.thresholds = arguments.thresholds(thresholds) or self.context.thresholds
        self.templates = arguments.templates_folder(templates)
        election = arguments.election_choice(election)
        wanted = None if only is None else {normalise(s) for s in (arguments.seat_list(only) if only else ())}
        self._setup(load_results(self.results_path, genders=self._genders(), only=wanted, election=election))
        self.context_warnings = self._check_context() if self.context is not EMPTY else []

    def _check_context(self) -> list[str]:
        """Raise ContextError for a seat the context names that the results lack; the warnings
        for candidates it names who are not standing."""
        candidates = {c.name: [x.name for x in c.candidates] for c in self.election.contests}
        return self.context.check_against(self.loaded.all_seats, candidates, results=self.results_path.name)

    @property
    def warnings(self) -> list[str]:
        """What the loader and the context check found that does not stop a story, one message each."""
        return [*self.loaded.warnings, *self.context_warnings]

    def _setup(
        self,
        loaded: LoadedResults,
        provider: BaselineProvider | None = None,
        party_seat_counts: Counter[str] | None = None,
    ) -> None:
        self.loaded = loaded
        self.election = loaded.election
        self._by_key = {normalise(c.name): c for c in self.election.contests}
        #: seats by GSS code too: every output names them by it ("newsgen story E14001502")
        self._by_id = {c.seat_id.upper(): c for c in self.election.contests}
        self._facts: dict[str, SeatFacts] = {}
        #: a council election (its wards and councils), or a Scottish Parliament or Senedd
        #: election: contests written like wards, with no Westminster baselines
        self.local: LocalElection | None = None
        if self.election.kind not in ("general", "by-election"):
            from newsgen.local import LocalElection  # a council night's modules, imported when needed

            self.local = LocalElection(loaded, self.context)
        if self.local is not None:
            return
        if provider is None:
            provider = BaselineProvider(self.election, overrides=self.context.predecessors)
            if loaded.member_ids:
                # who stands anywhere: the whole file, also when ``only`` loaded a few seats (a
                # provider passed in, as a streamed batch's chunks share, already knows)
                provider.standing_members = loaded.member_ids
        self.provider = provider
        if party_seat_counts is not None:
            self.__dict__["_party_seat_counts"] = party_seat_counts

    @classmethod
    def from_loaded(
        cls,
        loaded: LoadedResults,
        *,
        results_path: str | Path,
        context: Context | None = None,
        thresholds: Thresholds | None = None,
        templates: str | Path | None = None,
        provider: BaselineProvider | None = None,
        party_seat_counts: Counter[str] | None = None,
    ) -> Dataset:
        """A Dataset over results parsed elsewhere: one chunk of a file streamed through a batch.

        ``provider`` (built for the same election year and context) is shared between chunks so
        its sources load once; ``party_seat_counts`` is the whole file's count of seats won by
        each party, which a chunk cannot see.
        """
        self = cls.__new__(cls)
        self.context_warnings = []
        self.results_path = Path(results_path)
        self.context = context or EMPTY
        self.thresholds = thresholds or self.context.thresholds
        self.templates = str(templates) if templates else None
        self._setup(loaded, provider, party_seat_counts)
        return self

    def _genders(self) -> dict[tuple[str, str, str], str] | None:
        # The by-candidate file (with gender) exists for 2024 only; read just its header date.
        try:
            with self.results_path.open("rb") as fh:
                head = fh.read(4000).decode("utf-8", "replace")
        except OSError:
            return None  # load_results reports the problem
        if "2024-07-04" not in head:
            return None
        return load_genders(resources.bundled(resources.GENDERS_2024))

    # -- seats -----------------------------------------------------------------------
    @property
    def seat_names(self) -> list[str]:
        """Every story a batch writes: the seats (a local election: its wards, then its councils)."""
        if self.local is not None:
            return self.local.story_names
        return [c.name for c in self.election.contests]

    def contest(self, name: str) -> Contest:
        """A seat by its name, its slug ("southend-west-and-leigh") or its GSS code."""
        found = self._by_key.get(normalise(name)) or self._by_id.get(name.strip().upper())
        if found is not None:
            return found
        self._unknown(name)

    def _unknown(self, name: str) -> NoReturn:
        """Raise UnknownSeatError for ``name``, suggesting the closest names (or the reason
        the file's seat of that name was set aside)."""
        rejected = {normalise(k): v for k, v in self.loaded.rejected.items()}
        if normalise(name) in rejected:
            raise rejected[normalise(name)][0]
        every = self.loaded.all_seats + ([c.name for c in self.election.councils] if self.local else [])
        close = difflib.get_close_matches(name, every, n=3, cutoff=0.6)
        if not close:
            lowered = normalise(name)
            close = [s for s in every if lowered and lowered in normalise(s)][:3]
        hint = (
            ("did you mean " + " or ".join(repr(c) for c in close) + "?")
            if close
            else "run `newsgen seats` to list them"
        )
        raise UnknownSeatError(f"no seat called {name!r} in {self.results_path.name}", hint=hint)

    @cached_property
    def _party_wins_before(self) -> set[str] | None:
        return self.provider.party_winners_before()

    @cached_property
    def _whoswho(self) -> WhosWho:
        """The bundled who's who for this election's year (empty for other elections)."""
        return whoswho_for(self.election.year)

    @cached_property
    def _party_seat_counts(self) -> Counter[str]:
        return Counter(self.loaded.winner_codes)

    def forget_facts(self) -> None:
        """Drop the derived facts kept per seat, so the next story derives them afresh
        (a benchmark timing the whole pipeline; a server after its baselines change)."""
        self._facts.clear()
        if self.local is not None:
            self.local.forget()

    def facts(self, name: str) -> SeatFacts:
        if self.local is not None:
            if not self.local.knows(name):
                self._unknown(name)
            return self.local.facts(name)  # type: ignore[return-value]
        contest = self.contest(name)
        cached = self._facts.get(contest.seat_id)
        if cached is None:
            baseline = self.provider.for_seat(contest)
            # the candidates' runs, and the predecessor's last MP's (an open seat: "MP since 2015")
            ids = [c.member_id for c in contest.candidates] + [p.winner_member_id for p in baseline.predecessors]
            tenures = {i: t for i in ids if i is not None and (t := self.provider.tenure(i)) is not None}
            cached = derive_facts(
                contest,
                baseline,
                year=self.election.year,
                tenures=tenures,
                records={
                    c.member_id: r
                    for c in contest.candidates
                    if c.member_id is not None and (r := self.provider.member_record(c.member_id))
                },
                standing=self.provider.standing_members,
                byelections=self.provider.byelections,
                whoswho=self._whoswho,
                context=self.context,
                party_wins_before=self._party_wins_before,
            )
            object.__setattr__(cached, "seat_count_for_party", self._party_seat_counts[cached.winning_party.code])
            if self.election.kind == "by-election":
                cached.extras["by_election"] = True  # against the last general election: the baseline
            self._facts[contest.seat_id] = cached
        return cached

    # -- stories ---------------------------------------------------------------------
    def angles(self, seats: Sequence[str]) -> Found:
        """The seats' facts and every angle that fires for them, lead first (and, for several
        seats, the context area they make up)."""
        facts = [self.facts(s) for s in _unique(seats)]
        if self.local is not None:
            from newsgen.angles.local import council_angles, ward_angles

            if len(facts) > 1:
                raise NewsgenError(
                    "a council election's stories are one ward or one council each",
                    hint="name one ward, or the council (e.g. 'Trafford Council') for the council's story",
                )
            f = facts[0]
            found = council_angles(f, self.thresholds) if f.kind == "council" else ward_angles(f, self.thresholds)  # type: ignore[arg-type]
            return facts, found, None, None
        if len(facts) == 1:
            return facts, seat_angles(facts[0], self.thresholds), None, None
        found = self.context.area_for([f.seat_name for f in facts])
        area_name, area = found if found else (None, None)
        return (
            facts,
            area_angles(
                facts,
                self.thresholds,
                area=area.place or area_name if area else None,
                place_never_won=self.provider.place_never_won,
            ),
            area_name,
            area,
        )

    def story(
        self,
        seats: str | Sequence[str],
        *,
        style: str | None = None,
        lead: str | None = None,
        dropped: str | Iterable[str] = (),
        choices_db: str | os.PathLike[str] | None = None,
        provenance: bool = True,
        defaults: StoryOptions | None = None,
    ) -> Story:
        """Render one story: a seat's (or ward's, or council's), or an area story for several seats.

        ``seats`` is one name or several, each a name, a GSS code or a slug. ``style`` is a
        house style (``local``, ``bbc``, ``newsquest``); ``lead`` an angle to lead on and
        ``dropped`` angles to leave out. These win over an editor's saved choices in
        ``choices_db``, which win over the run's ``defaults``; a default lead that does not
        fire for this story is left out (an explicit one that does not fire is an error).
        Every story is verified; ``provenance=False`` skips recording where
        each figure came from (``Story.provenance`` stays empty), for formats that do not
        print it. The steps are :meth:`angles`, :meth:`plan`, :meth:`render` and :meth:`verify`.
        """
        names = arguments.seat_list(seats)
        style = arguments.style_name(style)
        lead, dropped = arguments.angle_choices(lead, dropped)
        found = self.angles(names)
        if choices_db is not None:
            from newsgen.choices import ChoiceStore

            saved = ChoiceStore(choices_db, create=False).get(story_key([f.seat_id for f in found[0]]))
            if saved is not None:
                lead = lead or saved.lead
                dropped = dropped or tuple(saved.dropped)
                style = style or saved.style
        if defaults:
            dropped = tuple(dropped) or defaults.dropped
            style = style or defaults.style
            if lead is None and defaults.lead not in dropped and any(a.id == defaults.lead for a in found[1]):
                lead = defaults.lead
        plan = self.plan(found, lead=lead, dropped=dropped)
        return self.verify(self.render(plan, style), plan, provenance=provenance)

    def plan(self, found: Found, *, lead: str | None = None, dropped: Iterable[str] = ()) -> Plan:
        """The story's plan from what :meth:`angles` found, after an editor's lead and drops."""
        facts, ranked, area_name, area = found
        ranked = apply_choices(ranked, lead=lead, dropped=dropped)
        if self.local is not None:
            return Plan(kind=facts[0].kind, seats=tuple(facts), angles=tuple(ranked), sections=(), quotes=())
        return make_plan(facts, ranked, self.context, area_name=area_name, area=area)

    def render(self, plan: Plan, style: str | None = None) -> Story:
        """The plan written through the templates (not yet verified)."""
        if self.local is not None:
            from newsgen.render.local import render_local

            return render_local(plan, get_style(style), get_environment(self.templates), election=self.election)
        return render_plan(
            plan,
            get_style(style),
            get_environment(self.templates),
            election_date=self.election.polling_date.isoformat(),
        )

    def verify(self, story: Story, plan: Plan, *, provenance: bool = True) -> Story:
        """The story checked against its facts (raises VerificationError), with provenance."""
        from newsgen.verify import verify_story

        literals, speakers = self._context_strings
        return verify_story(story, plan.seats, literals=literals, speakers=speakers, provenance=provenance)

    @cached_property
    def _context_strings(self) -> tuple[list[str], list[str]]:
        from newsgen.verify import context_strings

        return context_strings(self.context)


def story_key(seat_ids: Sequence[str]) -> str:
    """The stable id of a story: its seats' GSS codes, sorted, joined by '+'."""
    return "+".join(sorted(seat_ids))


def _unique(seats: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(seats))


def generate(
    seats: str | Sequence[str],
    *,
    results: str | os.PathLike[str] | None = None,
    context: Context | str | os.PathLike[str] | None = None,
    style: str | None = None,
    lead: str | None = None,
    dropped: str | Iterable[str] = (),
    templates: str | os.PathLike[str] | None = None,
    election: str | None = None,
) -> Story:
    """Write the story for one seat (ward, council), or an area story for several seats.

    Loads the results each call: for more than one story, make a :class:`Dataset` once and
    call its :meth:`Dataset.story`. The arguments are those of :class:`Dataset` and
    :meth:`Dataset.story`.
    """
    names = arguments.seat_list(seats)
    dataset = Dataset(results, context=context, templates=templates, only=names, election=election)
    return dataset.story(names, style=style, lead=lead, dropped=dropped)
