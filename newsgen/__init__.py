"""newsgen: official election results in, publishable local-news stories out.

The pipeline, one package each: ``records`` -> ``baselines`` -> ``facts`` -> ``angles``
-> ``plan`` -> ``render`` -> ``outputs``. ``generate()`` is the one entry point; a
``Dataset`` loads a results file once for many stories. docs/api.md shows them in use.

The names below are imported when first used, so ``import newsgen`` (and ``newsgen --help``)
does not import pydantic or Jinja.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsgen.angles.thresholds import Thresholds
    from newsgen.context import Context, load_context
    from newsgen.errors import (
        ChoicesError,
        ContextError,
        DataError,
        NewsgenError,
        RequestError,
        TemplateProblem,
        UnknownSeatError,
        VerificationError,
    )
    from newsgen.pipeline import Dataset, generate
    from newsgen.story import ResultRow, ResultTable, Story

#: each public name and the module it comes from
_LAZY: dict[str, str] = {
    "generate": "newsgen.pipeline",
    "Dataset": "newsgen.pipeline",
    "Story": "newsgen.story",
    "ResultTable": "newsgen.story",
    "ResultRow": "newsgen.story",
    "Context": "newsgen.context",
    "load_context": "newsgen.context",
    "Thresholds": "newsgen.angles.thresholds",
    "NewsgenError": "newsgen.errors",
    "RequestError": "newsgen.errors",
    "DataError": "newsgen.errors",
    "ContextError": "newsgen.errors",
    "UnknownSeatError": "newsgen.errors",
    "TemplateProblem": "newsgen.errors",
    "VerificationError": "newsgen.errors",
    "ChoicesError": "newsgen.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up does not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ChoicesError",
    "Context",
    "ContextError",
    "DataError",
    "Dataset",
    "NewsgenError",
    "RequestError",
    "ResultRow",
    "ResultTable",
    "Story",
    "TemplateProblem",
    "Thresholds",
    "UnknownSeatError",
    "VerificationError",
    "__version__",
    "generate",
    "load_context",
]
