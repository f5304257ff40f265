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
from newsgen.readers.commons_library import COLUMNS, parse_results

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
    invalid = 0 if valid == 0 else draw(st.integers(0, min(400, valid)))  # never more than the valid votes
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
_CARDINALS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
]  # fmt: skip
_ORDINALS = [
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth",
]  # fmt: skip
#: what each number word means, by the dictionary, not by the code under test
_WORD_VALUES = {w: n for n, w in enumerate(_CARDINALS, start=1)} | {w: n for n, w in enumerate(_ORDINALS, start=2)}
_FIGURE = re.compile(rf"(?<![\w.,])\d+(?:,\d{{3}})*(?:\.\d+)?|\b(?:{'|'.join(_WORD_VALUES)})\b(?!-)", re.IGNORECASE)


def _figures(text: str) -> list[tuple[int, str]]:
    """(offset, figure) for every number in the text, in digits or in words, as a reader finds them."""
    return [(m.start(), m.group(0)) for m in _FIGURE.finditer(text)]


def _full_name(c: Cand) -> str:
    return f"{c.given} {html.unescape(c.family)}"


def _check_traced(entry: dict[str, Any], s: Seat, seats_: tuple[Seat, ...]) -> None:
    """A traced figure from this seat's own row(s) equals what the generator wrote into them."""
    if entry["source"] != "generated.csv":
        return  # a baseline (notional 2019, the predecessor seat, history): not this file's data
    assert entry["seat"] == s.name, entry
    valid = sum(c.votes for c in s.cands)
    invalid = s.invalid if valid else 0
    majority = s.cands[0].votes - s.cands[1].votes if len(s.cands) > 1 else s.cands[0].votes
    field = entry["field"]
    base, _, how = field.partition(" (")
    exact: dict[str, float] = {
        "majority": majority,
        "valid_votes": valid,
        "invalid_votes": invalid,
        "valid_votes + invalid_votes": valid + invalid,
        "electorate": s.electorate,
        "year": 2024,
        "len(seats)": 1,
        "len(candidates)": len(s.cands),
        "lost_deposits": sum(1 for c in s.cands if valid and c.votes * 20 < valid),  # under 5% of the valid vote
    }
    if valid:
        exact["turnout"] = 100 * (valid + invalid) / s.electorate
        exact["majority_share"] = 100 * majority / valid
    if m := re.fullmatch(r"candidates\[(\d+)\]\.(votes|position|share)", base):
        i, what = int(m.group(1)), m.group(2)
        c = s.cands[i]
        assert entry["candidate"] == _full_name(c), entry
        if what == "votes":
            exact[base] = c.votes
        elif what == "position":
            exact[base] = i + 1  # the generator writes the rows in finishing order
        elif valid:
            exact[base] = 100 * c.votes / valid
    if base == "seat_count_for_party":
        assert 1 <= entry["value"] <= len(seats_), entry
        return
    assert base in exact, f"a figure traced to {field!r}, which this test does not know: add it here"
    want = exact[base]
    text = entry["text"]
    printed = float(text.replace(",", "")) if text[0].isdigit() else _WORD_VALUES[text.lower()]
    if how.startswith("rounded down"):  # "more than 4,000"
        assert printed < want < printed + 1000 and printed % 100 == 0, (entry, want)
    elif how.startswith("to the nearest"):  # "around 4,000"
        step = int(how.split()[3].rstrip(")").replace(",", ""))
        assert abs(printed - want) <= step / 2, (entry, want)
    elif "." in text:  # a percentage, at the places printed
        places = len(text) - text.index(".") - 1
        assert abs(printed - want) <= 0.5 * 10**-places + 1e-9, (entry, want)
    else:
        assert printed == want, (entry, want)


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
        # every figure printed is traced to a fact, at the place it is printed
        traced = {p["offset"]: p for p in story.provenance if p["kind"] not in ("quote", "name", "seat")}
        figures = _figures(text)
        if len(s.cands) > 1:  # a contest: the story prints its figures (an unopposed win may have none)
            assert figures, text
        for at, printed in figures:
            assert at in traced, f"{printed!r} at {at} has no provenance: {text}"
            assert traced[at]["text"] == printed, (traced[at], printed)
        assert set(traced) <= {at for at, _ in figures}, "provenance for a figure that is not printed"
        # ...and the traced values are the generated seat's own numbers
        for entry in traced.values():
            _check_traced(entry, s, seats_)
    polled = [s.name for s in seats_ if sum(c.votes for c in s.cands)]
    if len(polled) > 1:
        area = dataset.story(polled)  # an area story over every seat with a poll
        assert not _BAD_TEXT.search(area.text), area.text
        assert {p["seat"] for p in area.provenance if p["kind"] != "quote"} <= set(polled)


# -- invalid input: one of the project's errors, never anything else ----------------------------
@dataclass(frozen=True)
class Blame:
    """Where the error for a planted mistake must point: the seat (None: the whole file is
    refused) and the (file line, column) cells that may carry it; the header is line 1."""

    seat: str | None
    cells: frozenset[tuple[int, str]]


Table = list[dict[str, str]]
Mutation = Callable[[Table, st.DrawFn], tuple[Table, list[str], Blame]]
VOTES, POSITION = "Candidate vote count", "Candidate result position"


def _pick(table: Table, draw: st.DrawFn) -> dict[str, str]:
    return table[draw(st.integers(0, len(table) - 1))]


def _rows_of(table: Table, seat: str) -> Table:
    return [r for r in table if r["Constituency name"] == seat]


def _blame(table: Table, seat: str, cells: list[tuple[dict[str, str], str]]) -> Blame:
    """The cells as file lines: found by identity, so a duplicated row keeps its own line."""
    lines = {id(r): i + 2 for i, r in enumerate(table)}
    return Blame(seat, frozenset((lines[id(r)], column) for r, column in cells))


def _votes_off(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    row = _pick(table, draw)
    row[VOTES] = str(int(row[VOTES] or 0) + draw(st.integers(1, 500)))
    seat = row["Constituency name"]
    # the votes no longer add up: the candidate's cell or the seat's valid vote count
    first = _rows_of(table, seat)[0]
    return table, HEADER, _blame(table, seat, [(row, VOTES), (first, "Election valid vote count")])


def _non_numeric(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    row = _pick(table, draw)
    column = draw(st.sampled_from([VOTES, "Electorate", "Election valid vote count"]))
    row[column] = draw(st.sampled_from(["n/a", "12x4", "1.5", "-7", "—", "1e3x", "٣", "4.5E+04", "1,23"]))
    seat = row["Constituency name"]
    mine = _rows_of(table, seat)
    cells = [(row, column)]
    if column != VOTES and row is mine[0] and len(mine) > 1:
        cells.append((mine[1], column))  # a seat total the seat's next row no longer agrees with
    return table, HEADER, _blame(table, seat, cells)


def _zero_electorate(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    seat = _pick(table, draw)["Constituency name"]
    for r in _rows_of(table, seat):
        r["Electorate"] = "0"
    return table, HEADER, _blame(table, seat, [(r, "Electorate") for r in _rows_of(table, seat)])


def _small_electorate(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    seat = _pick(table, draw)["Constituency name"]
    for r in _rows_of(table, seat):
        ballots = int(r["Election valid vote count"] or 0) + int(r["Election invalid vote count"] or 0)
        r["Electorate"] = str(max(ballots - draw(st.integers(1, 100)), 1)) if ballots > 1 else "0"
    return table, HEADER, _blame(table, seat, [(r, "Electorate") for r in _rows_of(table, seat)])


def _invalid_over_valid(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    """More rejected ballots than valid votes, with electors enough that turnout stays possible."""
    seat = _pick(table, draw)["Constituency name"]
    mine = _rows_of(table, seat)
    valid = int(mine[0]["Election valid vote count"] or 0)
    invalid = valid + draw(st.integers(1, 5_000))
    for r in mine:
        r["Election invalid vote count"] = str(invalid)
        r["Electorate"] = str(max(int(r["Electorate"] or 0), valid + invalid))
    return table, HEADER, _blame(table, seat, [(mine[0], "Election invalid vote count")])


def _majority_off(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    winners = [r for r in table if r["Majority"]]
    row = draw(st.sampled_from(winners)) if winners else table[0]
    row["Majority"] = str(int(row["Majority"] or 0) + draw(st.integers(1, 99)))
    return table, HEADER, _blame(table, row["Constituency name"], [(row, "Majority")])


def _duplicate(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    row = _pick(table, draw)
    copy = dict(row)
    table.insert(table.index(row) + 1, copy)
    seat = row["Constituency name"]
    cells = [(copy, "Candidate family name"), (row, "Candidate family name")]  # listed twice
    if not row["Election valid vote count"]:  # was unopposed: two candidates need a valid vote count
        cells.append((_rows_of(table, seat)[0], "Election valid vote count"))
    return table, HEADER, _blame(table, seat, cells)


def _drop_column(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    gone = draw(st.sampled_from(list(COLUMNS)))
    return table, [h for h in HEADER if h != gone], Blame(None, frozenset({(1, gone)}))


def _swap_positions(table: Table, draw: st.DrawFn) -> tuple[Table, list[str], Blame]:
    seat = _pick(table, draw)["Constituency name"]
    mine = _rows_of(table, seat)
    if len(mine) < 2 or mine[0][VOTES] == mine[-1][VOTES]:
        mine[0][POSITION] = "0"
        return table, HEADER, _blame(table, seat, [(mine[0], POSITION)])
    mine[0][POSITION], mine[-1][POSITION] = mine[-1][POSITION], mine[0][POSITION]
    # the first row placed above one with more votes: the promoted row, or one tied with it
    placed_high = [r for r in mine if r[VOTES] == mine[-1][VOTES]]
    return table, HEADER, _blame(table, seat, [(r, POSITION) for r in [mine[0], *placed_high]])


MUTATIONS: list[Mutation] = [
    _votes_off,
    _non_numeric,
    _zero_electorate,
    _small_electorate,
    _invalid_over_valid,
    _majority_off,
    _duplicate,
    _drop_column,
    _swap_positions,
]


@st.composite
def broken_files(draw: st.DrawFn) -> tuple[str | bytes, str, Blame | None]:
    seats_ = draw(results_files)
    table = rows(seats_)
    kind = draw(st.sampled_from([*range(len(MUTATIONS)), "bytes", "truncate"]))
    if kind == "bytes":
        return draw(st.binary(min_size=0, max_size=300)), "bytes", None
    if kind == "truncate":
        text = to_csv(table)
        return text[: draw(st.integers(0, max(len(text) // 3, 1)))], "truncate", None
    mutate = MUTATIONS[int(kind)]
    table, header, blame = mutate(table, draw)
    return to_csv(table, header), mutate.__name__, blame


def check_invalid(case: tuple[str | bytes, str, Blame | None]) -> None:
    data, how, blame = case
    if blame is None:  # random bytes or a cut: anything but a crash
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                return  # read_text turns this into a DataError (tested in test_validate)
        try:
            dataset = _dataset(data)
        except DataError:
            return
        # what survives a cut may still be a valid (shorter) file: every seat either tells a story or is rejected
        for name in dataset.seat_names:
            with contextlib.suppress(NewsgenError):
                dataset.story([name])
        return
    assert isinstance(data, str)
    if blame.seat is None:  # a missing column: the whole file is refused, at its header
        with pytest.raises(DataError) as refused:
            _dataset(data)
        [(line, column)] = blame.cells
        assert refused.value.file == "generated.csv" and refused.value.row == line, str(refused.value)
        assert repr(column) in refused.value.message, str(refused.value)
        return
    dataset = _dataset(data)  # a mistake in one seat sets that seat aside, not the file
    problems = dataset.loaded.rejected
    assert list(problems) == [blame.seat], f"{how}: rejected {problems}, expected {blame.seat!r}"
    [error] = problems[blame.seat]
    assert isinstance(error, DataError) and error.file == "generated.csv", error
    assert error.seat == blame.seat, f"{how}: {error}"
    assert error.row is not None and error.field is not None, f"{how}: {error}"
    assert (error.row, error.field) in blame.cells, f"{how}: {error} is not at any of {sorted(blame.cells)}"
    assert blame.seat not in dataset.seat_names
    with pytest.raises(NewsgenError):
        dataset.story([blame.seat])


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
def test_invalid_results_raise_only_newsgen_errors(case: tuple[str | bytes, str, Blame | None]) -> None:
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
