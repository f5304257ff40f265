"""Check a results file before any story is written: hard problems and soft warnings.

:func:`validate_file` loads the file with the reader for its source and reports what the
checks of :mod:`newsgen.records.checks` found (that module's docstring lists each check, hard
or soft, and what the tool does). Hard problems set a seat aside; soft ones are warnings.
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
