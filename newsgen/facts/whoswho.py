"""Who's who at each bundled general election: offices, party leaders and honorifics.

One YAML file per election (``fixtures/whoswho/ge<YEAR>.yaml``), as things stood at the
dissolution of Parliament, keyed by the MNIS member id the results carry; every role and
honorific names its source (see the files' headers and ``fixtures/ATTRIBUTION.md``). A
candidate's role from here makes them a big name for the ``big_name_*`` angles; the
newsroom's context file can add people and override a role.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from newsgen import kept, resources

__all__ = ["Entry", "Kind", "Role", "WhosWho", "copy_role", "whoswho_for"]

Kind = Literal[
    "prime_minister",
    "former_prime_minister",
    "cabinet",
    "shadow_cabinet",
    "leader_of_the_opposition",
    "party_leader",
    "deputy_leader",
    "speaker",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Role(_Model):
    title: str  # "Chancellor of the Exchequer", as copy names the office
    kind: Kind
    source: str  # a source id of the file
    since: dt.date | None = None  # taken up after dissolution but before polling day
    until: dt.date | None = None  # given up before polling day


class Source(_Model):
    id: str
    title: str
    url: str


class Entry(_Model):
    member_id: int
    name: str
    seat: str
    party: str
    honorific: Literal["Sir", "Dame", "Dr"] | None = None
    roles: tuple[Role, ...] = ()


class WhosWho(_Model):
    election: dt.date
    as_of: dt.date
    sources: tuple[Source, ...] = ()
    people: tuple[Entry, ...] = ()

    def entry(self, member_id: int | None) -> Entry | None:
        if member_id is None:
            return None
        return _by_member(self.people).get(member_id)

    def roles(self, entry: Entry) -> tuple[Role, ...]:
        """The entry's roles on polling day: those given up before it are left out."""
        day = self.election
        return tuple(
            r for r in entry.roles if (r.until is None or r.until > day) and (r.since is None or r.since <= day)
        )

    def url(self, source_id: str) -> str | None:
        return next((s.url for s in self.sources if s.id == source_id), None)


#: id(people) -> (people, people by member id): the index of each list of people looked up
#: (kept with the list itself, so an id is not reused while its entry is here); a few at most
_INDEXES: dict[int, tuple[tuple[Entry, ...], dict[int, Entry]]] = {}
_INDEXES_MAX = 8


def _by_member(people: tuple[Entry, ...]) -> dict[int, Entry]:
    """The people by member id, built once per list of people. (Keyed by the list's identity:
    a cache keyed by the model would hash every entry and role on each look-up.)"""
    found = _INDEXES.get(id(people))
    if found is None or found[0] is not people:
        if len(_INDEXES) >= _INDEXES_MAX:
            del _INDEXES[next(iter(_INDEXES))]  # the oldest
        found = _INDEXES[id(people)] = (people, {e.member_id: e for e in people})
    return found[1]


_EMPTY = WhosWho(election=dt.date(1900, 1, 1), as_of=dt.date(1900, 1, 1))


@cache
def whoswho_for(year: int) -> WhosWho:
    """The bundled who's who for a general election year (empty when there is none)."""
    path = resources.bundled(f"whoswho/ge{year}.yaml")
    if not path.exists():
        return _EMPTY
    known = kept.load(path, "whoswho", code=(__file__,))  # as JSON-style data: no YAML to read
    if isinstance(known, dict):
        return WhosWho.model_validate(known)
    import yaml

    # libyaml's safe loader where PyYAML was built with it (every wheel): 0.2 s faster per story
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = WhosWho.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
    kept.keep(path, "whoswho", found.model_dump(mode="json"), code=(__file__,))
    return found


def copy_role(role: Role) -> str:
    """How a story names the office after a name: "the Prime Minister", "the former Prime Minister"."""
    if role.kind == "former_prime_minister":
        return "the former Prime Minister" if "prime minister" in role.title.lower() else f"a {role.title}"
    return f"the {_house_case(role.title)}"


#: offices whose titles keep their capitals in copy ("the Leader of the Opposition")
_FORMAL = ("Leader of the Opposition", "Leader of the House")


def _house_case(title: str) -> str:
    """A party post in lower case, as UK house style writes it ("the leader of Reform UK", "the
    co-leader of the Green Party"); offices of state and of the Commons keep their capitals."""
    if title.startswith(_FORMAL):
        return title
    for post in ("Leader", "Co-leader", "Deputy Leader"):
        if title.startswith(post + " "):
            return post.lower() + title[len(post) :]
    return title
