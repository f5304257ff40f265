"""Step 5b for council elections: a ward's or a council's plan written through its templates.

As for a seat, Python decides no wording: it gathers the values and helpers the templates
in ``templates/ward/`` and ``templates/council/`` use, and builds the story's tables (a
ward's candidates; a council's parties and their seats).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

import jinja2

from newsgen.baselines.names import slug
from newsgen.facts.council import PartySeats
from newsgen.facts.parties import party_name
from newsgen.facts.ward import WardCandidate, WardFacts
from newsgen.plan import Plan
from newsgen.records.models import Election
from newsgen.render.compose import Mentions, _paragraphs, _render
from newsgen.render.environment import time_budget
from newsgen.render.filters import capfirst, percent
from newsgen.render.style import Style
from newsgen.story import ResultRow, ResultTable, Story

__all__ = ["local_values", "render_local"]


def _ward_table(f: WardFacts) -> ResultTable:
    return ResultTable(
        seat=f.seat_name,
        seat_id=f.seat_id,
        rows=tuple(
            ResultRow(
                name=c.name,
                party=c.party.name,
                party_code=c.party.code,
                votes=c.votes,
                # several seats: a share of voters, each with several votes, adds up past 100: left out
                share=None if c.share is None or f.seats > 1 else round(c.share, 1),
                change=None if c.share_change is None or f.seats > 1 else round(c.share_change, 1),
                elected=c.elected,
            )
            for c in f.candidates
        ),
        majority=f.majority,
        electorate=f.electorate,
        turnout=None if f.turnout is None else round(f.turnout, 1 if f.turnout_published else 2),
        summary="",
        turnout_published=f.turnout_published,
    )


@dataclass(frozen=True, slots=True)
class _Group:
    codes: list[str]
    after: int
    before: int | None


def _same_state(parties: list[PartySeats]) -> list[_Group]:
    """Parties with the same seats before and after, together ("the Greens and the Liberal
    Democrats have six seats each, as before"), in the order given."""
    groups: dict[tuple[int, int | None], _Group] = {}
    for p in parties:
        if p.after is None:
            continue
        key = (p.after, p.before)
        if key not in groups:
            groups[key] = _Group([], p.after, p.before)
        groups[key].codes.append(p.code)
    return list(groups.values())


def _wards_by_swap(changed: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, int, list[str]]]:
    """(winner, loser, seats, the wards they were in) for each pair of parties a seat passed
    between, most seats first, then in order of the first ward."""
    seats: dict[tuple[str, str], list[str]] = {}
    for ward, winner, loser in changed:
        seats.setdefault((winner, loser), []).append(ward)
    ranked = sorted(seats.items(), key=lambda kv: -len(kv[1]))
    return [(w, d, len(wards), list(dict.fromkeys(wards))) for (w, d), wards in ranked]


#: headlines drop the article before a party ("Conservatives hold Hale", not "The Conservatives")
_HEADLINE_THE = re.compile(r"^[Tt]he (?=(?:Conservatives|Greens|Liberal Democrats|Lib Dems|Tories|SNP|DUP|SDLP|UUP)\b)")


def _noun(code: str) -> str:
    """A party as a council story names it; independents are several people, not one party."""
    return "independents" if code == "Ind" else party_name(code, None).noun


def local_values(plan: Plan, style: Style, election: Election) -> dict[str, Any]:
    """What every template of a ward or council story receives (docs/templates.md lists each).
    The helpers share one record of who has been named."""
    f: Any = plan.seats[0]
    seed = f.seat_id
    mentions = Mentions()

    def pick(key: str, n: int) -> int:
        return zlib.crc32(f"{seed}|{key}".encode()) % n

    def councillor(c: WardCandidate) -> str:
        """ "Cllr Amy Whyte" on first reference to a sitting councillor, then "Cllr Whyte" (an
        MSP or MS has no title in copy)."""
        if not c.sitting or getattr(f, "member", "councillor") != "councillor":
            return mentions(c)
        if c.name in mentions.seen:
            return f"Cllr {c.family_name}"
        mentions.seen.add(c.name)
        return f"Cllr {c.name}"

    return {
        "plan": plan,
        "f": f,
        "lead": plan.lead,
        "angles": plan.angles,
        "angle": plan.fired,
        "style": style,
        "election": election,
        "ref": mentions,
        "cllr": councillor,
        "tagged": mentions.tagged,
        "labelled": mentions.labelled,
        "pick": pick,
        "pct": lambda value, places=1: percent(value, style, places),
        "caps_first_word": style.caps_first_word,
        "party": lambda code: party_name(code, None),
        "noun": _noun,
        "nouns": lambda codes: [_noun(code) for code in codes],
        "wards_by_swap": _wards_by_swap,
        "groupby_state": _same_state,
    }


def render_local(plan: Plan, style: Style, env: jinja2.Environment, *, election: Election) -> Story:
    """Render a ward's or a council's story (not yet verified)."""
    f: Any = plan.seats[0]
    folder = "council" if f.kind == "council" else "ward"
    values = local_values(plan, style, election)
    names = (f"{folder}/headline.j2", f"{folder}/standfirst.j2", f"{folder}/body.j2")
    with time_budget(env):  # in reading order: the first reference to each person comes first
        headline = _render(env, names[0], values)
        standfirst = _render(env, names[1], values)
        body = _render(env, names[2], values)
    # a council's story gives the parties' seats in its prose; a ward's its full result table
    tables = () if folder == "council" else (_ward_table(f),)
    return Story(
        id=f.seat_id,
        slug=slug(f.seat_name),
        kind=folder,
        headline=capfirst(_HEADLINE_THE.sub("", " ".join(headline.split()))),
        standfirst=" ".join(standfirst.split()),
        paragraphs=_paragraphs(body),
        tables=tables,
        seats=(f.seat_name,),
        seat_ids=(f.seat_id,),
        lead=plan.lead.id,
        angles=tuple(a.to_dict() for a in plan.angles),
        facts=(f.to_dict(),),
        style=style.name,
        templates=names,
        election_date=election.polling_date.isoformat(),
        sources=(f.source_file,),
    )
