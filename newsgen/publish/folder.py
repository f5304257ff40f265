"""The stories a batch wrote into a folder, read back for publishing.

``index.json`` lists them; each story's ``.json`` file (the ``json`` format) holds the
story itself, from which the CMS's fields are written: so the batch must have written
``json`` among its formats. What is published is what the batch wrote, not a fresh render.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from newsgen.batch.files import INDEX_NAME
from newsgen.errors import PublishError, RequestError
from newsgen.story import Story


@dataclass
class FolderStories:
    """What :func:`stories_in_folder` found."""

    stories: list[Story] = field(default_factory=list)
    #: (story name, reason) for each story listed that cannot be read
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: the index is a finished batch's (false: a batch is writing the folder, or was stopped)
    complete: bool = True
    #: stories the batch itself could not write (index.json's ``failed``)
    batch_failed: int = 0


def stories_in_folder(folder: str | Path, seats: Sequence[str] = ()) -> FolderStories:
    """The stories in a batch's folder, in the index's order; with ``seats``, only those
    (each by GSS code, slug or name, as the index gives them)."""
    folder = Path(folder)
    index = _read_index(folder)
    entries: list[dict[str, Any]] = [e for e in index.get("stories", []) if isinstance(e, dict)]
    if seats:
        entries = _select(folder, entries, seats)
    found = FolderStories(complete=index.get("complete") is True, batch_failed=len(index.get("failed") or []))
    for entry in entries:
        name = str(entry.get("name") or entry.get("id") or "?")
        file = (entry.get("files") or {}).get("json")
        if not isinstance(file, str):
            found.problems.append((name, f"{folder / INDEX_NAME} names no .json file for this story"))
            continue
        path = folder / file
        try:
            found.stories.append(Story.model_validate_json(path.read_bytes()))
        except OSError as exc:
            found.problems.append((name, f"{path}: cannot read it ({exc.strerror})"))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"])) or "the file"
            found.problems.append((name, f"{path}: not a newsgen story ({where}: {first['msg']})"))
    return found


def _read_index(folder: Path) -> dict[str, Any]:
    path = folder / INDEX_NAME
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PublishError(
            f"{path}: not found: --from takes a folder `newsgen batch` wrote",
            hint=f"write it first: newsgen batch --out {folder} --format md,html,json",
        ) from None
    except OSError as exc:
        raise PublishError(f"{path}: cannot read it ({exc.strerror})") from None
    except ValueError as exc:
        raise PublishError(f"{path}: not JSON ({exc})", hint="run the batch again to rewrite it") from None
    if not isinstance(index, dict) or index.get("generator") != "newsgen":
        raise PublishError(f"{path}: not the index of a newsgen batch", hint="give --from the folder a batch wrote")
    if "json" not in (index.get("formats") or []):
        formats = ",".join(index.get("formats") or []) or "md"
        raise PublishError(
            f"{path}: the batch wrote no .json files (formats: {formats}), and publishing reads the story from them",
            hint=f"run the batch again with json among its formats: "
            f"newsgen batch --out {folder} --format {formats},json",
        )
    return index


def _select(folder: Path, entries: list[dict[str, Any]], seats: Sequence[str]) -> list[dict[str, Any]]:
    """The entries the SEATs name, in the index's order; an unknown SEAT stops the run."""

    def names(entry: dict[str, Any]) -> set[str]:
        keys = [entry.get("id"), entry.get("slug"), entry.get("name"), *(entry.get("seat_ids") or [])]
        return {str(k).casefold() for k in keys if k}

    wanted = {s.casefold(): s for s in seats}
    chosen = [e for e in entries if names(e) & wanted.keys()]
    known = set().union(*(names(e) for e in chosen)) if chosen else set()
    for key, seat in wanted.items():
        if key not in known:
            every = [str(e.get("name")) for e in entries if e.get("name")]
            close = difflib.get_close_matches(seat, every, n=2, cutoff=0.6)
            mean = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
            raise RequestError(
                f"{seat!r} is not among the {len(entries)} stories in {folder / INDEX_NAME}",
                hint=f"{mean}name a seat by its GSS code, slug or name, or leave out the SEATs to publish them all",
            )
    return chosen
