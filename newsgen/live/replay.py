"""Play a whole election into a folder as PA would send it: one result message per seat.

For rehearsals and tests of the live night (``newsgen replay RESULTS --to INBOX``): every
contest of a results file (any source a reader knows) becomes a PA ``FirstPastThePostResult``
message, written atomically (a temporary name, then a rename: a watcher never sees half a
file), in declaration order where the file gives declaration times and in the file's order
where it does not (the bundled 2024 file leaves them blank), ``speed`` times faster than the
gaps between declarations (0: as fast as the disk allows).

Each message is valid against PA's schema (a test checks every one) and carries what PA's
does: the candidates, their votes, shares and party abbreviations, who was elected, the
sitting member, the candidate's sex where the data gives it, the seat's electorate, turnout,
majority and PA's gain or hold.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

from newsgen.errors import NewsgenError
from newsgen.records.models import Contest, Election

__all__ = ["message", "replay"]

#: the Commons Library's codes that PA writes otherwise
_PA_CODES = {"Con": "C", "RUK": "Reform"}
_SAFE = re.compile(r"[^A-Za-z0-9]+")


def _q(value: object) -> str:
    return quoteattr(str(value))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}" if whole else "0.00"


def message(
    contest: Contest, election: Election, number: int, *, revision: int = 1, declared: str | None = None
) -> str:
    """One seat's result as PA's FirstPastThePostResult message."""
    ballots = contest.valid_votes + contest.invalid_votes
    cands = contest.candidates
    winner = next((c for c in cands if c.elected), cands[0])
    runner = next((c for c in cands if c is not winner), None)
    majority = winner.votes - (runner.votes if runner else 0)
    summary = contest.result_summary.split()
    gain_or_hold = {"hold": "hold", "gain": "gain"}.get(summary[1] if len(summary) > 1 else "", "")
    sitting = summary[3] if gain_or_hold == "gain" and len(summary) == 4 else (summary[0] if summary else "")
    rows = []
    for c in cands:
        code = c.party_code
        attrs = [
            'elected="*"' if c is winner else "",
            'previousSittingMember="*"' if c.sitting_mp else "",
            f"paId={_q(c.member_id or c.row or 0)}",
            {"male": 'sex="M"', "female": 'sex="F"'}.get((c.gender or "").lower(), ""),
            f"firstName={_q(c.given_name)}",
            f"surname={_q(c.family_name)}",
        ]
        name = "Speaker" if c.speaker else (c.party.name if c.party else "Independent")
        party = (
            f"<Party paId={_q(zlib.crc32(code.encode()) % 100000)} name={_q(name)} "
            f"abbreviation={_q(_PA_CODES.get(code, code))} votes={_q(c.votes)} "
            f"percentageShare={_q(_pct(c.votes, contest.valid_votes))}"
            + ("" if c.share_change is None else f" percentageShareChange={_q(f'{100 * c.share_change:+.2f}')}")
            + " />"
        )
        rows.append(f"      <Candidate {' '.join(a for a in attrs if a)}>\n        {party}\n      </Candidate>")
    winning = _PA_CODES.get(winner.party_code, winner.party_code)
    head = [
        f"number={_q(number)}",
        f"name={_q(contest.name)}",
        f"electorate={_q(contest.electorate)}",
        f"turnout={_q(ballots)}",
        f"percentageTurnout={_q(_pct(ballots, contest.electorate))}",
        f"winningParty={_q(winning)}",
        f"gainOrHold={_q(gain_or_hold)}" if gain_or_hold else "",
        f"sittingParty={_q(_PA_CODES.get(sitting, sitting))}" if gain_or_hold and sitting else "",
        f"majority={_q(majority)}",
        f"percentageMajority={_q(_pct(majority, contest.valid_votes))}",
    ]
    at = _time(declared)  # as xs:dateTime: the Commons Library writes "2019-12-13 02:30:00 UTC"
    when = (at or dt.datetime.now(dt.UTC).replace(microsecond=0)).isoformat()
    kind = "B" if election.kind == "by-election" else "G"
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<FirstPastThePostResult revision={_q(revision)} declarationTime={_q(when)}>\n"
        f"  <Election name={_q('General Election' if kind == 'G' else 'By-election')} "
        f"date={_q(election.polling_date.isoformat())} type={_q(kind)}>\n"
        f"    <Constituency {' '.join(h for h in head if h)}>\n" + "\n".join(rows) + "\n    </Constituency>\n"
        "  </Election>\n</FirstPastThePostResult>\n"
    )


def file_name(contest: Contest, election: Election, revision: int = 1) -> str:
    """As PA names its files: ``GE2024_result_Southend_West_and_Leigh_1.xml``."""
    seat = _SAFE.sub("_", contest.name).strip("_")
    return f"GE{election.polling_date.year}_result_{seat}_{revision}.xml"


def _order(election: Election) -> list[Contest]:
    """Declaration order where the file gives times, else the file's own order."""
    timed = [c for c in election.contests if c.declared_at]
    untimed = [c for c in election.contests if not c.declared_at]
    return sorted(timed, key=lambda c: c.declared_at or "") + untimed


def _gaps(contests: list[Contest]) -> Iterator[float]:
    """Seconds between one declaration and the next (0 where either has no time)."""
    previous: dt.datetime | None = None
    for c in contests:
        when = _time(c.declared_at)
        yield (when - previous).total_seconds() if when and previous and when > previous else 0.0
        previous = when or previous


def _time(text: str | None) -> dt.datetime | None:
    """A declaration time, as ISO 8601 gives it or as the Commons Library's files do
    ("2019-12-13 02:30:00 UTC"); a time with no zone is taken as UTC."""
    if not text:
        return None
    text = text.strip()
    if text.endswith(" UTC"):
        text = text[:-4] + "+00:00"
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def write_atomic(folder: Path, name: str, text: str) -> Path:
    """Write ``name`` in ``folder`` so that it appears whole or not at all."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".replay-", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, folder / name)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return folder / name


def replay(
    election: Election,
    inbox: str | Path,
    *,
    speed: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
    on_file: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write every contest of ``election`` into ``inbox`` as a PA result message, in order.

    ``speed`` N sleeps a Nth of the real gap between declarations (0: no sleep at all)."""
    if election.local:
        raise NewsgenError(
            "replay writes PA's general-election messages; this is a council election",
            hint="replay a Commons Library file, or a Westminster by-election",
        )
    folder = Path(inbox)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsgenError(f"cannot make the folder {folder} ({exc.strerror})") from None
    written = []
    ordered = _order(election)
    for number, (contest, gap) in enumerate(zip(ordered, _gaps(ordered), strict=True), start=1):
        if speed > 0 and gap > 0:
            sleep(gap / speed)
        text = message(contest, election, number, declared=contest.declared_at)
        path = write_atomic(folder, file_name(contest, election), text)
        written.append(path)
        if on_file is not None:
            on_file(path)
    return written
