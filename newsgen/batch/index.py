"""``index.json``: every story of a batch with its seats, headline, lead angle and files.

Written entry by entry to a temporary file (a 100,000-seat batch never holds it in
memory), then put in place only when it differs from the index already there.
"""

from __future__ import annotations

import filecmp
import json
import os
from pathlib import Path
from typing import IO, Any

from newsgen.batch.files import TMP_SUFFIX


class IndexWriter:
    def __init__(self, out: Path, header: dict[str, Any]) -> None:
        self.path = out / "index.json"
        self.tmp = out / f".index.json.{os.getpid()}{TMP_SUFFIX}"
        self._fh: IO[str] = open(self.tmp, "w", encoding="utf-8")  # noqa: SIM115  (closed in finish/abort)
        head = json.dumps(header, ensure_ascii=False, indent=2)
        self._fh.write(head[:-2] + ',\n  "stories": [')
        self._first = True

    def add(self, entry: dict[str, Any]) -> None:
        self._fh.write(("\n    " if self._first else ",\n    ") + json.dumps(entry, ensure_ascii=False))
        self._first = False

    def finish(self, failed: list[dict[str, str]]) -> bool:
        """Close the index; True when index.json was (re)written."""
        items = ",\n    ".join(json.dumps(f, ensure_ascii=False) for f in failed)
        self._fh.write(("\n  ]" if not self._first else "]") + ',\n  "failed": [')
        self._fh.write(f"\n    {items}\n  ]\n}}\n" if failed else "]\n}\n")
        self._fh.close()
        if self.path.exists() and filecmp.cmp(self.tmp, self.path, shallow=False):
            self.tmp.unlink()
            return False
        os.replace(self.tmp, self.path)
        return True

    def abort(self) -> None:
        self._fh.close()
        self.tmp.unlink(missing_ok=True)
