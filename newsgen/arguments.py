"""What a caller hands :func:`newsgen.generate` and :class:`newsgen.Dataset`, checked and resolved.

Python callers pass what they have: a path or a bundled name for the results, a path or a
loaded :class:`~newsgen.context.Context` for the context, one seat name or several. Each
function here turns one argument into what the pipeline uses, or raises a
:class:`~newsgen.errors.NewsgenError` that names the argument and what it accepts (never an
AttributeError from deep inside the pipeline): a wrong type or value is a
:class:`~newsgen.errors.RequestError`, as on the command line.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen import resources
from newsgen.errors import ChoicesError, DataError, NewsgenError, RequestError

if TYPE_CHECKING:
    from newsgen.angles.thresholds import Thresholds
    from newsgen.context import Context

__all__ = [
    "angle_choices",
    "context_of",
    "election_choice",
    "results_path",
    "seat_list",
    "style_name",
    "templates_folder",
    "thresholds",
]


def _kind(value: object) -> str:
    return f"{type(value).__name__} {value!r}" if len(repr(value)) <= 40 else type(value).__name__


def results_path(results: str | os.PathLike[str] | None) -> Path:
    """The results file (or PA folder) to read: a path, a bundled name such as ``"ge2019"``
    (see ``newsgen.resources.NAMED``), or None for the bundled 2024 file.

    A file or folder of that name in the working folder wins over a bundled name. A path that
    does not exist is returned as it is, for the reader to report; a bare word that is neither
    a file nor a bundled name is refused here, with the closest bundled names.
    """
    if results is None or results == "":
        return resources.bundled(resources.DEFAULT_RESULTS)
    if not isinstance(results, str | os.PathLike):
        raise RequestError(
            f"results: expected a path to a results file or a bundled name, got {_kind(results)}",
            hint="pass a path such as 'results.csv', a bundled name (" + ", ".join(resources.NAMED) + "), or nothing "
            "for the bundled 2024 results",
        )
    path = Path(results)
    if path.exists() or not isinstance(results, str):
        return path
    named = resources.named_results(results)
    if named is not None:
        return named
    if path.suffix or len(path.parts) > 1:
        return path  # a file's path: the reader says it is not there
    close = difflib.get_close_matches(results.strip().lower(), list(resources.NAMED), n=2, cutoff=0.6)
    mean = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    raise DataError(
        f"results {results!r}: no file of that name here, and no bundled results called that",
        hint=f"{mean}The bundled results are: {', '.join(resources.NAMED)}; or give a results file's path",
    )


def context_of(context: Context | str | os.PathLike[str] | None) -> Context | None:
    """The newsroom context: a :class:`~newsgen.context.Context`, read from a path (YAML or
    JSON), or None for none."""
    if context is None:
        return None
    if isinstance(context, str | os.PathLike):
        from newsgen.context import load_context

        return load_context(context)
    from newsgen.context import Context

    if isinstance(context, Context):
        return context
    raise RequestError(
        f"context: expected a context file's path or a Context, got {_kind(context)}",
        hint="pass the path of a YAML or JSON context file, or newsgen.load_context(path); "
        "for text you hold, newsgen.context.parse_context(text)",
    )


def seat_list(seats: str | Iterable[str]) -> list[str]:
    """One seat name (a str) or several, as a list of names without repeats."""
    if isinstance(seats, str):
        seats = [seats]
    elif not isinstance(seats, Iterable) or isinstance(seats, bytes):
        raise RequestError(
            f"seats: expected a seat name or a list of seat names, got {_kind(seats)}",
            hint='e.g. "Southend West and Leigh", its GSS code "E14001502" or its slug "southend-west-and-leigh"',
        )
    names = list(seats)
    for name in names:
        if not isinstance(name, str):
            raise RequestError(
                f"seats: each seat is named by a str (its name, GSS code or slug), got {_kind(name)}",
                hint="pass the seats' names, e.g. ['Southend West and Leigh', 'Southend East and Rochford']",
            )
    if not names:
        raise RequestError("no seat named", hint="give at least one seat name")
    return list(dict.fromkeys(names))


def election_choice(election: str | None) -> str | None:
    """Which election of a file that holds several: a polling date or an id (checked by the reader)."""
    if election is None or isinstance(election, str):
        return election
    raise RequestError(
        f"election: expected a polling date or an election id, got {_kind(election)}",
        hint="e.g. '2024-05-02' or 'local.trafford.2024-05-02'",
    )


def style_name(style: str | None) -> str | None:
    """A house style's name (checked against the styles by :func:`newsgen.render.style.get_style`)."""
    if style is None or isinstance(style, str):
        return style
    raise RequestError(f"style: expected a style's name, got {_kind(style)}", hint="e.g. 'local', 'bbc' or 'newsquest'")


def known_angles() -> tuple[str, ...]:
    """Every angle id, a seat's and a council's, in the rules' order (imports the rules)."""
    from newsgen.angles import ANGLE_IDS
    from newsgen.angles.local import LOCAL_ANGLE_IDS

    return (*ANGLE_IDS, *LOCAL_ANGLE_IDS)


def angle_hint(value: str, known: Sequence[str]) -> str:
    """The hint for an angle id that names no angle: the nearest ids (by spelling, else those
    that contain it: "turnout" for "turnout_change"), then every id."""
    close = difflib.get_close_matches(value, known, n=2, cutoff=0.6)
    if not close:
        close = [a for a in known if value and value.lower() in a][:2]
    mean = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return f"{mean}The angles are: {', '.join(known)}"


def angle_choices(lead: str | None, dropped: str | Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    """An editor's lead and dropped angles, each an angle id that exists (whether it fires for
    the story is checked when the story is planned)."""
    if isinstance(dropped, str):
        dropped = (dropped,)
    elif not isinstance(dropped, Iterable):
        raise RequestError(f"dropped: expected angle ids, got {_kind(dropped)}", hint="e.g. dropped=['turnout_change']")
    drops = tuple(dropped)
    for name, value in [("lead", lead), *(("dropped", d) for d in drops)]:
        if value is not None and not isinstance(value, str):
            raise RequestError(f"{name}: expected an angle id, got {_kind(value)}", hint="e.g. 'gain' or 'landslide'")
    if lead is None and not drops:
        return lead, drops
    known = known_angles()
    for name, value in [("lead", lead), *(("dropped", d) for d in drops)]:
        if value is not None and value not in known:
            raise ChoicesError(f"{name} {value!r}: there is no angle with that id", hint=angle_hint(value, known))
    return lead, drops


def templates_folder(templates: str | os.PathLike[str] | None, *, name: str = "templates") -> str | None:
    """A newsroom's templates folder, which must exist (Jinja would silently find nothing in a
    missing one and every template would come from the bundled set). ``name`` is what the
    hints call it (the CLI's ``--templates``)."""
    if templates is None:
        return None
    if not isinstance(templates, str | os.PathLike):
        raise RequestError(
            f"templates: expected the path of a templates folder, got {_kind(templates)}",
            hint="pass the folder that holds your newsroom's .j2 templates",
        )
    path = Path(templates)
    if not path.exists():
        raise NewsgenError(
            f"{os.fspath(templates)}: templates folder not found",
            hint="give the folder that holds your newsroom's .j2 templates (such as lede/hold.j2), "
            f"or leave out {name} to use the bundled ones",
        )
    if not path.is_dir():
        raise NewsgenError(
            f"{os.fspath(templates)}: is a file, not a folder of templates",
            hint="give the folder that holds it: every template under that folder is read",
        )
    return os.fspath(path)


def thresholds(value: Thresholds | None) -> Thresholds | None:
    """The angles' thresholds, if the caller sets them."""
    if value is None:
        return None
    from newsgen.angles.thresholds import Thresholds

    if isinstance(value, Thresholds):
        return value
    raise RequestError(
        f"thresholds: expected a newsgen.angles.Thresholds, got {_kind(value)}",
        hint="e.g. Thresholds(narrow_majority_votes=500), or set them in the context file's thresholds",
    )
