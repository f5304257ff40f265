"""``index.json``: every story of a batch with its seats, headline, lead angle and files.

Written entry by entry to a temporary file (a 100,000-seat batch never holds it in
memory), then put in place only when it differs from the index already there.

index.json is only ever replaced whole (a rename). Its last key, ``complete``, is true
when it lists every story of the run that wrote it. While a run changes the files of a
folder that already has an index, index.json is a *partial* index (``complete: false``)
listing only the stories the run has finished (:meth:`IndexWriter.checkpoint`): so after
the run is killed at any point, every story index.json lists has exactly the files its
entry names, holding the story the entry describes.
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import shutil
from pathlib import Path
from typing import IO, Any

from newsgen.batch.files import INDEX_NAME, TMP_SUFFIX


class IndexWriter:
    def __init__(self, out: Path, header: dict[str, Any]) -> None:
        self.path = out / INDEX_NAME
        self.tmp = out / f".{INDEX_NAME}.{os.getpid()}{TMP_SUFFIX}"
        self.part = out / f".{INDEX_NAME}.{os.getpid()}.part{TMP_SUFFIX}"
        self.entries = 0
        self._fh: IO[str] = open(self.tmp, "w", encoding="utf-8")  # noqa: SIM115  (closed in finish/abort)
        head = json.dumps(header, ensure_ascii=False, indent=2)
        self._fh.write(head[:-2] + ',\n  "stories": [')
        self._first = True

    def add(self, entry: dict[str, Any]) -> None:
        self._fh.write(("\n    " if self._first else ",\n    ") + json.dumps(entry, ensure_ascii=False))
        self._first = False
        self.entries += 1

    def _ending(self, failed: list[dict[str, str]], complete: bool) -> str:
        items = ",\n    ".join(json.dumps(f, ensure_ascii=False) for f in failed)
        stories_end = "\n  ]" if not self._first else "]"
        failed_part = f"\n    {items}\n  ]" if failed else "]"
        return f'{stories_end},\n  "failed": [{failed_part},\n  "complete": {"true" if complete else "false"}\n}}\n'

    def checkpoint(self, failed: list[dict[str, str]]) -> None:
        """Replace index.json by a partial index: the stories added so far, ``complete: false``."""
        self._fh.flush()
        try:
            with open(self.tmp, "rb") as src, open(self.part, "wb") as dst:
                shutil.copyfileobj(src, dst)
                dst.write(self._ending(failed, complete=False).encode("utf-8"))
            os.replace(self.part, self.path)
        except BaseException:
            self.part.unlink(missing_ok=True)
            raise

    def finish(self, failed: list[dict[str, str]]) -> bool:
        """Close the index; True when index.json was (re)written."""
        self._fh.write(self._ending(failed, complete=True))
        self._fh.close()
        if self.path.exists() and filecmp.cmp(self.tmp, self.path, shallow=False):
            self.tmp.unlink()
            return False
        os.replace(self.tmp, self.path)
        return True

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # the buffer's last write failed too (a full disk)
            self._fh.close()
        self.tmp.unlink(missing_ok=True)
        self.part.unlink(missing_ok=True)
