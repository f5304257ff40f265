"""Property tests over generated results files (Hypothesis).

Any valid input yields a verified story with no ``None``/``nan``/template syntax, whose
figures equal the facts; any invalid input yields one of the project's own errors. The
default run tries a few hundred examples; ``pytest -m slow tests/test_properties.py`` runs
10,000 of each.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.errors import DataError, NewsgenError
from newsgen.pipeline import Dataset
from newsgen.records.loader import COLUMNS, parse_results

DEFAULT_EXAMPLES = 150
SLOW_EXAMPLES = 10_000
HEADER = [*COLUMNS, "Majority", "Candidate vote share"]
# real seats (so the notional and predecessor baselines join) and made-up ones (so they do not)
SEATS = [
    ("Southend West and Leigh", "E14001502", "England", "East of England"),
    ("Chorley", "E14001170", "England", "North West"),
    ("Ynys Môn", "W07000112", "Wales", ""),
    ("Belfast South and Mid Down", "N05000009", "Northern Ireland", ""),
    ("Glasgow North", "S14000090", "Scotland", ""),
    ("Newtown St Boswells and Melrose", "E99000001", "England", "South West"),
    ("Llanfair-ym-Muallt", "W99000002", "Wales", ""),
]
PARTIES = [
    ("Lab", "Labour"),
    ("Con", "Conservative"),
    ("LD", "Liberal Democrat"),
    ("Green", "Green Party"),
    ("RUK", "Reform UK"),
    ("SNP", "Scottish National Party"),
    ("PC", "Plaid Cymru"),
    ("", ""),  # independent
    ("XYZ", "Party of Somewhere"),  # a code newsgen does not know: a warning only
]
GIVEN = ["Anna", "David", "Zoë", "Seán", "Áine", "Mary-Jane", "D'Arcy", "Kemi", "Órfhlaith", "Li", "Jo"]
FAMILY = ["Firth", "O'Brien", "O&#39;Neill", "Smith-Jones", "Núñez", "Da Costa", "McDonald", "Burton-Sampson", "Ng"]
_BAD_TEXT = re.compile(r"\bNone\b|\bnan\b|\{\{|\}\}|\{%|%\}|&#39;|&amp;")


@dataclass(frozen=True)
class Cand:
    given: str
    family: str
    code: str
    party: str
    votes: int
    speaker: bool = False
    sitting: bool = False


@dataclass(frozen=True)
class Seat:
    name: str
    gss: str
    country: str
    region: str
    electorate: int
    invalid: int
    cands: tuple[Cand, ...]
    summary: str


@st.composite
def seats(draw: st.DrawFn, name: tuple[str, str, str, str]) -> Seat:
    n = draw(st.integers(1, 8))
    people = draw(
        st.lists(st.tuples(st.sampled_from(GIVEN), st.sampled_from(FAMILY)), min_size=n, max_size=n, unique=True)
    )
    if n == 1:
        votes = [draw(st.sampled_from([0, draw(st.integers(1, 60_000))]))]
    else:
        votes = sorted(draw(st.lists(st.integers(0, 60_000), min_size=n, max_size=n)), reverse=True)
        if votes[0] == 0:
            votes[0] = draw(st.integers(1, 60_000))
    parties = [draw(st.sampled_from(PARTIES)) for _ in range(n)]
    speaker = draw(st.booleans()) and draw(st.booleans())
    cands = []
    for i, ((given_name, family), (code, party), v) in enumerate(zip(people, parties, votes, strict=True)):
        is_speaker = speaker and i == 0
        cands.append(
            Cand(
                given_name,
                family,
                "" if is_speaker else code,
                "" if is_speaker else party,
                v,
                speaker=is_speaker,
                sitting=draw(st.booleans()),
            )
        )
    valid = sum(votes)
    invalid = 0 if valid == 0 else draw(st.integers(0, 400))
    electorate = draw(st.integers(max(valid + invalid, 1), max(valid + invalid, 1) * 3 + 1000))
    winner = "Spk" if speaker else (cands[0].code or "Ind")
    loser = draw(st.sampled_from(["Lab", "Con", "LD", "SNP", "Ind", winner]))
    summary = f"{winner} hold" if loser == winner else f"{winner} gain from {loser}"
    return Seat(*name, electorate=electorate, invalid=invalid, cands=tuple(cands), summary=summary)


results_files = st.lists(st.sampled_from(SEATS), min_size=1, max_size=3, unique=True).flatmap(
    lambda names: st.tuples(*(seats(n) for n in names))
)


def rows(seats_: tuple[Seat, ...]) -> list[dict[str, str]]:
    out = []
    for s in seats_:
        valid = sum(c.votes for c in s.cands)
        uncontested = len(s.cands) == 1 and valid == 0
        majority = s.cands[0].votes - s.cands[1].votes if len(s.cands) > 1 else s.cands[0].votes
        for pos, c in enumerate(s.cands, start=1):
            out.append(
                {
                    "General election polling date": "2024-07-04",
                    "Constituency name": s.name,
                    "Constituency geographic code": s.gss,
                    "Country name": s.country,
                    "English region name": s.region,
                    "Electorate": str(s.electorate),
                    "Election valid vote count": "" if uncontested else str(valid),
                    "Election invalid vote count": "" if uncontested else str(s.invalid),
                    "Election result summary": s.summary,
                    "Candidate family name": c.family,
                    "Candidate given name": c.given,
                    "Candidate MNIS ID": "",
                    "Candidate is sitting MP": "true" if c.sitting else "false",
                    "Candidate is former MP": "false",
                    "Main party name": c.party,
                    "Main party abbreviation": c.code,
                    "Candidate is standing as Commons Speaker": "true" if c.speaker else "false",
                    "Candidate vote count": "" if uncontested else str(c.votes),
                    "Candidate result position": str(pos),
                    "Majority": str(majority) if pos == 1 and not uncontested else "",
                    "Candidate vote share": f"{c.votes / valid:.6f}" if valid else "",
                }
            )
    return out


def to_csv(table: list[dict[str, str]], header: list[str] = HEADER) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(table)
    return buf.getvalue()


@cache
def _base() -> Dataset:
    return Dataset()


def _dataset(text: str) -> Dataset:
    base = _base()
    loaded = parse_results(text, file="generated.csv")
    return Dataset.from_loaded(loaded, results_path="generated.csv", provider=base.provider)


# -- valid input: a verified story whose figures equal the facts --------------------------------
def check_valid(seats_: tuple[Seat, ...]) -> None:
    dataset = _dataset(to_csv(rows(seats_)))
    assert not dataset.loaded.rejected, dataset.loaded.rejected
    for s in seats_:
        story = dataset.story([s.name])
        text = story.text
        assert not _BAD_TEXT.search(text), text
        [table] = story.tables
        assert [(r.name, r.votes) for r in table.rows] == [
            (f"{c.given} {html.unescape(c.family)}", c.votes) for c in s.cands
        ]
        assert table.majority == (s.cands[0].votes - s.cands[1].votes if len(s.cands) > 1 else s.cands[0].votes)
        # every figure printed is traced to a fact
        digits = re.findall(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?", text)
        traced = [p for p in story.provenance if p["kind"] not in ("quote", "name", "seat")]
        assert len(traced) >= len(digits)
    polled = [s.name for s in seats_ if sum(c.votes for c in s.cands)]
    if len(polled) > 1:
        area = dataset.story(polled)  # an area story over every seat with a poll
        assert not _BAD_TEXT.search(area.text), area.text
        assert {p["seat"] for p in area.provenance if p["kind"] != "quote"} <= set(polled)


# -- invalid input: one of the project's errors, never anything else ----------------------------
Mutation = Callable[[list[dict[str, str]], st.DrawFn], tuple[list[dict[str, str]], list[str]]]


def _pick(table: list[dict[str, str]], draw: st.DrawFn) -> dict[str, str]:
    return table[draw(st.integers(0, len(table) - 1))]


def _votes_off(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    row = _pick(table, draw)
    row["Candidate vote count"] = str(int(row["Candidate vote count"] or 0) + draw(st.integers(1, 500)))
    return table, HEADER


def _non_numeric(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    row = _pick(table, draw)
    column = draw(st.sampled_from(["Candidate vote count", "Electorate", "Election valid vote count"]))
    row[column] = draw(st.sampled_from(["n/a", "12x4", "1.5", "-7", "—", "1e3x", "٣", "4.5E+04", "1,23"]))
    return table, HEADER


def _zero_electorate(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    seat = _pick(table, draw)["Constituency name"]
    for r in table:
        if r["Constituency name"] == seat:
            r["Electorate"] = "0"
    return table, HEADER


def _small_electorate(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    seat = _pick(table, draw)["Constituency name"]
    for r in table:
        if r["Constituency name"] == seat:
            ballots = int(r["Election valid vote count"] or 0) + int(r["Election invalid vote count"] or 0)
            r["Electorate"] = str(max(ballots - draw(st.integers(1, 100)), 1)) if ballots > 1 else "0"
    return table, HEADER


def _majority_off(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    winners = [r for r in table if r["Majority"]]
    row = draw(st.sampled_from(winners)) if winners else table[0]
    row["Majority"] = str(int(row["Majority"] or 0) + draw(st.integers(1, 99)))
    return table, HEADER


def _duplicate(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    row = _pick(table, draw)
    table.insert(table.index(row) + 1, dict(row))
    return table, HEADER


def _drop_column(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    gone = draw(st.sampled_from(list(COLUMNS)))
    return table, [h for h in HEADER if h != gone]


def _swap_positions(table: list[dict[str, str]], draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    seat = _pick(table, draw)["Constituency name"]
    mine = [r for r in table if r["Constituency name"] == seat]
    if len(mine) < 2 or mine[0]["Candidate vote count"] == mine[-1]["Candidate vote count"]:
        mine[0]["Candidate result position"] = "0"
        return table, HEADER
    mine[0]["Candidate result position"], mine[-1]["Candidate result position"] = (
        mine[-1]["Candidate result position"],
        mine[0]["Candidate result position"],
    )
    return table, HEADER


MUTATIONS: list[Mutation] = [
    _votes_off,
    _non_numeric,
    _zero_electorate,
    _small_electorate,
    _majority_off,
    _duplicate,
    _drop_column,
    _swap_positions,
]


@st.composite
def broken_files(draw: st.DrawFn) -> tuple[str | bytes, str]:
    seats_ = draw(results_files)
    table = rows(seats_)
    kind = draw(st.sampled_from([*range(len(MUTATIONS)), "bytes", "truncate"]))
    if kind == "bytes":
        return draw(st.binary(min_size=0, max_size=300)), "bytes"
    if kind == "truncate":
        text = to_csv(table)
        return text[: draw(st.integers(0, max(len(text) // 3, 1)))], "truncate"
    mutate = MUTATIONS[int(kind)]
    table, header = mutate(table, draw)
    return to_csv(table, header), mutate.__name__


def check_invalid(case: tuple[str | bytes, str]) -> None:
    data, how = case
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return  # read_text turns this into a DataError (tested in test_validate)
    else:
        text = data
    try:
        dataset = _dataset(text)
    except DataError:
        return
    problems = dataset.loaded.rejected
    if how in ("bytes", "truncate"):
        # what survives a cut may still be a valid (shorter) file: every seat either tells a story or is rejected
        for name in dataset.seat_names:
            with contextlib.suppress(NewsgenError):
                dataset.story([name])
        return
    assert problems, f"{how}: nothing rejected"
    for name, errors in problems.items():
        assert all(isinstance(e, DataError) and e.file == "generated.csv" for e in errors)
        if name in dataset.seat_names or not name:
            continue
        with pytest.raises(NewsgenError):
            dataset.story([name])


_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(max_examples=DEFAULT_EXAMPLES, **_SETTINGS)
@given(results_files)
def test_valid_results_make_verified_stories(seats_: tuple[Seat, ...]) -> None:
    check_valid(seats_)


@settings(max_examples=DEFAULT_EXAMPLES, **_SETTINGS)
@given(broken_files())
def test_invalid_results_raise_only_newsgen_errors(case: tuple[str | bytes, str]) -> None:
    check_invalid(case)


# -- the dedicated long run: pytest -m slow tests/test_properties.py ---------------------------
def _require_slow(request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("markexpr") or "") or "not slow" in request.config.getoption("markexpr"):
        pytest.skip("the 10,000-example run: select it with `pytest -m slow tests/test_properties.py`")


@pytest.mark.slow
def test_valid_results_10000(request: pytest.FixtureRequest) -> None:
    _require_slow(request)
    settings(max_examples=SLOW_EXAMPLES, **_SETTINGS)(given(results_files)(check_valid))()


@pytest.mark.slow
def test_invalid_results_10000(request: pytest.FixtureRequest) -> None:
    _require_slow(request)
    settings(max_examples=SLOW_EXAMPLES, **_SETTINGS)(given(broken_files())(check_invalid))()
