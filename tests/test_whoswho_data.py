"""The bundled who's who files (fixtures/whoswho/ge<YEAR>.yaml) agree with the bundled results.

Each person must be a candidate at that election, matched by "Candidate MNIS ID" with the
same given + family name, constituency and party abbreviation as the results file; every
role and honorific must cite a source declared in the file. No network.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import get_args

import pytest
import yaml

from newsgen.facts.whoswho import Kind
from newsgen.resources import GE_FILES, bundled

ROOT = Path(__file__).resolve().parent.parent
WHOSWHO = ROOT / "fixtures" / "whoswho"

#: the bundled results each who's who is checked against, by election year
RESULTS = {year: bundled(path) for year, path in GE_FILES.items()}

KINDS = set(get_args(Kind))  # the kinds the loader (newsgen.facts.whoswho) reads
HONORIFICS = {None, "Sir", "Dame", "Dr"}
TOP_KEYS = {"election", "as_of", "sources", "people"}
PERSON_KEYS = {"member_id", "name", "seat", "party", "honorific", "roles"}
ROLE_KEYS = {"title", "kind", "source"}
#: a role taken up or given up between dissolution and polling day (Farage, Tice, 2024)
ROLE_DATES = {"since", "until"}
SOURCE_KEYS = {"id", "title", "url", "accessed"}

FILES = sorted(WHOSWHO.glob("ge*.yaml"))


def _year(path: Path) -> int:
    return int(path.stem.removeprefix("ge"))


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _candidates(year: int) -> dict[int, list[dict[str, str]]]:
    """Rows of the results file keyed by MNIS id (a member stands once, but keep a list to check)."""
    by_id: dict[int, list[dict[str, str]]] = {}
    with RESULTS[year].open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            mnis = row["Candidate MNIS ID"].strip()
            if mnis:
                by_id.setdefault(int(mnis), []).append(row)
    return by_id


def test_there_is_a_file_for_every_bundled_election() -> None:
    years = {_year(p) for p in FILES}
    assert years == set(RESULTS), f"missing who's who for {set(RESULTS) - years}"
    assert years <= set(RESULTS), f"no bundled results for {years - set(RESULTS)}"


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.name)
def whoswho(request: pytest.FixtureRequest) -> tuple[int, dict]:
    path: Path = request.param
    return _year(path), _load(path)


def test_shape_and_dates(whoswho: tuple[int, dict]) -> None:
    year, doc = whoswho
    assert set(doc) == TOP_KEYS
    assert isinstance(doc["election"], dt.date) and doc["election"].year == year
    assert isinstance(doc["as_of"], dt.date) and doc["as_of"] < doc["election"]
    with RESULTS[year].open(encoding="utf-8-sig", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert first["Election polling date"] == doc["election"].isoformat()


def test_sources_are_declared_once_with_urls(whoswho: tuple[int, dict]) -> None:
    _, doc = whoswho
    ids = [s["id"] for s in doc["sources"]]
    assert len(ids) == len(set(ids)), "duplicate source id"
    for source in doc["sources"]:
        assert set(source) == SOURCE_KEYS, source
        assert source["url"].startswith(("https://", "http://")), source
        assert source["title"].strip()
        dt.date.fromisoformat(str(source["accessed"]))


def test_every_person_is_a_candidate_in_the_results_file(whoswho: tuple[int, dict]) -> None:
    year, doc = whoswho
    candidates = _candidates(year)
    seen: set[int] = set()
    for person in doc["people"]:
        assert set(person) == PERSON_KEYS, person
        mnis = person["member_id"]
        assert isinstance(mnis, int), person
        assert mnis not in seen, f"{mnis} listed twice"
        seen.add(mnis)
        rows = candidates.get(mnis)
        assert rows, f"{person['name']}: MNIS {mnis} is not a candidate in {year}"
        assert len(rows) == 1, f"MNIS {mnis} stands more than once in {year}"
        row = rows[0]
        name = f"{row['Candidate given name']} {row['Candidate family name']}"
        assert person["name"] == name, (mnis, person["name"], name)
        assert person["seat"] == row["Constituency name"], (mnis, person["seat"], row["Constituency name"])
        assert (person["party"] or "") == row["Main party abbreviation"], (mnis, person["party"])


HONORIFIC_LINE = re.compile(r"^\s*honorific:\s*(?P<value>\S+)\s*(?:#\s*source:\s*(?P<source>[\w.-]+))?")


def _honorific_sources(path: Path) -> list[tuple[str, str | None]]:
    """(honorific, source id) for each non-null honorific, read from the ``# source: id`` comment.

    The schema has no field for the honorific's source, so each Sir/Dame/Dr line carries it as a comment.
    """
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = HONORIFIC_LINE.match(line)
        if match and match["value"] != "null":
            found.append((match["value"], match["source"]))
    return found


def test_roles_and_honorifics_cite_declared_sources(whoswho: tuple[int, dict]) -> None:
    year, doc = whoswho
    declared = {s["id"] for s in doc["sources"]}
    used: set[str] = set()
    for person in doc["people"]:
        assert person["honorific"] in HONORIFICS, person
        roles = person["roles"]
        assert isinstance(roles, list)
        if not roles:
            assert person["honorific"], f"{person['name']}: no role and no honorific"
        for role in roles:
            assert ROLE_KEYS <= set(role) <= ROLE_KEYS | ROLE_DATES, role
            assert role["kind"] in KINDS, role
            assert role["title"].strip(), role
            assert role["source"] in declared, role
            used.add(role["source"])
    honorifics = _honorific_sources(WHOSWHO / f"ge{year}.yaml")
    assert len(honorifics) == sum(1 for p in doc["people"] if p["honorific"])
    for value, source in honorifics:
        assert source in declared, f"honorific {value} cites undeclared source {source!r}"
        used.add(source)
    assert declared == used, f"declared but never cited: {sorted(declared - used)}"


def test_one_prime_minister_and_one_speaker(whoswho: tuple[int, dict]) -> None:
    year, doc = whoswho
    candidates = _candidates(year)
    kinds = [(p, r["kind"]) for p in doc["people"] for r in p["roles"]]
    pms = [p for p, kind in kinds if kind == "prime_minister"]
    speakers = [p for p, kind in kinds if kind == "speaker"]
    assert len(pms) == 1, [p["name"] for p in pms]
    assert len(speakers) == 1, [p["name"] for p in speakers]
    speaker_row = candidates[speakers[0]["member_id"]][0]
    assert speaker_row["Candidate is standing as Commons Speaker"] == "true"
    standing_as_speaker = [
        rows[0]["Candidate MNIS ID"]
        for rows in candidates.values()
        if rows[0]["Candidate is standing as Commons Speaker"] == "true"
    ]
    assert standing_as_speaker == [str(speakers[0]["member_id"])]
    # One leader of the opposition at most, and the PM is not also listed as a former PM.
    assert sum(1 for _, kind in kinds if kind == "leader_of_the_opposition") <= 1
    assert not any(kind == "former_prime_minister" for p, kind in kinds if p is pms[0])
