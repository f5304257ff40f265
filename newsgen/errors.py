"""The one exception hierarchy newsgen raises for problems a user can fix.

Every message says where the problem is (file, row, seat, field) and what to do
about it. The CLI prints these without a traceback; anything else is a bug.

Each error carries the command's exit status, the same for the same mistake in every
command (:data:`EXIT_CODES`): 2 when what was asked for does not exist (:class:`RequestError`:
an unknown seat, angle, format, style or election, a bad option or config value: click's
own usage errors are 2 as well), 1 when the data, the files or the disk stop the work.
"""

from __future__ import annotations

#: exit status -> what it means, for `newsgen --help` and the docs
EXIT_CODES: dict[int, str] = {
    0: "done (for batch and facts: every story written)",
    1: "the data, a file or the disk stopped the work: a results, context, templates or choices "
    "file missing or broken, a story that failed its check, a batch with failed stories, a full disk",
    2: "the command asked for something that does not exist: an unknown command, option, seat, angle, "
    "format, style or election, or a bad option value (on the command line, in newsgen.toml or NEWSGEN_*)",
}


class NewsgenError(Exception):
    """Base class: a problem with the input or the request, not a bug."""

    #: the exit status of a command this error stops (see EXIT_CODES)
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  How to fix: {self.hint}"
        return self.message


class RequestError(NewsgenError):
    """What was asked for does not exist: a seat, angle, format, style or election by a name
    the results or newsgen do not have, or a bad option value. Exit status 2, as for click's
    own usage errors."""

    exit_code = 2


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


class ConfigError(NewsgenError):
    """The config file (newsgen.toml) is missing or is not valid TOML."""


class BadSetting(RequestError):
    """The config file names an option no command has, or gives one a value it cannot take."""


class UnknownElection(RequestError):
    """``--election`` names an election the results file does not hold."""


class UnknownSeatError(RequestError):
    """A seat name that is not in the results."""


class TemplateProblem(NewsgenError):
    """A template failed to load or render; names the template file and line."""


class VerificationError(NewsgenError):
    """A rendered story contains a figure or name the facts do not support."""


class ChoicesError(RequestError):
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


class PublishError(NewsgenError):
    """A CMS could not be reached, or refused a story (``newsgen publish``).

    ``site_wide`` is true when every other story would fail the same way (the site cannot
    be reached, the password is wrong, the address is not a WordPress site): the run stops
    there rather than repeat the failure, or a wrong password, for every story."""

    def __init__(self, message: str, *, hint: str | None = None, site_wide: bool = False) -> None:
        super().__init__(message, hint=hint)
        self.site_wide = site_wide
