"""The choices a newsroom makes for every story of a run: house style, lead, dropped angles.

``newsgen batch``, ``watch`` and ``serve`` apply them to every story as defaults: an editor's
approved choice for one story (the choices database) wins over them, and a lead that does not
fire for a story is left out for that story rather than failing it. ``newsgen story`` names its
stories, so there a flag typed on the command line wins over a saved choice, and a lead that
does not fire is an error; values from ``newsgen.toml`` or ``NEWSGEN_*`` are defaults there too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """Run-wide defaults for a story's style, lead and dropped angles (None/(): the engine's)."""

    style: str | None = None
    lead: str | None = None
    dropped: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.style or self.lead or self.dropped)


NONE = StoryOptions()
