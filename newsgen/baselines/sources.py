"""Readers for the baseline data files: history 1918-2019, notional 2019, earlier elections."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsgen.baselines.models import HistoryEntry, MemberResult, MemberTenure, NotionalResult, PreviousResult
from newsgen.baselines.names import normalise, tidy_name, tokens, word_set
from newsgen.readers.common import read_text
from newsgen.records.models import Contest, Election, SourceRef

HISTORY_GROUPS = ("con", "lib", "lab", "natSW", "oth")

#: notional spreadsheet vote column -> party code used in the 2024 results file.
#: The Brexit Party's 2019 vote is Reform UK's baseline (Reform is the renamed Brexit Party).
NOTIONAL_COLUMNS = {
    "Conv": "Con",
    "Labv": "Lab",
    "LDv": "LD",
    "Grnv": "Green",
    "Brxv": "RUK",
    "SNPv": "SNP",
    "PCv": "PC",
    "APNIv": "APNI",
    "DUPv": "DUP",
    "SDLPv": "SDLP",
    "SFv": "SF",
    "UUPv": "UUP",
}
OTHERS_COLUMN = "TotOthv"


def _int(text: str) -> int:
    text = (text or "").strip().replace(",", "")
    return int(float(text)) if text else 0


#: the 1918-1950 names' direction adjectives, read as today's: "Norfolk Southern" is South Norfolk
_DIRECTIONS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}
#: words that do not name a place on their own ("Leeds North" without "Leeds" is no seat)
_PLACELESS = frozenset({"north", "south", "east", "west", "central", "mid", "and", "the", "of", "city", "upon", "on"})
#: words two seat names can share without being the same place ("Southend On Sea" and
#: "Southend West" share Southend; "Isle of Wight" and "Isle of Ely" share nothing)
_GENERIC_NAME_WORDS = _PLACELESS | frozenset({"sea", "isle", "st", "saint", "with", "in", "under", "le", "borough"})
#: until the 1955 boundaries many county seats were named county first: "Buckinghamshire Wycombe"
_COUNTY_FIRST_UNTIL = 1951


@lru_cache(maxsize=8192)
def history_key(name: str) -> frozenset[str]:
    """The words a seat is looked up by in the history file: order ignored, "Southern" as "south".

    Cached (a name's key never changes; room for every seat name of every file, several
    times over): each story's facts compare every history entry's name with the seat's."""
    return word_set(_DIRECTIONS.get(word, word) for word in normalise(name).split())


def own_history(names: Iterable[str], seat: str) -> bool:
    """Are the names a history was found under all the seat's own (not a predecessor's under
    another name)? Only then may a story say when "the seat" was created or set a record."""
    key = history_key(seat)
    return all(history_key(n) == key for n in names)


def place_words(name: str) -> frozenset[str]:
    """The words of a name that name a place ("southend" in "Southend West and Leigh")."""
    return history_key(name) - _GENERIC_NAME_WORDS


@dataclass(frozen=True, slots=True)
class HistoryIndex:
    """The history file: each seat's winners by name words, and every election it covers."""

    by_key: dict[frozenset[str], list[HistoryEntry]]
    elections: tuple[str, ...]  # the file's labels in order: "1918" ... "1974F", "1974O" ... "2019"


def read_history(path: Path) -> HistoryIndex:
    """Winners by seat-name words. Multi-member seats and uncountable rows are skipped.

    A county-first name from before the 1955 boundaries ("Essex Colchester") is also found
    under the rest of its name ("Colchester"), so a seat's history reaches back past it.
    """
    reader = csv.DictReader(io.StringIO(read_text(path)))
    entries: list[HistoryEntry] = []
    labels: set[str] = set()
    for row in reader:
        year_text = row["election"].strip()
        labels.add(year_text)
        if (row.get("seats") or "1").strip() != "1":
            continue
        votes = {g: _int(row.get(f"{g}_votes", "")) for g in HISTORY_GROUPS}
        if all(v == 0 for v in votes.values()):
            continue
        unopposed = [g for g, v in votes.items() if v < 0]
        winner = unopposed[0] if unopposed else max(votes, key=lambda g: votes[g])
        if not unopposed and sorted(votes.values())[-1] == sorted(votes.values())[-2]:
            continue  # a tie between groups: no winner can be named from this file
        name = tidy_name(row["constituency_name"].strip())
        low, high = (None, None) if unopposed else majority_bounds(votes, winner)
        entries.append(
            HistoryEntry(
                year=int(year_text[:4]),
                election=year_text,
                seat_name=name,
                winner_group=winner,
                majority_low=low,
                majority_high=high,
            )
        )
    out: dict[frozenset[str], list[HistoryEntry]] = defaultdict(list)
    for entry in entries:
        out[history_key(entry.seat_name)].append(entry)
    for entry, key in _county_first_names(entries).items():
        if not any(e.election == entry.election for e in out.get(key, ())):
            out[key].append(entry)
    for found in out.values():
        found.sort(key=lambda e: (e.election, e.seat_name))
    return HistoryIndex(dict(out), tuple(sorted(labels)))


def majority_bounds(votes: dict[str, int], winner: str) -> tuple[int, int]:
    """The least and the most the winner's majority can have been, from votes by party group.

    A group's votes are exact for one candidate, but "oth" sums every other candidate: a runner-up
    among them polled somewhere between one vote and the whole "oth" total, and a winner among
    them at most that total. So the bounds are exact only where no "oth" vote could be second.
    """
    rivals = [v for g, v in votes.items() if g not in (winner, "oth")]
    named = max(rivals, default=0)  # the best-placed rival group: the runner-up polled at least this
    others = votes.get("oth", 0)
    if winner == "oth":
        # one "other" won with at most the group's total; another "other" may have been second
        return 0, max(others - named, 0)
    low = votes[winner] - max(named, others)
    high = votes[winner] - named
    return max(low, 0), high


def _county_first_names(entries: list[HistoryEntry]) -> dict[HistoryEntry, frozenset[str]]:
    """Early entries named county first, with the key of the rest of the name.

    A county is a first word that begins three or more different early names and is not a
    direction ("Essex" in "Essex Colchester", "Essex Romford", ...); the rest must name a place.
    """
    early = [e for e in entries if e.year <= _COUNTY_FIRST_UNTIL]
    names = {normalise(e.seat_name) for e in early}
    firsts = Counter(name.split()[0] for name in names if len(name.split()) > 1)
    counties = {word for word, n in firsts.items() if n >= 3 and word not in _PLACELESS}
    out: dict[HistoryEntry, frozenset[str]] = {}
    for entry in early:
        first, _, rest = normalise(entry.seat_name).partition(" ")
        if first in counties and rest:
            key = history_key(rest)
            if key - _PLACELESS:  # the directions are placeless too
                out[entry] = key
    return out


def read_notionals(path: Path) -> dict[str, NotionalResult]:
    """Notional 2019 results keyed by GSS code *and* by normalised seat name words."""
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    out: dict[str, NotionalResult] = {}
    for line, row in enumerate(reader, start=2):
        votes = {code: _int(row.get(col, "")) for col, code in NOTIONAL_COLUMNS.items()}
        others = _int(row.get(OTHERS_COLUMN, ""))
        if others:
            votes["Oth"] = others
        votes = {c: v for c, v in votes.items() if v}
        result = NotionalResult(
            turnout=float(row['"turnout"'] if '"turnout"' in row else row.get("turnout", 0) or 0),
            electorate=_int(row["electorate"]),
            total_votes=_int(row["total_votes"]),
            winner_code=_party_code(row["Win19"]),
            second_code=_party_code(row["Second19"]),
            votes_by_party=votes,
            source=SourceRef(file=path.name, rows=(line,)),
        )
        out[row["ONS code"].strip()] = result
        out["name:" + " ".join(sorted(tokens(row["Boundary Comm name"])))] = result
    return out


def _party_code(text: str) -> str:
    text = text.strip()
    return {"Grn": "Green", "Brx": "RUK", "Spk": "Spk"}.get(text, text)


def previous_results(election: Election) -> dict[str, PreviousResult]:
    """Each contest of an earlier election as a PreviousResult, keyed by seat name."""
    return {c.name: previous_result(c, election.year) for c in election.contests}


def previous_result(contest: Contest, year: int) -> PreviousResult:
    votes: dict[str, int] = defaultdict(int)
    for cand in contest.candidates:
        votes[cand.party_code] += cand.votes
    winner = contest.candidates[0]
    return PreviousResult(
        seat_name=tidy_name(contest.name),
        year=year,
        electorate=contest.electorate,
        valid_votes=contest.valid_votes,
        invalid_votes=contest.invalid_votes,
        winner_code=winner.party_code,
        winner_name=winner.name,
        winner_member_id=winner.member_id,
        votes_by_party=dict(votes),
        source=contest.source,
    )


def member_records(elections: list[Election], members: set[int]) -> dict[int, tuple[MemberResult, ...]]:
    """Every candidacy of each of ``members`` at the elections given, oldest first."""
    out: dict[int, list[MemberResult]] = defaultdict(list)
    for election in sorted(elections, key=lambda e: e.polling_date):
        for contest in election.contests:
            for cand in contest.candidates:
                if cand.member_id in members:
                    out[cand.member_id].append(
                        MemberResult(
                            year=election.year,
                            seat=tidy_name(contest.name),
                            party=cand.party_code,
                            position=cand.position,
                        )
                    )
    return {k: tuple(v) for k, v in out.items()}


def member_tenures(elections: list[Election]) -> dict[int, MemberTenure]:
    """Each member's unbroken run of general-election wins ending at the latest election given."""
    elections = sorted(elections, key=lambda e: e.polling_date)
    if not elections:
        return {}
    wins: dict[int, dict[int, tuple[str, bool, str]]] = defaultdict(dict)
    for election in elections:
        for contest in election.contests:
            winner = contest.candidates[0]
            if winner.member_id is not None:
                wins[winner.member_id][election.year] = (
                    tidy_name(contest.name),
                    winner.sitting_mp,
                    winner.party_code,
                )
    years = [e.year for e in elections]
    out: dict[int, MemberTenure] = {}
    for member, won in wins.items():
        if years[-1] not in won:
            continue
        run = []
        for year in reversed(years):
            if year not in won:
                break
            run.append(year)
        since = run[-1]
        seats = tuple(dict.fromkeys(won[y][0] for y in sorted(run)))
        last = won[years[-1]]
        out[member] = MemberTenure(member_id=member, since=since, before=won[since][1], seats=seats, party=last[2])
    return out
