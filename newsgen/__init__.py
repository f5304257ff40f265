"""newsgen: official election results in, publishable local-news stories out.

The pipeline, one package each: ``records`` -> ``baselines`` -> ``facts`` -> ``angles``
-> ``plan`` -> ``render`` -> ``outputs``. ``generate()`` is the one entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsgen.pipeline import Dataset, generate


def __getattr__(name: str) -> Any:  # lazy, so `newsgen --help` does not import pydantic
    if name in ("generate", "Dataset"):
        from newsgen import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)


__all__ = ["Dataset", "__version__", "generate"]
