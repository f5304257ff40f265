"""`newsgen batch` on the real 2024 results: files, index, failures, re-runs, workers, --only."""

from __future__ import annotations

import csv
import html
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen import resources
from newsgen.baselines.names import slug
from newsgen.batch import plan_jobs, run_batch
from newsgen.batch.files import TMP_SUFFIX, clean_temporaries, write_atomic, write_if_changed
from newsgen.batch.select import select_seats
from newsgen.cli import main
from newsgen.context import Context, load_context
from newsgen.errors import NewsgenError, UnknownSeatError
from newsgen.pipeline import Dataset

NOW = "2024-07-05T06:00:00Z"
LATER = "2024-07-05T09:30:00Z"
FORMATS = ("md", "html", "json", "ninjs")
RESULTS = resources.bundled(resources.DEFAULT_RESULTS)

Edit = Callable[[dict[str, str]], None]


#: a batch of this many seats (plus those a test names) shows what the 650 would, in a tenth of the time
SOME_SEATS = 60
SOUTHEND = ("Southend West and Leigh", "Southend East and Rochford")


def edited_results(path: Path, seat: str, edit: Edit, *, seats: int | None = None, also: tuple[str, ...] = ()) -> Path:
    """A copy of the 2024 results with ``edit`` applied to each of one seat's rows; with
    ``seats``, only the file's first that many seats, the edited one and ``also``."""
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    assert any(r["Constituency name"] == seat for r in rows)
    if seats is not None:
        keep = set(list(dict.fromkeys(r["Constituency name"] for r in rows))[:seats]) | {seat, *also}
        rows = [r for r in rows if r["Constituency name"] in keep]
    for row in rows:
        if row["Constituency name"] == seat:
            edit(row)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def add_votes(n: int, position: str = "3") -> Edit:
    def edit(row: dict[str, str]) -> None:
        if row["Candidate result position"] == position:
            row["Candidate vote count"] = str(int(row["Candidate vote count"]) + n)
        row["Election valid vote count"] = str(int(row["Election valid vote count"]) + n)

    return edit


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def full_batch(tmp_path_factory: pytest.TempPathFactory, southend_dataset: Dataset) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("batch")
    report = run_batch(southend_dataset, out, formats=FORMATS, now=NOW)
    return out, report


def test_one_file_per_seat_and_format_plus_the_area(full_batch: tuple[Path, object], southend_dataset: Dataset) -> None:
    out, report = full_batch
    names = southend_dataset.seat_names
    assert len(names) == 650
    for ext in ("md", "html", "json", "ninjs.json"):
        files = (
            sorted(out.glob(f"*.{ext}"))
            if ext != "json"
            else sorted(p for p in out.glob("*.json") if not p.name.endswith(".ninjs.json") and p.name != "index.json")
        )
        assert len(files) == 651, ext  # 650 seats + the Southend area
    assert (out / "southend-west-and-leigh.md").exists()
    assert (out / "inverness-skye-and-west-ross-shire.md").exists()  # comma dropped, words joined by '-'
    assert (out / "southend.html").exists()
    assert report.total == 651 and report.written == 651 and not report.failed  # type: ignore[attr-defined]
    assert not list(out.glob(f".*{TMP_SUFFIX}"))


def test_index_lists_every_story_with_its_files(full_batch: tuple[Path, object], southend_dataset: Dataset) -> None:
    out, _ = full_batch
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["election_date"] == "2024-07-04"
    assert index["formats"] == list(FORMATS)
    assert index["failed"] == []
    stories = index["stories"]
    assert len(stories) == 651
    seat_entries = [s for s in stories if s["kind"] == "seat"]
    assert [s["seats"][0] for s in seat_entries] == southend_dataset.seat_names
    area = next(s for s in stories if s["kind"] == "area")
    assert area["name"] == "Southend" and set(area["seats"]) == {
        "Southend West and Leigh",
        "Southend East and Rochford",
    }
    assert area["lead"]["id"] == "area_sweep"
    for entry in stories:
        assert set(entry["files"]) == set(FORMATS)
        md = (out / entry["files"]["md"]).read_text(encoding="utf-8")
        assert entry["headline"] in md
        story = json.loads((out / entry["files"]["json"]).read_text(encoding="utf-8"))
        assert story["lead"] == entry["lead"]["id"]
        assert entry["lead"]["reason"] == next(a["reason"] for a in story["angles"] if a["id"] == story["lead"])
    chorley = next(s for s in seat_entries if s["name"] == "Chorley")
    assert chorley["files"]["md"] == "chorley.md" and chorley["seat_ids"] == [
        southend_dataset.contest("Chorley").seat_id
    ]


def test_json_files_carry_provenance_and_only_json_asks_for_it(full_batch: tuple[Path, object]) -> None:
    from newsgen.outputs import needs_provenance

    out, _ = full_batch
    story = json.loads((out / "southend-west-and-leigh.json").read_text(encoding="utf-8"))
    traced = {p["text"]: p.get("field") for p in story["provenance"]}
    assert traced["1,949"] == "majority"
    assert not needs_provenance(["md", "txt", "html", "ninjs", "ninjs2"])
    assert needs_provenance(["md", "json"]) and needs_provenance(["a-newsroom-format"])


def test_written_ninjs_files_validate(full_batch: tuple[Path, object]) -> None:
    from tests.test_ninjs import V16, errors

    out, _ = full_batch
    files = sorted(out.glob("*.ninjs.json"))
    assert len(files) == 651
    for path in files:
        item = json.loads(path.read_text(encoding="utf-8"))
        assert errors(V16, item) == [], path.name
        assert item["versioncreated"] == NOW and item["version"] == "1"


def test_rerun_with_the_same_inputs_touches_nothing(full_batch: tuple[Path, object], southend_dataset: Dataset) -> None:
    out, _ = full_batch
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    report = run_batch(southend_dataset, out, formats=FORMATS, now=LATER)
    assert report.written == 0 and report.unchanged == 651 and not report.index_written
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    ninjs = json.loads((out / "chorley.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["versioncreated"] == NOW and ninjs["version"] == "1"


def test_corrected_votes_rewrite_exactly_that_seat_and_its_area(tmp_path: Path, southend_context: Context) -> None:
    results = tmp_path / "results.csv"
    edited_results(results, "Southend West and Leigh", lambda row: None, seats=SOME_SEATS, also=SOUTHEND)
    out = tmp_path / "out"
    first = run_batch(Dataset(results, context=southend_context), out, formats=FORMATS, now=NOW)
    stories = first.written  # the seats and the Southend area
    assert stories == SOME_SEATS + 3
    before = snapshot(out)
    # the 8,271 / 8,273 correction
    edited_results(results, "Southend West and Leigh", add_votes(2), seats=SOME_SEATS, also=SOUTHEND)
    report = run_batch(Dataset(results, context=southend_context), out, formats=FORMATS, now=LATER)
    assert report.updated == ["Southend West and Leigh", "Southend"]
    assert report.written == 2 and report.unchanged == stories - 2
    after = snapshot(out)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {
        f"{s}.{e}" for s in ("southend-west-and-leigh", "southend") for e in ("md", "html", "json", "ninjs.json")
    }
    ninjs = json.loads(after["southend-west-and-leigh.ninjs.json"])
    assert (ninjs["version"], ninjs["firstcreated"], ninjs["versioncreated"]) == ("2", NOW, LATER)
    assert "8,275" in after["southend-west-and-leigh.md"].decode()


def test_corrupted_seat_fails_alone_and_is_named(tmp_path: Path) -> None:
    def corrupt(row: dict[str, str]) -> None:
        if row["Candidate result position"] == "2":
            row["Candidate vote count"] = "12x4"

    results = edited_results(tmp_path / "bad.csv", "Chorley", corrupt, seats=SOME_SEATS)
    good = SOME_SEATS  # the first 60 seats and Chorley, less Chorley
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", "--out", str(out), "--results", str(results), "--format", "md,ninjs"])
    assert result.exit_code == 1, result.output
    assert f"{good} written" in result.output and "1 failed" in result.output
    assert "FAILED Chorley:" in result.output and "12x4" in result.output
    # the failure goes to stderr with the warnings; stdout keeps the summary a script reads
    assert "FAILED Chorley:" in result.stderr and "FAILED" not in result.stdout
    assert f"{good} written" in result.stdout
    assert len(list(out.glob("*.md"))) == good and not (out / "chorley.md").exists()
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert len(index["stories"]) == good
    assert [f["name"] for f in index["failed"]] == ["Chorley"] and "vote count" in index["failed"][0]["reason"]


def test_area_with_a_broken_seat_fails_and_names_it(tmp_path: Path, southend_context: Context) -> None:
    def inconsistent(row: dict[str, str]) -> None:  # one row disagrees on the seat's valid votes
        if row["Candidate result position"] == "1":
            row["Election valid vote count"] = "1"

    results = edited_results(
        tmp_path / "bad.csv", "Southend East and Rochford", inconsistent, seats=SOME_SEATS, also=SOUTHEND
    )
    report = run_batch(Dataset(results, context=southend_context), tmp_path / "out", formats=["md"], now=NOW)
    failed = dict(report.failed)
    assert set(failed) == {"Southend East and Rochford", "Southend"}
    assert "Southend East and Rochford" in failed["Southend"]
    assert report.written == SOME_SEATS + 1  # every seat but the broken one


def test_two_workers_write_the_same_bytes_as_one(
    tmp_path: Path, southend_dataset: Dataset, full_batch: tuple[Path, object]
) -> None:
    one, _ = full_batch  # written by one process
    two = tmp_path / "two"
    report = run_batch(southend_dataset, two, formats=FORMATS, jobs=2, now=NOW)
    assert report.written == 651
    assert snapshot(one) == snapshot(two)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, jobs: int) -> None:
    import gc

    from newsgen.readers.commons_library import load_results

    load_results(RESULTS)
    assert gc.isenabled()  # switched off only while loading
    run_batch(Dataset(only=["Chorley", "Clacton"]), tmp_path / "out", formats=("md",), jobs=jobs, now=NOW)
    assert gc.get_freeze_count() == 0  # frozen for the stories, unfrozen after


def test_a_heap_frozen_before_the_batch_stays_frozen(tmp_path: Path) -> None:
    import gc

    from newsgen.batch.runner import frozen_heap

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        run_batch(Dataset(only=["Chorley", "Clacton"]), tmp_path / "out", formats=("md",), jobs=1, now=NOW)
        assert gc.get_freeze_count() >= frozen  # not unfrozen under its owner
        gc.unfreeze()
        with frozen_heap():
            with frozen_heap():
                pass
            assert gc.get_freeze_count() > 0  # the inner use leaves the outer's freeze alone
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_jobs_auto_forks_for_big_batches_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgen.batch.jobs import AUTO_MIN_STORIES, worker_count

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert worker_count(None, 651) == 3  # one per core the process may use
    assert worker_count(None, AUTO_MIN_STORIES - 1) == 1  # forking costs more than it saves
    assert worker_count(1, 651) == 1 and worker_count(4, 5) == 4  # an explicit number is obeyed
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert worker_count(None, 100_000) == 8  # capped: more workers than that only add memory


def test_cli_jobs_takes_auto_or_a_number(tmp_path: Path) -> None:
    out = tmp_path / "out"
    bad = CliRunner().invoke(main, ["batch", "--out", str(out), "--jobs", "0"])
    assert bad.exit_code == 2 and "'0' is not a number of processes (1 or more) or 'auto'" in bad.output
    assert not out.exists()
    auto = CliRunner().invoke(main, ["batch", "--out", str(out), "--only", "country:Wales", "-q", "--jobs", "auto"])
    assert auto.exit_code == 0, auto.output
    assert len(list(out.glob("*.md"))) == 32  # every Welsh seat


def test_only_selects_by_region_result_party_and_name(dataset: Dataset) -> None:
    contests = {c.name: c for c in dataset.election.contests}
    london, _ = select_seats(dataset, ["region:London"])
    assert london and all(contests[s].region == "London" for s in london)
    assert len(london) == sum(1 for c in contests.values() if c.region == "London")
    assert select_seats(dataset, ["London"])[0] == london
    gains, _ = select_seats(dataset, ["gains"])
    assert gains and all(dataset.facts(s).result == "gain" for s in gains)
    london_gains, _ = select_seats(dataset, ["gains", "region:London"])
    assert set(london_gains) == set(gains) & set(london)
    wales_ld, _ = select_seats(dataset, ["country:Wales", "party:LD"])
    assert wales_ld and all(
        contests[s].country == "Wales" and contests[s].candidates[0].party_code == "LD" for s in wales_ld
    )
    named, _ = select_seats(dataset, ["Chorley; north herefordshire"])
    assert named == [s for s in dataset.seat_names if s in ("Chorley", "North Herefordshire")]
    with pytest.raises(UnknownSeatError):
        select_seats(dataset, ["Chorleywood"])
    with pytest.raises(NewsgenError):
        select_seats(dataset, ["region:Atlantis"])


def test_only_keeps_areas_that_touch_the_selection(southend_dataset: Dataset) -> None:
    jobs, failures = plan_jobs(southend_dataset, ["Southend West and Leigh"])
    assert [(j.kind, j.slug) for j in jobs] == [("seat", "southend-west-and-leigh"), ("area", "southend")]
    jobs, _ = plan_jobs(southend_dataset, ["region:London"])
    assert all(j.kind == "seat" for j in jobs) and not failures


def test_cli_is_quiet_when_piped_and_passes_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", "--out", str(out), "--only", "country:Wales", "--format", "txt"])
    assert result.exit_code == 0, result.output
    assert "Writing stories" not in result.output and "Warning: " in result.stderr  # no progress bar without a terminal
    assert result.stdout.startswith("32 stories")
    assert len(list(out.glob("*.txt"))) == 32
    again = CliRunner().invoke(main, ["batch", "--out", str(out), "--only", "country:Wales", "--format", "txt", "-q"])
    assert again.exit_code == 0 and again.stdout == ""


def test_unknown_format_is_refused_before_writing(tmp_path: Path, dataset: Dataset) -> None:
    with pytest.raises(NewsgenError, match="unknown format"):
        run_batch(dataset, tmp_path / "out", formats=["md", "docx"])
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "seat.md"
    target.write_bytes(b"old story\n")

    def boom(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new story\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"old story\n"
    assert not list(tmp_path.glob(f".*{TMP_SUFFIX}"))
    (tmp_path / f".seat.md.123{TMP_SUFFIX}").write_bytes(b"half")  # as left by a killed process
    assert clean_temporaries(tmp_path) == 1
    assert write_if_changed(target, b"old story\n") is False
    assert write_if_changed(target, b"new story\n") is True and target.read_bytes() == b"new story\n"


#: markup and ampersands planted in every field a story prints from the data or the context file
PLANTED = {
    "given name": "<script>alert(1)</script> Jo & Co",
    "party": "<b>Party</b> & Friends",
    "seat": "Chorley <i>Town</i> & Fields",
    "venue": "the <u>Town</u> Hall & Spa",
    "speaker": "Sam <em>Said</em> & Co",
    "role": "the <s>agent</s> & friend",
    "quote": "We <q>won</q> & <script>x()</script> it",
}


def test_data_is_escaped_in_html_outputs(tmp_path: Path) -> None:
    seat = PLANTED["seat"]

    def plant(row: dict[str, str]) -> None:
        row["Constituency name"] = seat
        if row["Candidate result position"] == "1":
            row["Candidate given name"] = PLANTED["given name"]
        if row["Candidate result position"] == "2":
            row["Main party name"], row["Main party abbreviation"] = PLANTED["party"], "PF"

    results = edited_results(tmp_path / "xss.csv", "Chorley", plant)
    quote = {"speaker": PLANTED["speaker"], "role": PLANTED["role"], "text": PLANTED["quote"]}
    context = tmp_path / "context.json"  # JSON is YAML too: no quoting rules to get wrong
    context.write_text(json.dumps({"seats": {seat: {"venue": PLANTED["venue"], "quotes": [quote]}}}), encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch(
        Dataset(results, context=load_context(context)), out, formats=["html", "ninjs", "md"], only=[seat], now=NOW
    )
    assert not report.failed
    name = slug(seat)
    # Markdown: a CMS renders it to HTML, so no tag may survive there either
    markdown = (out / f"{name}.md").read_text(encoding="utf-8")
    assert "<" not in markdown and ">" not in markdown
    for field, value in PLANTED.items():
        assert value.replace("<", "&lt;").replace(">", "&gt;") in markdown, field
    page = (out / f"{name}.html").read_text(encoding="utf-8")
    body = json.loads((out / f"{name}.ninjs.json").read_text(encoding="utf-8"))["body_html"]
    for where, text in (("html", page), ("ninjs body_html", body)):
        assert "<script" not in text, where
        for field, value in PLANTED.items():
            assert value not in text, (where, field)  # never as markup
            assert html.escape(value, quote=False) in text, (where, field)  # but printed, as text
    assert slug("Southend West & Leigh") == "southend-west-and-leigh"


# -- streaming and synthetic results ------------------------------------------------------


def test_stream_writes_what_the_in_memory_batch_writes(
    tmp_path: Path, southend_context: Context, full_batch: tuple[Path, object]
) -> None:
    from newsgen.batch.runner import prepare_output
    from newsgen.batch.stream import stream_batch

    memory, _ = full_batch
    streamed = tmp_path / "streamed"
    settings = prepare_output(streamed, FORMATS, now=NOW)
    report = stream_batch(RESULTS, streamed, settings, context=southend_context, workers=2, chunk=40)
    assert report.written == 651 and not report.failed
    assert snapshot(memory) == snapshot(streamed)


def test_stream_names_a_broken_seat_with_its_row_in_the_file(tmp_path: Path) -> None:
    def corrupt(row: dict[str, str]) -> None:
        if row["Candidate result position"] == "2":
            row["Candidate vote count"] = "12x4"

    results = edited_results(tmp_path / "bad.csv", "Chorley", corrupt, seats=SOME_SEATS)
    in_memory = Dataset(results).loaded.rejected["Chorley"][0]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", "--out", str(out), "--results", str(results), "--stream", "-j", "2"])
    assert result.exit_code == 1
    assert f"FAILED Chorley: {str(in_memory).splitlines()[0]}" in result.output
    assert f"row {in_memory.row}," in result.output
    assert len(list(out.glob("*.md"))) == SOME_SEATS


def awkward_csv(
    path: Path, edit: Callable[[list[str], dict[str, int]], None] | None = None, *, seats: int = 2 * SOME_SEATS
) -> Path:
    """The 2024 results as awkward but valid CSV: a byte-order mark, CRLF line ends, a
    quoted newline (in a column newsgen does not read), blank lines inside a seat's rows
    and between seats, and no newline at the end. The file's first ``seats`` seats and
    Chorley: the awkwardness is in the first 60 rows."""
    import codecs
    import io

    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        header, *body = list(csv.reader(fh))
    col = {name: i for i, name in enumerate(header)}
    keep = set(list(dict.fromkeys(row[col["Constituency name"]] for row in body))[:seats]) | {"Chorley"}
    body = [row for row in body if row[col["Constituency name"]] in keep]
    body[10][col["Candidate Member URL"]] = "a note\nover two lines"
    for row in body:
        if edit:
            edit(row, col)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    seat = col["Constituency name"]
    for i, row in enumerate(body):
        writer.writerow(row)
        if i in (2, 40) or (i < 60 and i + 1 < len(body) and body[i + 1][seat] != row[seat]):
            buf.write("\r\n")
    path.write_bytes(codecs.BOM_UTF8 + buf.getvalue().rstrip("\r\n").encode("utf-8"))
    return path


def test_stream_reads_awkward_csv_as_the_loader_does(tmp_path: Path) -> None:
    """Streamed seats are read back from the file by byte range: awkward CSV must survive."""
    from newsgen.batch.runner import prepare_output
    from newsgen.batch.stream import stream_batch
    from newsgen.context import EMPTY

    path = awkward_csv(tmp_path / "awkward.csv")
    memory, streamed = tmp_path / "memory", tmp_path / "streamed"
    run_batch(Dataset(path), memory, formats=("md",), now=NOW)
    settings = prepare_output(streamed, ("md",), now=NOW)
    report = stream_batch(path, streamed, settings, context=EMPTY, workers=2, chunk=40)
    assert report.written == 2 * SOME_SEATS + 1 and not report.failed
    assert snapshot(memory) == snapshot(streamed)

    def break_chorley(row: list[str], col: dict[str, int]) -> None:
        if row[col["Constituency name"]] == "Chorley" and row[col["Candidate result position"]] == "3":
            row[col["Candidate vote count"]] = "12x4"

    broken = awkward_csv(tmp_path / "broken.csv", break_chorley)
    in_memory = Dataset(broken).loaded.rejected["Chorley"][0]
    assert in_memory.row and in_memory.row > 60  # after the blank lines and the two-line row
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", "--out", str(out), "--results", str(broken), "--stream", "-j", "2"])
    assert result.exit_code == 1
    assert f"FAILED Chorley: {str(in_memory).splitlines()[0]}" in result.output
    assert f"row {in_memory.row}," in result.output


def test_stream_refuses_a_file_that_is_not_utf8_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    data = RESULTS.read_bytes()
    cut = data.index(b"\n", 20000) + 1
    path.write_bytes(data[:cut] + "Bront\u00eb,".encode("latin-1") + data[cut:])
    result = CliRunner().invoke(main, ["batch", "--out", str(tmp_path / "out"), "--results", str(path), "--stream"])
    assert result.exit_code != 0
    assert "is not UTF-8 text" in result.output and "Traceback" not in result.output


def test_synthetic_results_load_cleanly_and_add_up(tmp_path: Path) -> None:
    from newsgen.synthetic import seat_name, write

    path = write(tmp_path / "synthetic.csv", 300, seed=7)
    assert write(tmp_path / "again.csv", 300, seed=7).read_bytes() == path.read_bytes()
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        assert header == next(csv.reader(fh))  # the Commons Library schema, all columns
    dataset = Dataset(path)
    assert not dataset.loaded.rejected and len(dataset.seat_names) == 300
    countries = {c.country for c in dataset.election.contests}
    assert countries == {"England", "Scotland", "Wales", "Northern Ireland"}
    for contest in dataset.election.contests:
        votes = [c.votes for c in contest.candidates]
        assert sum(votes) == contest.valid_votes
        assert votes == sorted(votes, reverse=True) and len(set(votes)) == len(votes)
        assert contest.published_majority == votes[0] - votes[1]
        winner = contest.candidates[0].party_code
        assert contest.result_summary.startswith(winner + " ")
        assert 3 <= len(votes) <= 11
    stories = [dataset.story([s]) for s in dataset.seat_names[:40]]
    assert len({s.lead for s in stories}) >= 2
    names = [seat_name(i) for i in range(100_000)]
    assert len(set(names)) == len(names)


def test_db_applies_the_editors_saved_lead(tmp_path: Path, dataset: Dataset) -> None:
    from newsgen.choices import Choice, ChoiceStore

    seat = dataset.contest("North Herefordshire").seat_id
    default = dataset.story(["North Herefordshire"])
    other = next(a["id"] for a in default.angles if a["id"] != default.lead)
    db = tmp_path / "choices.sqlite"
    ChoiceStore(db).save(Choice(story_id=seat, lead=other))
    plain, chosen = tmp_path / "plain", tmp_path / "chosen"
    for out, extra in ((plain, []), (chosen, ["--db", str(db)])):
        args = ["batch", "--out", str(out), "--only", "North Herefordshire; Chorley", *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    leads = {e["name"]: e["lead"]["id"] for e in json.loads((chosen / "index.json").read_text())["stories"]}
    assert leads == {"North Herefordshire": other, "Chorley": dataset.story(["Chorley"]).lead}
    assert (plain / "north-herefordshire.md").read_bytes() != (chosen / "north-herefordshire.md").read_bytes()
    assert (plain / "chorley.md").read_bytes() == (chosen / "chorley.md").read_bytes()


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    import io
    import sys

    from newsgen.cli.batch import _progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with contextlib.ExitStack() as stack:
        monkeypatch.setattr(sys, "stderr", io.StringIO())
        assert _progress_bar(stack) is None
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        start = _progress_bar(stack)
        assert start is not None
        tick = start(4)
        for _ in range(4):
            tick(1)
    assert "Writing stories" in screen.getvalue() and "100%" in screen.getvalue()


def test_only_reads_a_list_of_seats_from_a_file(tmp_path: Path, dataset: Dataset) -> None:
    names = tmp_path / "seats.txt"
    names.write_text("# our patch\nChorley\n\nsouthend west & leigh\n", encoding="utf-8")
    chosen, set_aside = select_seats(dataset, [f"@{names}"])
    assert chosen == [s for s in dataset.seat_names if s in ("Chorley", "Southend West and Leigh")]
    assert set_aside == []


def test_loader_warnings_are_printed_with_the_files_row(tmp_path: Path) -> None:
    def mangle(row: dict[str, str]) -> None:
        if row["Candidate result position"] == "2":
            row["Candidate given name"] = "JosÃ©"  # "José" read as Latin-1

    results = edited_results(tmp_path / "mojibake.csv", "Chorley", mangle, seats=SOME_SEATS)
    expected = [w.splitlines()[0] for w in Dataset(results).loaded.warnings]
    assert any("double-encoded" in w and "Chorley" in w for w in expected)
    for extra in ([], ["--stream", "-j", "2"]):
        out = tmp_path / f"out{len(extra)}"
        result = CliRunner().invoke(main, ["batch", "--out", str(out), "--results", str(results), "-q", *extra])
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [f"Warning: {w}" for w in expected], extra


# -- the verifier and interruptions inside a real batch -----------------------------------------


def test_a_story_the_verifier_refuses_fails_alone_and_is_named(tmp_path: Path) -> None:
    # a newsroom's lede for the Speaker's seat (Chorley is the only one) prints a figure the
    # data does not have: that story is refused and named; the other seats are written
    folder = tmp_path / "newsroom" / "lede"
    folder.mkdir(parents=True)
    (folder / "speaker_seat.j2").write_text("{{ ref(w) }} won {{ f.seat_name }} on 99.9 per cent.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", "--out", str(out), "--templates", str(tmp_path / "newsroom"), "-j", "1"]
    result = CliRunner().invoke(main, [*args, "--only", "Chorley", "--only", "Wycombe", "--only", "Clacton"])
    assert result.exit_code == 1
    assert "FAILED Chorley:" in result.output and "'99.9' (percent)" in result.output
    assert "2 written" in result.output and "1 failed" in result.output
    assert sorted(p.name for p in out.glob("*.md")) == ["clacton.md", "wycombe.md"]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in index["stories"]] == ["Clacton", "Wycombe"]


def test_a_killed_batch_leaves_whole_files_and_a_rerun_finishes_it(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    cmd = [sys.executable, "-c", "from newsgen.cli import run; run()", "batch", "--out", str(out), "-q", "-j", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*.md"))) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = {p.name: p.read_bytes() for p in out.glob("*.md")}
    assert 100 <= len(before) < 650, len(before)
    assert not (out / "index.json").exists()
    for name, data in before.items():  # each file whole: it ends with its result table's footer
        assert data.decode("utf-8").rstrip().endswith(".") and b"Majority " in data, name
    result = CliRunner().invoke(main, ["batch", "--out", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert f"{650 - len(before)} written" in result.output and f"{len(before)} unchanged" in result.output
    assert len(list(out.glob("*.md"))) == 650
    assert not list(out.glob(f".*{TMP_SUFFIX}"))
    assert {name: (out / name).read_bytes() for name in before} == before
    assert len(json.loads((out / "index.json").read_text(encoding="utf-8"))["stories"]) == 650
