"""IPTC ninjs (News in JSON): version 1.6 (``ninjs``) and 2.2 (``ninjs2``), and Superdesk's
ninjs (``superdesk``).

1.6 is what Superdesk's ninjs ingest reads: flat ``uri``, ``headline``, ``body_html``,
``byline``, ``slugline``, ``located``, ``place``, ``subject``, ``versioncreated``. 2.2 moves
text into ``headlines``/``bodies``/``descriptions`` arrays and renames ``byline`` to ``by``.

The item's globally unique id (NewsML's ``newsItem@guid``) is :func:`uri`: the same on
every render and revision of a story, different for every story and election. IPTC's
schemas carry it as ``uri`` and forbid any other top-level property, ``guid`` included.
Superdesk's ninjs (its published schema, an extension of ninjs 1.1) names it ``guid`` and
has no ``uri``; its parser, given only ``uri``, makes its own id from it
(``urn::newsgen:...``). So the ``superdesk`` format carries the same id as ``guid``, with
the 1.6 fields Superdesk's schema allows.

Item times: ``versioncreated`` defaults to now, or to ``SOURCE_DATE_EPOCH`` when that is
set (reproducible builds); ``newsgen batch`` passes one time for the whole run and keeps
an unchanged story's version and times, so a re-run does not touch it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from newsgen.outputs import register
from newsgen.story import Story

BYLINE = "newsgen"
LANGUAGE = "en-GB"
PROFILE = "newsgen-election-result"
MEDIATOPIC_POLITICS = ("politics", "http://cv.iptc.org/newscodes/mediatopic/", "medtop:11000000")
GSS_SCHEME = "http://statistics.data.gov.uk/id/statistical-geography/"
USAGE = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
EDNOTE = "Written automatically by newsgen from official results: check before publishing."
SCHEMAS = {
    "1.6": "http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json",
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
}


@dataclass(frozen=True, slots=True)
class ItemVersion:
    """The versioning fields a CMS tracks: version number and times (RFC 3339, UTC)."""

    version: int
    firstcreated: str
    versioncreated: str


def now_utc() -> str:
    """The current time, or ``SOURCE_DATE_EPOCH`` when set, as RFC 3339 in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def first_version(when: str | None = None) -> ItemVersion:
    when = when or now_utc()
    return ItemVersion(1, when, when)


def read_version(text: str) -> ItemVersion | None:
    """The version fields of a ninjs file written earlier (1.x or 2.x), or None."""
    try:
        data = json.loads(text)
        return ItemVersion(int(data["version"]), str(data["firstcreated"]), str(data["versioncreated"]))
    except (ValueError, KeyError, TypeError):
        return None


_GSS = re.compile(r"[ENSWK]\d{8}")


def _source(story: Story) -> str:
    """Which source the story's results came from, by its file (the readers' own names)."""
    file = story.sources[0] if story.sources else ""
    kind = story.facts[0].get("kind") if story.facts else None
    if file.endswith((".yaml", ".yml")):
        return "declaration"
    if file.endswith(".xml") or file.startswith("pa"):
        return "pa"
    if file.startswith("dc_result_sets") or (kind in ("ward", "council") and file.endswith(".json")):
        return "democracy_club"
    if kind in ("ward", "council") or "council" in file:
        return "council"
    return "commons_library"


def source_name(story: Story) -> str:
    """ninjs infosource: who published the results the story is written from."""
    source = _source(story)
    if source == "council":
        f = story.facts[0]
        name = f.get("council") or (f.get("seat_name") if f.get("kind") == "council" else None)
        return str(name or "the council's published results")
    return {
        "declaration": "the returning officer's declaration",
        "pa": "PA Media",
        "democracy_club": "Democracy Club",
    }.get(source, "House of Commons Library")


def usage(story: Story) -> str:
    """ninjs usageterms: the licence of the results the story is written from."""
    return {
        "council": "Contains public sector information licensed under the Open Government Licence v3.0.",
        "democracy_club": "Contains data from Democracy Club (democracyclub.org.uk).",
        "pa": "Contains PA Media election data: use under your PA licence.",
        "declaration": "From the declaration at the count, as typed by the newsroom.",
    }.get(_source(story), USAGE)


def election_name(story: Story) -> str:
    """What the story is about: a general election, a by-election, local elections."""
    f = story.facts[0] if story.facts else {}
    by = f.get("by_election") or (f.get("extras") or {}).get("by_election")
    if f.get("kind") in ("ward", "council"):
        return "local by-election" if by else "local elections"
    return "by-election" if by else "general election"


def uri(story: Story) -> str:
    """The item's guid, a URN: the polling day and the story id (GSS codes, an area's joined
    by ``+``): ``urn:newsgen:2024-07-04:E14001170``. Every election newsgen reads is one
    polling day's, and elections held the same day (local and a by-election) are for
    areas with different GSS codes; so no two stories share it."""
    return f"urn:newsgen:{story.election_date}:{story.id}"


def slugline(story: Story) -> str:
    return f"election-{story.slug}"


def located(story: Story) -> str:
    """The seat; for an area story the area's name as the story spells it (from its slug)."""
    if story.kind == "seat":
        return story.seats[0]
    words = r"[\s-]+".join(re.escape(w) for w in story.slug.split("-"))
    found = re.search(rf"\b{words}\b", "\n".join([story.headline, *story.paragraphs]), flags=re.IGNORECASE)
    return found.group(0) if found else story.slug.replace("-", " ").title()


def body_html(story: Story) -> str:
    """Paragraphs and results tables (a council story's state of the parties, as the HTML
    story has it); every value from data escaped."""

    def e(text: str) -> str:
        return html.escape(text, quote=False)

    parts = [f"<p>{e(p)}</p>" for p in story.paragraphs]
    for t in story.tables:
        rows = "".join(
            f"<tr><td>{e(r.name)}</td><td>{e(r.party)}</td><td>{r.votes:,}</td><td>{_share(r.share)}</td></tr>"
            for r in t.rows
        )
        parts.append(
            f"<table><caption>{e(t.seat)}: full result</caption>"
            "<thead><tr><th>Candidate</th><th>Party</th><th>Votes</th><th>Share (%)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p>{t.totals()}</p>"
        )
    if story.kind == "council" and story.facts:
        parts.append(_council_state(story))
    return "\n".join(parts)


def _council_state(story: Story) -> str:
    """The HTML story's state-of-the-parties table, from the same template (autoescaped)."""
    from newsgen.render.environment import get_environment

    table = get_environment().get_template("formats/council_state.html.j2").render(story=story)
    return "\n".join(line.strip() for line in table.splitlines() if line.strip())


def _share(share: float | None) -> str:
    return "" if share is None else f"{share:.1f}"


def _counts(story: Story) -> tuple[int, int]:
    text = "\n\n".join(story.paragraphs)
    return len(text), len(text.split())


def _parties(story: Story) -> list[str]:
    return list(dict.fromkeys(r.party for t in story.tables for r in t.rows if r.elected))


def ninjs_v1(story: Story, version: ItemVersion | None = None, *, byline: str = BYLINE) -> dict[str, Any]:
    """The story as a ninjs 1.6 object."""
    v = version or first_version()
    chars, words = _counts(story)
    return {
        "uri": uri(story),
        "type": "text",
        "mimetype": "text/html",
        "representationtype": "complete",
        "profile": PROFILE,
        "version": str(v.version),
        "firstcreated": v.firstcreated,
        "versioncreated": v.versioncreated,
        "pubstatus": "usable",
        "language": LANGUAGE,
        "headline": story.headline,
        "slugline": slugline(story),
        "byline": byline,
        "located": located(story),
        "description_text": story.standfirst,
        "body_html": body_html(story),
        "charcount": chars,
        "wordcount": words,
        "place": [
            {"name": name, "code": gss, "scheme": GSS_SCHEME} if _GSS.fullmatch(gss) else {"name": name}
            for name, gss in zip(story.seats, story.seat_ids, strict=True)
        ],
        "subject": [
            {"name": MEDIATOPIC_POLITICS[0], "scheme": MEDIATOPIC_POLITICS[1], "code": MEDIATOPIC_POLITICS[2]},
            {"name": election_name(story), "rel": "about"},
            *({"name": party, "rel": "winner"} for party in _parties(story)),
        ],
        "infosource": [{"name": source_name(story)}],
        "altids": {"newsgen": story.id, "lead_angle": story.lead},
        "ednote": EDNOTE,
        "usageterms": usage(story),
        "$standard": {"name": "ninjs", "version": "1.6", "schema": SCHEMAS["1.6"]},
    }


def ninjs_v2(story: Story, version: ItemVersion | None = None, *, byline: str = BYLINE) -> dict[str, Any]:
    """The story as a ninjs 2.2 object."""
    v = version or first_version()
    chars, words = _counts(story)
    return {
        "uri": uri(story),
        "type": "text",
        "representationtype": "full",
        "profile": PROFILE,
        "version": str(v.version),
        "firstcreated": v.firstcreated,
        "versioncreated": v.versioncreated,
        "pubstatus": "usable",
        "language": LANGUAGE,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": story.headline}],
        "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": story.standfirst}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "charcount": chars,
                "wordcount": words,
                "value": body_html(story),
            }
        ],
        "slugline": slugline(story),
        "by": byline,
        "located": located(story),
        "places": [{"name": name, "literal": gss} for name, gss in zip(story.seats, story.seat_ids, strict=True)],
        "subjects": [
            {"name": MEDIATOPIC_POLITICS[0], "uri": MEDIATOPIC_POLITICS[1] + MEDIATOPIC_POLITICS[2].split(":")[1]},
            {"name": election_name(story), "rel": "about"},
            *({"name": party, "rel": "winner"} for party in _parties(story)),
        ],
        "infosources": [{"name": source_name(story)}],
        "altids": [{"role": "newsgen", "value": story.id}, {"role": "lead_angle", "value": story.lead}],
        "ednote": EDNOTE,
        "usageterms": usage(story),
        "standard": {"name": "ninjs", "version": "2.2", "schema": SCHEMAS["2.2"]},
    }


#: the 1.6 fields Superdesk's ninjs schema also has (it forbids the others)
_SUPERDESK_FIELDS = (
    "type",
    "mimetype",
    "profile",
    "version",
    "firstcreated",
    "versioncreated",
    "pubstatus",
    "language",
    "headline",
    "slugline",
    "byline",
    "located",
    "description_text",
    "body_html",
    "charcount",
    "wordcount",
    "ednote",
    "usageterms",
)


def ninjs_superdesk(story: Story, version: ItemVersion | None = None, *, byline: str = BYLINE) -> dict[str, Any]:
    """The story as Superdesk's ninjs: ``guid`` (the IPTC items' ``uri``) and the fields of
    1.6 its schema allows; places with their GSS code, the election and the winning
    parties as keywords (its subjects have no ``rel`` to tell the two apart)."""
    one = ninjs_v1(story, version, byline=byline)
    return {
        "guid": one["uri"],
        **{name: one[name] for name in _SUPERDESK_FIELDS},
        "place": [{k: v for k, v in place.items() if k in ("name", "code")} for place in one["place"]],
        "subject": [{"name": MEDIATOPIC_POLITICS[0], "scheme": MEDIATOPIC_POLITICS[1], "code": MEDIATOPIC_POLITICS[2]}],
        "keywords": [election_name(story), *_parties(story)],
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_ninjs(story: Story, version: ItemVersion | None = None) -> str:
    return dumps(ninjs_v1(story, version))


def to_ninjs2(story: Story, version: ItemVersion | None = None) -> str:
    return dumps(ninjs_v2(story, version))


def to_superdesk(story: Story, version: ItemVersion | None = None) -> str:
    return dumps(ninjs_superdesk(story, version))


#: format name -> versioned renderer, for callers (the batch) that keep versions across runs
VERSIONED = {"ninjs": to_ninjs, "ninjs2": to_ninjs2, "superdesk": to_superdesk}

register("ninjs", to_ninjs, "ninjs.json")
register("ninjs2", to_ninjs2, "ninjs2.json")
register("superdesk", to_superdesk, "superdesk.json")
