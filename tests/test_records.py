"""Loading the Commons Library files, baselines and predecessor seats."""

from __future__ import annotations

import json

import pytest

from newsgen.baselines.predecessors import derive_predecessor
from newsgen.baselines.provider import build_cache
from newsgen.pipeline import Dataset
from newsgen.readers.commons_library import load_results
from newsgen.resources import BASELINE_CACHE_2024, DEFAULT_RESULTS, bundled
from tests.conftest import FIXTURES


def test_2024_file_loads_every_seat_and_candidate() -> None:
    loaded = load_results(bundled(DEFAULT_RESULTS))
    contests = loaded.election.contests
    assert len(contests) == 650 and not loaded.rejected
    assert sum(len(c.candidates) for c in contests) == 4515
    for c in contests:
        assert sum(x.votes for x in c.candidates) == c.valid_votes, c.name


def test_early_download_decodes_html_entities() -> None:
    path = FIXTURES / "ge2024-early-download" / "candidate-level-results-general-election-04-07-2024.csv"
    raw = path.read_text(encoding="utf-8-sig")
    assert "&#39;" in raw
    names = [c.name for contest in load_results(path).election.contests for c in contest.candidates]
    assert not [n for n in names if "&#" in n or "&amp;" in n]
    assert any("O'" in n for n in names)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("Southend West and Leigh", ("Southend West", "name plus a place")),
        ("Southend East and Rochford", ("Rochford and Southend East", "same words")),
        ("Chorley", ("Chorley", "same name")),
        ("Aberafan Maesteg", None),
    ],
)
def test_predecessor_rules(new: str, expected: tuple[str, str] | None) -> None:
    olds = [
        c.name
        for c in load_results(
            FIXTURES / "ge-earlier" / "candidate-level-results-general-election-12-12-2019.csv"
        ).election.contests
    ]
    assert derive_predecessor(new, olds) == expected


def test_newsroom_file_overrides_predecessors() -> None:
    from newsgen.context import parse_context

    ctx = parse_context("predecessors:\n  Aberafan Maesteg: [Aberavon]\n")
    facts = Dataset(context=ctx).facts("Aberafan Maesteg")
    assert facts.predecessor == "Aberavon" and facts.predecessor_rule == "newsroom file"
    # Aberavon 2019 in the Commons Library file: electorate 50,750, valid 31,598, invalid 82
    assert facts.predecessor_turnout == round(100 * (31598 + 82) / 50750, 2)


def test_southend_turnout_baselines(dataset: Dataset) -> None:
    f = dataset.facts("Southend West and Leigh")
    assert round(f.turnout, 2) == 62.71
    assert f.predecessor == "Southend West" and f.predecessor_turnout == 67.78
    assert f.baseline_turnout == 66.9  # the notional figure, also kept
    assert f.winner.title == "Mr" and f.candidates[1].title == "Ms"


def test_shipped_baseline_cache_matches_a_fresh_build() -> None:
    shipped = json.loads(bundled(BASELINE_CACHE_2024).read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(build_cache(load_results(bundled(DEFAULT_RESULTS)).election)))
    assert shipped == fresh, "run `python -m newsgen.baselines` to rebuild fixtures/ge2024/baselines-2024.json"


def test_loading_only_some_seats_gives_the_same_story(dataset: Dataset) -> None:
    from newsgen.outputs import render

    few = Dataset(only=["Clacton", "North Herefordshire"])
    assert sorted(few.seat_names) == ["Clacton", "North Herefordshire"]
    assert len(few.loaded.all_seats) == 650
    for seat in ("Clacton", "North Herefordshire"):
        assert render(few.story([seat]), "json") == render(dataset.story([seat]), "json")
    # party seat counts still cover the whole file (Reform UK won five seats)
    assert few.facts("Clacton").seat_count_for_party == 5


def test_context_thresholds_reach_the_angles() -> None:
    from newsgen.context import parse_context

    strict = Dataset(
        context=parse_context("thresholds:\n  narrow_majority_votes: 2000\n"), only=["Southend West and Leigh"]
    )
    _, ranked, _, _ = strict.angles(["Southend West and Leigh"])  # majority 1,949
    assert "narrow_majority" in {a.id for a in ranked}


def test_facts_to_dict_matches_dataclasses_asdict(dataset: Dataset) -> None:
    from dataclasses import asdict

    for seat in dataset.seat_names:
        facts = dataset.facts(seat)
        expected = asdict(facts)
        expected["winner"] = facts.winner.name
        got = facts.to_dict()
        assert got == expected, seat
        assert list(got) == list(expected), seat  # the key order JSON output prints
        assert [list(c) for c in got["candidates"]] == [list(c) for c in expected["candidates"]], seat


def test_forget_facts_derives_the_same_facts_again(dataset: Dataset) -> None:
    before = dataset.facts("Chorley")
    dataset.forget_facts()
    after = dataset.facts("Chorley")
    assert after is not before and after == before
