"""The state file: which CMS post holds each story, so a re-run updates it instead of adding one.

One JSON file, by default beside the stories it publishes (``wordpress.json`` in a batch's
folder). Records are keyed by the site's address, then by the story's id (its GSS code, or
an area's codes joined by ``+``), so one file can serve several sites::

    {"format": "newsgen-publish-state", "version": 1, "sites": {
        "https://news.example": {
            "E14001170": {"post": 12, "link": "https://news.example/?p=12", "slug": "chorley-2024-07-04",
                          "sent": "<sha256 of what newsgen sent>", "stored": "<sha256 of what WordPress kept>",
                          "at": "2024-07-05T02:14:07Z"}}}}

The file is replaced whole (a rename) after every post made or changed, so a run stopped
half-way keeps the ids of the posts it did make. While a run uses it, an ``fcntl.flock`` on
a hidden file beside it (``.NAME.lock``, left in place: removing it would let two runs lock
two different files) keeps a second run off it: two runs at once would make the same drafts.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsgen.batch.files import write_atomic
from newsgen.errors import PublishError

FORMAT = "newsgen-publish-state"
VERSION = 1


@dataclass(frozen=True, slots=True)
class PostRecord:
    """What newsgen remembers of one story's post on one site."""

    post: int
    link: str
    slug: str
    #: sha256 of the title, content and excerpt newsgen last sent (unchanged: nothing to send)
    sent: str
    #: sha256 of the title, content and excerpt WordPress kept (changed since: edited by hand)
    stored: str
    #: when newsgen last wrote the post (RFC 3339, UTC)
    at: str


class PublishState:
    """The records of one state file; :meth:`remember` writes the file at once. Open it
    with :func:`open_state` for a run, which holds its lock."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._sites: dict[str, dict[str, dict[str, Any]]] = self._read()

    def _read(self) -> dict[str, dict[str, dict[str, Any]]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise PublishError(f"{self.path}: cannot read the state file ({exc.strerror})") from None
        hint = (
            "it should be the file an earlier `newsgen publish` wrote; restore it from a backup, or move it "
            "aside to start afresh (the posts it remembered would then be made again as new drafts)"
        )
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PublishError(f"{self.path}: the state file is not JSON ({exc})", hint=hint) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("sites"), dict):
            raise PublishError(f"{self.path}: not a newsgen publish state file", hint=hint)
        if data.get("version") != VERSION:
            raise PublishError(
                f"{self.path}: state file version {data.get('version')!r}, this newsgen reads version {VERSION}",
                hint="use the newsgen that wrote it, or move it aside to start afresh",
            )
        sites: dict[str, dict[str, dict[str, Any]]] = data["sites"]
        return sites

    def get(self, site: str, story_id: str) -> PostRecord | None:
        raw = self._sites.get(site, {}).get(story_id)
        if raw is None:
            return None
        try:
            record = PostRecord(**raw)
            if isinstance(record.post, int):
                return record
        except TypeError:
            pass
        raise PublishError(
            f"{self.path}: the record of story {story_id} on {site} is damaged",
            hint="delete that record from the file (its post would then be made again as a new draft)",
        )

    def remember(self, site: str, story_id: str, record: PostRecord) -> None:
        self._sites.setdefault(site, {})[story_id] = asdict(record)
        self.save()

    def save(self) -> None:
        data = {"format": FORMAT, "version": VERSION, "sites": self._sites}
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise PublishError(
                f"{self.path}: cannot write the state file ({exc.strerror or exc}): the post just made or "
                "changed is not remembered, so the next run would make it again",
                hint="free some space or fix the folder's permissions (or give another --state), run again, "
                "and delete the extra draft in WordPress",
                site_wide=True,
            ) from None


@contextlib.contextmanager
def open_state(path: str | os.PathLike[str]) -> Iterator[PublishState]:
    """The state file at ``path``, read once its lock is held, for the length of a run. A
    second run on the same file is refused, not made to wait."""
    import fcntl

    path = Path(path)
    lock = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise PublishError(
            f"{path}: cannot use the state file's folder ({exc.strerror or exc})",
            hint="give --state a file in a folder that exists and that you may write to",
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                f"{path}: another newsgen publish is using this state file",
                hint="wait for it to finish (two at once would make the same drafts twice)",
            ) from None
        yield PublishState(path)
    finally:
        os.close(fd)
