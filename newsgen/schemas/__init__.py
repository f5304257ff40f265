"""The JSON Schemas (2020-12) of the data newsgen publishes, shipped inside the package.

``story.schema.json`` describes ``--format json`` stories (``newsgen story``, ``newsgen
batch``); ``facts.schema.json`` one contest's record from ``newsgen facts`` (a line of its
``jsonl``, an item of its ``json`` array, a row of its ``csv`` with lists and objects as JSON
text). Each output carries ``schema_version``, "MAJOR.MINOR":

* MINOR goes up when fields are added: a reader written for 1.0 reads 1.1 by ignoring what it
  does not know (the schemas allow properties they do not list);
* MAJOR goes up when a field is removed or renamed, or changes its type, unit, rounding or
  meaning: a reader must be changed.

The versions below are the ones the outputs write; each schema's ``schema_version`` property
holds the same value (``tests/test_schemas.py`` checks they agree).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from newsgen.errors import RequestError

__all__ = ["FACTS_SCHEMA_VERSION", "SCHEMAS", "STORY_SCHEMA_VERSION", "load_schema", "schema_path"]

STORY_SCHEMA_VERSION = "1.0"
FACTS_SCHEMA_VERSION = "1.0"

#: each schema by the name ``newsgen facts --schema NAME`` takes
SCHEMAS = {"facts": "facts.schema.json", "story": "story.schema.json"}


def schema_path(name: str) -> Path:
    """Where the installed schema ``name`` ("facts" or "story") is."""
    if name not in SCHEMAS:
        raise RequestError(f"there is no schema called {name!r}", hint=f"choose from {', '.join(SCHEMAS)}")
    return Path(__file__).resolve().parent / SCHEMAS[name]


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``name`` as a dictionary."""
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema
