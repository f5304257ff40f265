"""The shortcuts a warm story takes give what the plain code gives.

Each is kept because it is faster, never because it answers differently: the cue words a
figure is read with (kept by wording), the values of a candidate (indexed by candidate),
the scans of a whole text for names, figures, verbs and capitals, the facts' dicts and
constructors written for each class, and the call of a story's ``ref``.
"""

from __future__ import annotations

import dataclasses

import jinja2
import pytest

from newsgen.facts.seat import CandidateFacts, HistoryFacts, SeatFacts, _builder, _field_names, _record
from newsgen.pipeline import Dataset
from newsgen.render.compose import Mentions
from newsgen.render.environment import _plain_callable, get_environment
from newsgen.verify import check_text, claims
from newsgen.verify.claims import _cues, _majority_cue, _qualifier, _unit, verb_indices
from newsgen.verify.lexicon import Lexicon
from newsgen.verify.names import capitals
from newsgen.verify.tokens import Figure, figures, numeric, sentences, tokenise
from newsgen.verify.values import Values

SEATS = ("North Herefordshire", "Chorley", "Southend West and Leigh", "Ynys Môn", "Islington North")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset(only=list(SEATS))


@pytest.fixture(scope="module")
def stories(dataset: Dataset) -> list[tuple[str, list[dict]]]:  # type: ignore[type-arg]
    out = []
    for name in SEATS:
        story = dataset.story([name], provenance=False)
        out.append((story.text, list(story.facts)))
    return out


def test_the_cues_kept_by_wording_are_those_read_afresh_and_the_keeping_starts_again_when_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(claims, "_CUES", {})
    monkeypatch.setattr(claims, "_CUES_MAX", 3)
    cases = [
        (["a", "majority", "of"], ["over", "the"], Figure(0, 0, 1949.0, None, grouped=True)),
        (["up"], ["percentage", "points"], Figure(0, 0, 3.2, 1)),
        (["more", "than"], ["votes"], Figure(0, 0, 4000.0, None, grouped=True)),
        (["came"], ["place"], Figure(0, 0, 3.0, None, ordinal=True, word=True)),
        (["the"], [], Figure(0, 0, 5.1, 1, sign="-")),
    ]
    for _ in range(2):  # the second time, from what is kept (or read again: the cache was full)
        for before, after, fig in cases:
            unit = _unit(after, fig)
            fresh = (unit, _qualifier(before), fig.sign or ("+" if "up" in before else ""))
            assert _cues(before, after, fig) == (*fresh, _majority_cue(before, after, unit))
            assert len(claims._CUES) <= 3


def test_a_candidates_values_come_from_the_index_in_the_order_the_plain_filter_gives(
    stories: list[tuple[str, list[dict]]],  # type: ignore[type-arg]
) -> None:
    for _, facts in stories:
        values = Values(facts)
        people = [(0, i) for i in range(len(facts[0]["candidates"]))]
        for kind, role in [("votes", "votes"), ("percent", "share"), ("points", "share change"), ("position", None)]:
            plain = values.of_kind(kind) if role is None else values.of_role(kind, role)
            for whose in ([people[0]], people[1:3], list(reversed(people)), [(0, 99)], []):
                roles = None if role is None else [role]
                want = [v for v in plain if v.candidate is not None and (v.seat, v.candidate) in set(whose)]
                assert values.find(kind, roles=roles, whose=whose) == want


def test_the_whole_text_scans_find_what_each_sentence_would(stories: list[tuple[str, list[dict]]]) -> None:  # type: ignore[type-arg]
    for text, facts in stories:
        tokens = tokenise(text)
        lows = [t.low for t in tokens]
        lexicon = Lexicon(facts)
        assert numeric(tokens) == [i for i, t in enumerate(tokens) if t.numeric]
        assert capitals(tokens) == [i for i, t in enumerate(tokens) if t.kind == "word" and t.capital]
        assert verb_indices(lows) == [i for i, low in enumerate(lows) if low in claims._VERBS]
        starts = lexicon.starts(lows)
        for first, end in sentences(tokens):
            inside = [k for k in starts if first <= k < end]
            assert lexicon.entities(tokens, first, end, inside) == lexicon.entities(tokens, first, end)
            nums = [k for k in numeric(tokens) if first <= k < end]
            assert figures(tokens, first, end, nums) == figures(tokens, first, end)
        assert check_text(text, facts).ok


def test_the_facts_dicts_and_constructors_written_for_each_class_are_the_dataclasses_own(dataset: Dataset) -> None:
    for name in SEATS:
        f = dataset.facts(name)
        assert dataclasses.replace(f) == f  # the class's own __init__ makes the same facts
        assert f.to_dict()["candidates"][0] == {
            **dataclasses.asdict(f.candidates[0]),
            "party": dataclasses.asdict(f.candidates[0].party),
        }
        for value in (f, f.candidates[0], f.winning_party, f.history):
            if value is not None:
                assert list(_record(value)) == list(_field_names(type(value)))
    made = _builder(HistoryFacts)(seats=("A",), first_year=1918, last_year=2019, elections=27, winner_group_won=True,
                                  winner_group_last_won=2019, single_group=None, single_group_name=None,
                                  loser_run_since=None)  # fmt: skip
    assert made == HistoryFacts(("A",), 1918, 2019, 27, True, 2019, None, None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.first_year = 1  # type: ignore[misc]
    seat = dataset.facts(SEATS[0])
    again = _builder(SeatFacts)(**{k: getattr(seat, k) for k in _field_names(SeatFacts) if k != "extras"})
    assert (
        again == seat
        and again.extras == {}
        and again.extras
        is not _builder(SeatFacts)(**{k: getattr(seat, k) for k in _field_names(SeatFacts) if k != "extras"}).extras
    )  # a dict of its own each time, as field(default_factory=dict) gives
    assert isinstance(seat.candidates[0], CandidateFacts)


def test_ref_is_called_straight_away_and_a_callable_asking_for_the_context_still_gets_it() -> None:
    assert _plain_callable(Mentions)

    class Asks:
        __slots__ = ()

        @jinja2.pass_context
        def __call__(self, context: jinja2.runtime.Context) -> str:
            return str(context["x"])

    class Loose:  # instances have dictionaries: each may say for itself
        def __call__(self) -> str:
            return "loose"

    assert not _plain_callable(Asks) and not _plain_callable(Loose)
    env = get_environment()
    template = env.from_string("{{ ref(c) }} {{ asks() }} {{ loose() }}")
    c = dataclasses.make_dataclass("C", ["name", "honorific", "title", "given_name", "family_name"])
    out = template.render(
        ref=Mentions(), asks=Asks(), loose=Loose(), x="context", c=c("Jo Bloggs", None, "Ms", "Jo", "Bloggs")
    )
    assert out == "Jo Bloggs context loose"
