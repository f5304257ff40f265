"""Check a results file before any story is written: hard problems and soft warnings.

Hard problems set a seat aside (``LoadedResults.rejected``): every other seat still loads and
is written. Each is a :class:`~newsgen.errors.DataError` naming the file, row, seat and column
and saying what to do. Whole-file problems (missing, empty, not CSV, not UTF-8, required
columns missing) stop the load with one such error.

Soft problems are warnings (``LoadedResults.warnings``): the story still runs.

=====================================  ======  ===========================================
check                                  kind    what the tool does
=====================================  ======  ===========================================
candidates' votes sum to valid votes   hard    seat set aside, both totals in the message
published majority = 1st minus 2nd     hard    seat set aside
turnout between 0 and 100%             hard    seat set aside (more ballots than electors)
electorate of zero                     hard    seat set aside
negative or non-numeric count          hard    seat set aside (loader)
the same candidate listed twice        hard    seat set aside
positions out of order with votes      hard    seat set aside
summary's winner is not the winner     hard    seat set aside ("Lab gain" won by Con)
two candidates with one name           soft    warning; the story names their parties
tie for first place                    soft    warning: decided by lot, check the winner
contested seat with no votes at all    hard    seat set aside
more invalid ballots than valid votes  hard    seat set aside (at most 3.6% were rejected, 2010-24)
over 5% of the ballots rejected        soft    warning: check the invalid vote count
uncontested seat (no poll)             soft    warning; a story printing a turnout is refused
party code newsgen does not know       soft    warning; the party is named as the data does
published share differs from votes     soft    warning; newsgen uses the votes
=====================================  ======  ===========================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsgen.errors import DataError
from newsgen.readers import load_results


@dataclass
class Report:
    """What validating one results file found."""

    file: str
    seats: int = 0
    errors: list[DataError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        out = [f"{self.file}: {self.seats} seats load, {len(self.errors)} set aside, {len(self.warnings)} warnings"]
        out += [f"ERROR {e}" for e in self.errors]
        out += [f"warning {w}" for w in self.warnings]
        return out


def validate_file(path: str | Path) -> Report:
    """Load a results file and report every hard problem and warning (raises for whole-file ones)."""
    loaded = load_results(path)
    report = Report(file=str(path), seats=len(loaded.election.contests), warnings=list(loaded.warnings))
    for errors in loaded.rejected.values():
        report.errors.extend(errors)
    return report
