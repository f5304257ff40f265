"""Step 5b: render a Plan through the templates into a Story.

Python decides nothing about wording here: it gathers the values, hands the templates
some helpers (who has been named already, which variant this seat uses) and splits the
rendered body into paragraphs.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import jinja2

from newsgen.angles.model import Angle
from newsgen.baselines.names import slug
from newsgen.errors import TemplateOverBudget, TemplateProblem
from newsgen.facts.seat import CandidateFacts, SeatFacts
from newsgen.plan import Plan
from newsgen.render.environment import time_budget
from newsgen.render.filters import capfirst, percent, possessive
from newsgen.render.style import Style
from newsgen.story import ResultRow, ResultTable, Story

_BLANK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"[ \t\r\n]+")


class Mentions:
    """Full name on first reference; Mr/Ms plus surname after (surname alone without a title).

    A knight or dame is "Sir Keir Starmer", then "Sir Keir"; a doctor "Dr Liam Fox", then "Dr Fox".
    (Slotted: the templates call it as ``ref(c)``, and a callable without an instance
    dictionary is called straight away, :func:`newsgen.render.environment._plain_callable`.)
    """

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, c: CandidateFacts) -> str:
        if c.name in self.seen:
            if c.honorific in ("Sir", "Dame") and c.given_name:
                return f"{c.honorific} {c.given_name}"  # a knight or dame: "Sir Keir"
            title = c.honorific or c.title  # "Dr Fox", else "Mr Hoyle"
            return f"{title} {c.family_name}" if title else c.family_name
        self.seen.add(c.name)
        return f"{c.honorific} {c.name}" if c.honorific else c.name

    def tagged(self, c: CandidateFacts) -> str:
        """First reference with the party: "Labour's Jane Smith", "independent Jo Bloggs"."""
        if c.name in self.seen:
            return self(c)
        if c.speaker:
            return f"the Speaker, {self(c)}"
        if c.party.code == "Ind":
            return f"independent {self(c)}"
        return f"{possessive(c.party.noun)} {self(c)}"

    def labelled(self, c: CandidateFacts) -> str:
        """First reference with the party as adjective: "Conservative Gavin Haran"."""
        if c.name in self.seen:
            return self(c)
        if c.speaker:
            return f"the Speaker, {self(c)}"
        return f"{c.party.adj} {self(c)}"

    def speaker(self, name: str, seats: tuple[SeatFacts, ...]) -> str:
        for f in seats:
            for c in f.candidates:
                if c.name == name:
                    return self(c)
        if name in self.seen:
            return name.split()[-1]
        self.seen.add(name)
        return name


def _picker(seed: str) -> Any:
    def pick(key: str, n: int) -> int:
        """A stable choice among n variants, seeded from the story's seats and the slot."""
        return zlib.crc32(f"{seed}|{key}".encode()) % n

    return pick


def _by_party(f: SeatFacts, code: str | None) -> CandidateFacts | None:
    """The best-placed candidate of a party in a seat, if it stood."""
    if code is None:
        return None
    return next((c for c in f.candidates if c.party.code == code), None)


def _main_changes(f: SeatFacts, fell: CandidateFacts | None) -> list[CandidateFacts]:
    """The main parties' share changes of two points or more, among the top five after the
    winner, risers then fallers, leaving out independents, the Speaker and ``fell``: what
    sections/change.j2 reported with five chained select/reject filters, in one pass each."""
    top = [c for c in f.candidates[1:5] if c.share_change is not None and c.party.code not in ("Ind", "Spk")]
    moved = [c for c in top if c.share_change >= 2.0] + [c for c in top if c.share_change <= -2.0]
    return [c for c in moved if c is not fell]


def _lost_deposits(f: SeatFacts) -> int:
    """How many of a seat's candidates lost their deposits (a count, not a Jinja filter chain)."""
    return sum(1 for c in f.candidates if c.lost_deposit)


def _table(f: SeatFacts) -> ResultTable:
    return ResultTable(
        seat=f.seat_name,
        seat_id=f.seat_id,
        rows=tuple(
            ResultRow(
                name=c.name,
                party=c.party.name,
                party_code=c.party.code,
                votes=c.votes,
                share=round(c.share, 1),
                change=None if c.share_change is None else round(c.share_change, 1),
                elected=c.position == 1,
            )
            for c in f.candidates
        ),
        majority=f.majority,
        electorate=f.electorate,
        turnout=round(f.turnout, 2),
        summary=f.result_summary,
    )


#: white space ``str.split()`` splits on that ``_SPACE`` does not (form feed, no-break space...)
_OTHER_SPACE = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")


def _squash(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space, the ends trimmed: what the templates'
    layout leaves between words. ``str.split`` does it in C where it splits on exactly those
    (an ASCII text without the rarer separators), the regular expression elsewhere."""
    if text.isascii() and _OTHER_SPACE.isdisjoint(text):
        return " ".join(text.split())
    return _SPACE.sub(" ", text).strip()


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p for p in map(_squash, _BLANK.split(text)) if p)


def story_values(plan: Plan, style: Style) -> dict[str, Any]:
    """What every template of a seat or area story receives (docs/templates.md lists each);
    the standfirst gets ``body`` too. The helpers share one record of who has been named."""
    seed = _seed(plan)
    mentions = Mentions()

    def angle(angle_id: str, seat: str | None = None) -> Angle | None:
        return plan.fired(angle_id, seat)

    return {
        "plan": plan,
        "seats": plan.seats,
        "f": plan.seats[0],
        "lead": plan.lead,
        "angles": plan.angles,
        "angle": angle,
        "style": style,
        "area_name": plan.area_name,
        "area": plan.area,
        "quotes": plan.quotes,
        "ref": mentions,
        "tagged": mentions.tagged,
        "labelled": mentions.labelled,
        "speaker": lambda name: mentions.speaker(name, plan.seats),
        "pick": _picker(seed),
        "pct": lambda value, places=1: percent(value, style, places),
        "caps_first_word": style.caps_first_word,
        "by_party": _by_party,
        "main_changes": _main_changes,
        "lost_deposits": _lost_deposits,
    }


def _seed(plan: Plan) -> str:
    """The story's id, which seeds its choice of wording: its seats' ids, sorted, joined by '+'."""
    return "+".join(f.seat_id for f in sorted(plan.seats, key=lambda f: f.seat_id))


def render_plan(plan: Plan, style: Style, env: jinja2.Environment, *, election_date: str) -> Story:
    seed = _seed(plan)
    lead = plan.lead
    values = story_values(plan, style)
    names = ("story/headline.j2", "story/standfirst.j2", "story/body.j2")
    with time_budget(env):
        # the body first, so that the standfirst can leave out a figure the body already gives
        headline = _render(env, names[0], values)
        body = _render(env, names[2], values)
        values["body"] = _SPACE.sub(" ", body)
        standfirst = _render(env, names[1], values)
    seat_names = tuple(f.seat_name for f in plan.seats)
    return Story(
        id=seed,
        slug=slug(plan.area_name) if plan.kind == "area" and plan.area_name else slug(" and ".join(seat_names)),
        kind=plan.kind,
        headline=capfirst(_squash(headline)),  # "Former Prime Minister Theresa May holds ..."
        standfirst=_squash(standfirst),
        paragraphs=_paragraphs(body),
        tables=tuple(_table(f) for f in plan.seats),
        seats=seat_names,
        seat_ids=tuple(f.seat_id for f in plan.seats),
        lead=lead.id,
        angles=tuple(a.to_dict() for a in plan.angles),
        facts=tuple(f.to_dict() for f in plan.seats),
        style=style.name,
        templates=names,
        election_date=election_date,
        sources=tuple(dict.fromkeys(f.source_file for f in plan.seats)),
    )


def _render(env: jinja2.Environment, name: str, values: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"template {exc.name!r} not found", hint="check the newsroom template folder") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(
            f"template {name}{_line(exc)}: {exc.message}", hint="the template uses a value the story does not have"
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(f"template {name}{_line(exc)}: not allowed in the sandbox ({exc})") from None
    except TemplateOverBudget as exc:
        raise TemplateOverBudget(
            f"template {name}{_line(exc)}: stopped: {exc.message}",
            hint="make the template loop less or write less (NEWSGEN_TEMPLATE_SECONDS sets the time budget)",
        ) from None
    except RecursionError as exc:
        raise TemplateProblem(
            f"template {name}{_line(exc)}: calls itself without end (a template that includes or extends"
            " itself, or a macro that calls itself); stopped at Python's recursion limit",
            hint='give the recursion an end; to build on a bundled template, {% extends "default:NAME" %}',
        ) from None
    except OverflowError as exc:  # range() over Jinja's sandbox limit, or a number too big
        ranged = "MAX_RANGE" in str(exc)
        raise TemplateProblem(
            f"template {name}{_line(exc)}: {exc}",
            hint="loop over at most 100,000 numbers" if ranged else "the template makes a number too big to use",
        ) from None
    except MemoryError:
        raise TemplateOverBudget(
            f"template {name}: ran out of memory", hint="make the template loop less or write less"
        ) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
        # a template used a value wrongly: name the file and line; --debug shows the traceback
        raise TemplateProblem(
            f"template {name}{_line(exc)}: {type(exc).__name__}: {exc}",
            hint="the template uses a value the story does not have, or uses it the wrong way",
        ) from exc


def _line(exc: BaseException) -> str:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = f", line {tb.tb_lineno} of {tb.tb_frame.f_code.co_filename}"
        tb = tb.tb_next
    return line or ""
