"""A bundled results file's rows kept by seat: a one-seat load reads the same as the file."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from newsgen import resources
from newsgen.baselines.names import normalise
from newsgen.baselines.provider import BaselineProvider, read_cache
from newsgen.facts.whoswho import whoswho_for
from newsgen.readers import seat_cache
from newsgen.readers.common import read_text
from newsgen.readers.commons_library import _build, load_genders, load_results, parse_results
from newsgen.resources import BASELINE_CACHE_2024, DEFAULT_RESULTS, GE_FILES, GENDERS_2024, bundled


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for the test (whatever NEWSGEN_NO_CACHE says outside)."""
    monkeypatch.delenv("NEWSGEN_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "newsgen" / "kept"


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert a.election == b.election
    assert (a.all_seats, a.winner_codes, a.member_ids) == (b.all_seats, b.winner_codes, b.member_ids)
    assert a.warnings == b.warnings
    assert {k: [str(e) for e in v] for k, v in a.rejected.items()} == {
        k: [str(e) for e in v] for k, v in b.rejected.items()
    }


@pytest.mark.parametrize("year", [2024, 2019])
def test_every_seat_built_from_the_kept_rows_is_the_seat_read_from_the_file(cache_home: Path, year: int) -> None:
    path = bundled(GE_FILES[year])
    whole = load_results(path)  # reads the file, and keeps its rows
    kept = seat_cache.read(path)
    assert kept is not None and kept.rows is None and kept.texts is not None
    _same(_build(kept, file=path.name, genders=None, only=None), whole)
    assert len(whole.election.contests) == 650


def test_a_one_seat_load_reads_the_kept_rows_and_gives_what_the_file_gives(cache_home: Path) -> None:
    path = bundled(DEFAULT_RESULTS)
    genders = load_genders(bundled(GENDERS_2024))
    only = {normalise("North Herefordshire"), normalise("Ynys Môn")}
    first = load_results(path, genders=genders, only=only)  # nothing kept yet: the file, then kept
    assert [p.name.split("-rows-")[0] for p in cache_home.glob("*-rows-*")] == [Path(DEFAULT_RESULTS).stem]
    again = load_results(path, genders=genders, only=only)
    from_text = parse_results(read_text(path), file=path.name, genders=genders, only=only)
    _same(again, from_text)
    _same(first, from_text)
    assert [c.name for c in again.election.contests] == ["North Herefordshire", "Ynys Môn"]
    assert load_genders(bundled(GENDERS_2024)) == genders  # kept, and the same


def _small_file(folder: Path, seats: list[str], *, clash: bool = False) -> Path:
    """A Commons Library file holding a few of the 2024 seats (the second given the first's
    GSS code with ``clash``), in ``folder``."""
    rows = list(csv.reader(io.StringIO(read_text(bundled(DEFAULT_RESULTS)))))
    header, body = rows[0], rows[1:]
    name, code = header.index("Constituency name"), header.index("Constituency geographic code")
    picked = [r for r in body if r[name] in seats]
    if clash:
        first = next(r[code] for r in picked if r[name] == seats[0])
        for r in picked:
            if r[name] == seats[1]:
                r[code] = first
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.csv"
    out = io.StringIO()
    csv.writer(out).writerows([header, *picked])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_changed_file_is_read_afresh(cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _small_file(tmp_path / "fixtures", ["Chorley", "Ynys Môn"])
    monkeypatch.setattr(resources, "fixtures_dir", lambda: tmp_path / "fixtures")
    only = {normalise("Chorley")}
    load_results(path)
    assert seat_cache.read(path) is not None
    path.write_text(path.read_text(encoding="utf-8").replace("Chorley", "Chorley Town"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # and another modification time, whatever the clock
    assert seat_cache.read(path) is None  # stale: not read
    loaded = load_results(path, only={normalise("Chorley Town")})
    assert [c.name for c in loaded.election.contests] == ["Chorley Town"]
    assert not load_results(path, only=only).election.contests  # the old name is gone
    assert len(list(cache_home.glob("*-rows-*"))) == 1  # the old entry replaced


def test_a_seat_the_whole_read_set_aside_is_read_from_the_file_for_its_error(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _small_file(tmp_path / "fixtures", ["Chorley", "Ynys Môn", "North Herefordshire"], clash=True)
    monkeypatch.setattr(resources, "fixtures_dir", lambda: tmp_path / "fixtures")
    whole = load_results(path)
    assert set(whole.rejected) == {"Chorley", "Ynys Môn"}
    assert seat_cache.read(path).bad == {"Chorley", "Ynys Môn"}  # type: ignore[union-attr]
    one = load_results(path, only={normalise("Ynys Môn")})
    assert [str(e) for e in one.rejected["Ynys Môn"]] == [str(e) for e in whole.rejected["Ynys Môn"]]
    fine = load_results(path, only={normalise("North Herefordshire")})
    assert [c.name for c in fine.election.contests] == ["North Herefordshire"] and not fine.rejected


def test_only_bundled_files_are_kept_and_no_cache_means_none(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _small_file(tmp_path / "mine", ["Chorley"])  # a newsroom's own file: may change any time
    load_results(path)
    assert seat_cache.read(path) is None and not cache_home.exists()
    monkeypatch.setenv("NEWSGEN_NO_CACHE", "1")
    load_results(bundled(GE_FILES[2019]))
    assert not cache_home.exists()


def test_a_whole_read_with_its_rows_kept_already_does_not_write_them_again(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bundled(GE_FILES[2019])
    load_results(path)
    (entry,) = cache_home.glob("*-rows-*")
    before = entry.stat().st_mtime_ns

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the rows were written out again")

    monkeypatch.setattr(seat_cache.csv, "writer", refuse)  # (a batch reads the file whole each run)
    again = load_results(path)
    assert len(again.election.contests) == 650
    assert list(cache_home.glob("*-rows-*")) == [entry] and entry.stat().st_mtime_ns == before


def test_an_unreadable_entry_is_ignored(cache_home: Path) -> None:
    path = bundled(GE_FILES[2019])
    load_results(path)
    (entry,) = cache_home.glob("*-rows-*")
    entry.write_bytes(b"not marshal data")
    assert seat_cache.read(path) is None  # and the entry removed, so that the next read keeps it again
    one = load_results(path, only={normalise("Chorley")})
    assert [c.name for c in one.election.contests] == ["Chorley"]
    assert seat_cache.read(path) is not None


def test_the_kept_baselines_are_the_bundled_file_record_for_record(cache_home: Path) -> None:
    """The 2024 baselines file kept record by record: every section decodes to the file's own."""
    path = bundled(BASELINE_CACHE_2024)
    whole = json.loads(path.read_text(encoding="utf-8"))
    read_cache(path)  # reads the file and keeps it
    assert len(list(cache_home.glob("baselines-2024-baselines-*"))) == 1
    kept = read_cache(path)  # from what was kept
    assert kept.keys() == whole.keys()
    for name, section in whole.items():
        assert (dict(kept[name]) if isinstance(section, dict) else kept[name]) == section, name  # type: ignore[call-overload]


def test_a_seat_s_baseline_is_the_same_kept_or_read_from_the_file(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    election = load_results(bundled(DEFAULT_RESULTS)).election
    contests = [c for c in election.contests if c.name in ("Southend West and Leigh", "Richmond and Northallerton")]

    def baselines() -> list[Any]:
        provider = BaselineProvider(election)
        return [(provider.for_seat(c), [provider.tenure(x.member_id) for x in c.candidates]) for c in contests]

    read_cache(bundled(BASELINE_CACHE_2024))  # kept
    kept = baselines()
    monkeypatch.setenv("NEWSGEN_NO_CACHE", "1")
    assert kept == baselines() and kept[0][0].seat_name == "Richmond and Northallerton"


def test_the_kept_who_s_who_is_the_bundled_file_s(cache_home: Path) -> None:
    whoswho_for.cache_clear()
    read = whoswho_for(2024)  # from the YAML, then kept
    assert len(list(cache_home.glob("ge2024-whoswho-*"))) == 1
    whoswho_for.cache_clear()
    assert whoswho_for(2024) == read and read.people  # from what was kept
    whoswho_for.cache_clear()


def test_a_provider_that_does_not_remember_seats_gives_the_same_baselines_and_keeps_none() -> None:
    """The watcher's provider: each declaration's baseline read afresh, none held all night."""
    seats = {normalise("Southend West and Leigh"), normalise("Clacton")}
    election = load_results(bundled(DEFAULT_RESULTS), only=seats).election
    remembers, forgets = BaselineProvider(election), BaselineProvider(election, remember_seats=False)
    twice = [forgets.for_seat(c) for c in election.contests] + [forgets.for_seat(c) for c in election.contests]
    assert twice == [remembers.for_seat(c) for c in election.contests] * 2
    assert len(remembers._baselines) == 2 and forgets._baselines == {}
