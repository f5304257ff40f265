"""``newsgen facts``: every contest's facts and ranked angles, loaded into SQLite as sqlite-utils
and datasette would load them, and checked against the source files read independently."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.outputs.facts import COLUMNS, export_facts, serialise
from newsgen.pipeline import Dataset
from newsgen.resources import DEFAULT_RESULTS, TRAFFORD, bundled, named_results
from tests.cli_helpers import refused, run

CL_2024 = bundled(DEFAULT_RESULTS)
SOUTHEND = "Southend West and Leigh"


@pytest.fixture(scope="module")
def records(dataset: Dataset) -> list[dict[str, Any]]:
    export = export_facts(dataset)
    assert not export.failed
    return export.records


def commons_library_seats() -> dict[str, list[dict[str, str]]]:
    """The 2024 Commons Library file, read with the csv module: each seat's rows by GSS code."""
    seats: dict[str, list[dict[str, str]]] = {}
    with open(CL_2024, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            seats.setdefault(row["Constituency geographic code"], []).append(row)
    return seats


def load_like_sqlite_utils(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """What ``sqlite-utils insert DB TABLE FILE --nl`` does with JSON objects: a column per key,
    lists and objects stored as JSON text, booleans as 1 and 0."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    db.execute(f"create table {table} ({', '.join(f'[{c}]' for c in columns)})")

    def value(v: Any) -> Any:
        return json.dumps(v) if isinstance(v, list | dict) else v

    db.executemany(
        f"insert into {table} values ({', '.join('?' for _ in columns)})",
        [[value(row.get(c)) for c in columns] for row in rows],
    )


# -- the 650 seats of 2024 --------------------------------------------------------------------


def test_jsonl_loads_650_rows_with_the_commons_library_figures(records: list[dict[str, Any]]) -> None:
    lines = serialise(records, "jsonl").decode("utf-8").splitlines()
    assert len(lines) == 650
    db = sqlite3.connect(":memory:")
    load_like_sqlite_utils(db, "contests", [json.loads(line) for line in lines])
    assert db.execute("select count(*), count(distinct id) from contests").fetchone() == (650, 650)
    # the seats won that ../shared/data/SOURCES.md gives for 2024, counted in SQL
    won = dict(db.execute("select winner_party, count(*) from contests group by winner_party").fetchall())
    assert won == {
        **{"Lab": 411, "Con": 121, "LD": 72, "SNP": 9, "SF": 7, "Ind": 6, "RUK": 5, "DUP": 5, "Green": 4, "PC": 4},
        **{"SDLP": 2, "APNI": 1, "TUV": 1, "UUP": 1, "Spk": 1},
    }
    # the queries docs/facts.md shows, with what it says they give
    leads = db.execute("select lead, count(*) as n from contests group by lead order by n desc limit 3").fetchall()
    assert leads == [("hold", 281), ("ousted_incumbent", 115), ("historic_first", 42)]
    narrowest = db.execute("select name, majority from contests where kind = 'seat' order by majority limit 3")
    assert narrowest.fetchall() == [("Hendon", 15), ("Poole", 18), ("Basildon and Billericay", 20)]
    reform = db.execute(
        "select contests.name, json_extract(c.value, '$.name'), json_extract(c.value, '$.votes') "
        "from contests, json_each(contests.candidates) as c "
        "where contests.id = 'E14001502' and json_extract(c.value, '$.party') = 'RUK'"
    )
    assert reform.fetchall() == [(SOUTHEND, "Peter Little", 8273)]
    db.execute(  # one row per candidate, as docs/facts.md writes it
        "create table candidates as "
        "select contests.id as seat_id, json_extract(c.value, '$.name') as name, "
        "json_extract(c.value, '$.party') as party, json_extract(c.value, '$.votes') as votes "
        "from contests, json_each(contests.candidates) as c"
    )
    assert db.execute("select count(*) from candidates").fetchone() == (4515,)  # the file's candidate rows
    source = commons_library_seats()
    assert len(source) == 650
    for gss, winner, votes, majority, turnout, n in db.execute(
        "select id, winner, winner_votes, majority, turnout, json_array_length(candidates) from contests"
    ):
        rows = source[gss]
        first = next(r for r in rows if r["Candidate result position"] == "1")
        ballots = int(first["Election valid vote count"]) + int(first["Election invalid vote count"])
        assert winner == f"{first['Candidate given name']} {first['Candidate family name']}", gss
        assert (votes, majority, n) == (int(first["Candidate vote count"]), int(first["Majority"]), len(rows)), gss
        assert turnout == round(100 * ballots / int(first["Electorate"]), 4), gss


def test_southend_west_and_leigh_as_published(records: list[dict[str, Any]]) -> None:
    rows = commons_library_seats()["E14001502"]
    by_position = {int(r["Candidate result position"]): r for r in rows}
    record = next(r for r in records if r["id"] == "E14001502")
    assert (record["name"], record["slug"], record["kind"]) == (SOUTHEND, "southend-west-and-leigh", "seat")
    assert (record["election_id"], record["election_date"]) == ("parl.2024-07-04", "2024-07-04")
    assert (
        record["winner"] == "David Burton-Sampson"
        and record["winner_party"] == by_position[1]["Main party abbreviation"]
    )
    assert record["winner_votes"] == int(by_position[1]["Candidate vote count"]) == 16739
    assert record["majority"] == int(by_position[1]["Majority"]) == 1949
    assert record["electorate"] == int(by_position[1]["Electorate"]) == 75154
    assert record["turnout"] == 62.7126  # 47,131 of 75,154, to the four places shares are published to
    # shares and changes exactly as the Commons Library publishes them (fractions to six places)
    for c in record["candidates"]:
        row = by_position[c["position"]]
        assert c["votes"] == int(row["Candidate vote count"])
        assert c["share"] == round(100 * float(row["Candidate vote share"]), 4)
        assert c["share_change"] == (
            round(100 * float(row["Candidate vote change"]), 4) if row["Candidate vote change"] else None
        )
    assert record["result_summary"] == by_position[1]["Election result summary"] == "Lab gain from Con"
    assert record["runner_up"] == "Anna Firth" and record["runner_up_votes"] == 14790
    assert record["defeated_members"] == ["Anna Firth"] and record["winner_sitting"] is False
    assert record["lead"] == "historic_first" and record["angles"][0]["rank"] == 1
    assert record["angle_ids"] == [a["id"] for a in record["angles"]]


def test_winner_sitting_is_the_seat_s_own_mp(records: list[dict[str, Any]]) -> None:
    """As docs/facts.md says: Stephen Kinnock was MP for Aberavon, a seat newsgen does not link
    to Aberafan Maesteg, so he is a sitting MP but not this seat's; Tamworth's Sarah Edwards
    won its by-election in 2023 and defended it."""
    by_name = {r["name"]: r for r in records}
    kinnock = by_name["Aberafan Maesteg"]
    assert kinnock["winner_sitting"] is False and kinnock["candidates"][0]["sitting"] is True
    assert by_name["Tamworth"]["winner"] == "Sarah Edwards" and by_name["Tamworth"]["winner_sitting"] is True


def test_csv_is_one_row_per_contest_with_json_cells(records: list[dict[str, Any]]) -> None:
    text = serialise(records, "csv").decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    rows = list(reader)
    assert len(rows) == 650
    db = sqlite3.connect(":memory:")  # as `sqlite-utils insert --csv` loads it: every cell text
    load_like_sqlite_utils(db, "contests", rows)
    row = db.execute(
        "select winner, cast(winner_votes as integer), cast(majority as integer), cast(turnout as real), "
        "winner_sitting, region, json_extract(candidates, '$[1].name'), json_extract(angles, '$[0].id') "
        "from contests where id = 'E14001502'"
    ).fetchone()
    assert row == ("David Burton-Sampson", 16739, 1949, 62.7126, "0", "East of England", "Anna Firth", "historic_first")
    wales = db.execute("select count(*) from contests where region = '' and country = 'Wales'").fetchone()
    assert wales == (32,)  # no English region: an empty cell


def test_json_is_an_array_of_the_jsonl_records(records: list[dict[str, Any]]) -> None:
    subset = records[:3]
    assert json.loads(serialise(subset, "json")) == [json.loads(x) for x in serialise(subset, "jsonl").splitlines()]
    assert json.loads(serialise([], "json")) == [] and serialise([], "jsonl") == b""


def test_every_percentage_is_rounded_and_every_count_an_integer(records: list[dict[str, Any]]) -> None:
    def walk(value: Any, path: str) -> None:
        if isinstance(value, float):
            assert value == round(value, 4), (path, value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{path}[]")

    for record in records:
        walk(record, record["name"])
        assert all(isinstance(c["votes"], int) for c in record["candidates"])


# -- councils -----------------------------------------------------------------------------------


def trafford_rows(date: str) -> list[dict[str, str]]:
    with open(bundled(TRAFFORD), encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["ElectionDate"] == date]


@pytest.mark.parametrize("date", ["2023-05-04", "2026-05-07"])
def test_a_council_file_gives_ward_rows_and_a_council_row(date: str) -> None:
    export = export_facts(Dataset(named_results("trafford"), election=date))
    assert not export.failed
    kinds = Counter(r["kind"] for r in export.records)
    source = trafford_rows(date)
    wards = {r["ElectoralAreaLabel"] for r in source}
    assert kinds == {"ward": len(wards), "council": 1} and len(wards) == 21
    for record in export.records:
        if record["kind"] != "ward":
            continue
        rows = [r for r in source if r["ElectoralAreaLabel"] == record["name"]]
        assert record["id"] == rows[0]["ElectoralAreaURI"].rsplit("/", 1)[1]
        elected = sorted((r for r in rows if r["Elected"] == "ELECTED"), key=lambda r: -int(r["VotesWon"]))
        assert len(record["elected"]) == len(elected) == record["seats"]
        assert [c["votes"] for c in record["candidates"] if c["elected"]] == [int(r["VotesWon"]) for r in elected]
        assert record["electorate"] == int(rows[0]["EligibleElectorate"])
        assert record["turnout"] == round(100 * int(rows[0]["VotesCast"]) / int(rows[0]["EligibleElectorate"]), 4)
        assert record["council_id"] == "trafford" and record["election_id"] == f"local.trafford.{date}"
    council = next(r for r in export.records if r["kind"] == "council")
    won = Counter(r["PoliticalPartyLabel"] for r in source if r["Elected"] == "ELECTED")
    # the file names parties its own way ("Labour Party"): set the counts side by side, and Labour's by name
    assert sorted(p["seats_won"] for p in council["parties"] if p["seats_won"]) == sorted(won.values())
    assert next(p["seats_won"] for p in council["parties"] if p["party"] == "Lab") == won["Labour Party"]
    assert council["seats"] == sum(won.values()) and council["control_after"] == "Lab"


def test_trafford_2026_council_row_gives_the_range_not_a_total() -> None:
    """The file cannot tell two wards' seats after 2026 (the story says so): the row gives
    the range, and no exact total."""
    export = export_facts(Dataset(named_results("trafford"), election="2026-05-07"), ["Trafford Council"])
    (council,) = export.records
    labour = next(p for p in council["parties"] if p["party"] == "Lab")
    assert (labour["seats_before"], labour["seats_after"]) == (42, None)
    assert (labour["seats_after_low"], labour["seats_after_high"]) == (36, 37)
    assert council["lead"] == "council_losses" and council["winner"] is None and council["candidates"] is None


# -- the command --------------------------------------------------------------------------------


def test_named_seats_by_name_code_and_slug_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    out.write_text("old contents\n")
    result = run("facts", SOUTHEND, "E14001272", "chorley", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote 3 contests to {out}" in result.stderr and result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [r["name"] for r in rows] == [SOUTHEND, "Hartlepool", "Chorley"]
    assert [p.name for p in tmp_path.iterdir()] == ["facts.csv"]  # replaced whole: no temporary left


def test_lead_and_drop_give_the_ranking_the_story_would_use(dataset: Dataset) -> None:
    result = run("facts", SOUTHEND, "--lead", "gain", "--drop", "turnout_change")
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    story = dataset.story([SOUTHEND], lead="gain", dropped=["turnout_change"])
    assert record["lead"] == story.lead == "gain"
    assert record["angle_ids"] == [a["id"] for a in story.angles]
    assert "turnout_change" not in record["angle_ids"]


def test_a_lead_leads_where_it_fires_as_in_a_batch() -> None:
    result = run("facts", SOUTHEND, "Chorley", "--lead", "gain")
    assert result.exit_code == 0, result.output
    leads = [json.loads(line)["lead"] for line in result.stdout.splitlines()]
    assert leads == ["gain", "speaker_seat"]  # Chorley (the Speaker's seat) keeps its own lead
    assert "--lead gain: 1 of 2 contests lead on it (it fires in those)" in result.stderr
    unknown = run("facts", "Chorley", "--lead", "gian")
    assert unknown.exit_code == 2  # asked for what does not exist (newsgen.errors.EXIT_CODES)
    assert "--lead 'gian': there is no angle" in unknown.stderr and "did you mean 'gain'" in unknown.stderr


def test_the_newsroom_s_defaults_apply(tmp_path: Path) -> None:
    """newsgen.toml and NEWSGEN_* set facts' options as they set every command's."""
    result = CliRunner(env={"NEWSGEN_DROP": "turnout_change gain"}).invoke(main, ["facts", SOUTHEND])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert "turnout_change" not in record["angle_ids"] and "gain" not in record["angle_ids"]
    config = tmp_path / "newsgen.toml"
    config.write_text('lead = "gain"\n[facts]\nformat = "csv"\n', encoding="utf-8")
    result = run("facts", SOUTHEND, "--config", str(config))
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert row["lead"] == "gain"


def test_a_bad_contest_is_reported_and_the_others_written(tmp_path: Path) -> None:
    with open(CL_2024, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or ())
        rows = [r for r in reader if r["Constituency name"] in (SOUTHEND, "Chorley", "Clacton")]
    for row in rows:
        if row["Constituency name"] == "Chorley" and row["Candidate result position"] == "2":
            row["Candidate vote count"] = "12x4"
    results = tmp_path / "three-seats.csv"
    with results.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    result = run("facts", "--results", str(results))
    assert result.exit_code == 1
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == ["Clacton", SOUTHEND]
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and failed[0].startswith("FAILED Chorley: three-seats.csv, row ")
    assert "'Candidate vote count': '12x4' is not a whole number" in failed[0]
    assert "Traceback" not in result.output


def test_an_unknown_seat_is_one_error_and_nothing_written() -> None:
    result = run("facts", SOUTHEND, "Southend Central")
    assert result.exit_code == 2 and result.stdout == ""  # asked for what does not exist
    assert result.stderr.startswith("Error: no seat called 'Southend Central'") and "did you mean" in result.stderr
    assert "Traceback" not in result.output


def test_output_into_a_missing_folder_is_refused_before_loading(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "facts.jsonl"
    result = run("facts", "--results", str(tmp_path / "not-there.csv"), "--output", str(target))
    refused(result, f"{target}: the folder {target.parent} does not exist", "mkdir -p")
    assert not target.parent.exists()


def test_bad_results_file_is_one_error() -> None:
    refused(run("facts", "--results", str(Path(__file__).parent / "fixtures" / "header-only.csv")), "header-only.csv")


@pytest.mark.parametrize("name", ["facts", "story"])
def test_schema_is_printed(name: str) -> None:
    args = ["facts", "--schema"] + ([] if name == "facts" else ["story"])
    result = run(*args)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"].startswith(f"newsgen {name}")


def test_a_contest_whose_ranking_cannot_be_made_fails_alone() -> None:
    """Aberafan Maesteg's angles are hold and turnout_change: with both dropped it has no lead
    (a story would be refused), so it is reported and Southend West and Leigh still written."""
    result = run("facts", "Aberafan Maesteg", SOUTHEND, "--drop", "hold", "--drop", "turnout_change")
    assert result.exit_code == 1
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == [SOUTHEND]
    assert "FAILED Aberafan Maesteg: every angle was dropped" in result.stderr
