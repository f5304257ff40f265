"""The one exception hierarchy newsgen raises for problems a user can fix.

Every message says where the problem is (file, row, seat, field) and what to do
about it. The CLI prints these without a traceback; anything else is a bug.
"""

from __future__ import annotations


class NewsgenError(Exception):
    """Base class: a problem with the input or the request, not a bug."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  How to fix: {self.hint}"
        return self.message


class DataError(NewsgenError):
    """A results file is missing, unreadable or inconsistent."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        seat: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = [
            part
            for part in (
                file,
                f"row {row}" if row is not None else None,
                f"seat {seat!r}" if seat else None,
                f"column {field!r}" if field else None,
            )
            if part
        ]
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message, hint=hint)
        self.file = file
        self.row = row
        self.seat = seat
        self.field = field


class ContextError(NewsgenError):
    """The newsroom context file is malformed."""


class UnknownSeatError(NewsgenError):
    """A seat name that is not in the results."""


class TemplateProblem(NewsgenError):
    """A template failed to load or render; names the template file and line."""


class VerificationError(NewsgenError):
    """A rendered story contains a figure or name the facts do not support."""


class ChoicesError(NewsgenError):
    """An editor's saved choice cannot be applied (e.g. an angle that did not fire)."""


class OutputError(NewsgenError):
    """The output folder cannot be written (disk full, over quota, read-only, no permission)."""


class FolderBusy(NewsgenError):
    """Another batch holds the output folder's lock."""


class ChoicesDbError(NewsgenError):
    """The editors' choices database is missing, damaged, of another schema, or cannot be written.

    Names the file (and the row, for a row that cannot be read) and what to do; newsgen
    never writes to a database it could not open."""


class TemplateOverBudget(TemplateProblem):
    """A newsroom template ran over its time or size budget while rendering one story."""
