"""ninjs 1.6 and 2.2 for every 2024 seat, validated against the IPTC schemas, and Superdesk's
ninjs against Superdesk's published schema (tests/schemas/, copied from ../shared/data/ninjs/)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from newsgen.outputs import render
from newsgen.outputs.ninjs import GSS_SCHEME, ItemVersion, ninjs_v1, read_version, to_ninjs, to_superdesk
from newsgen.pipeline import Dataset
from newsgen.story import Story

SCHEMAS = Path(__file__).parent / "schemas"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

formats = jsonschema.FormatChecker()


@formats.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str) or not RFC3339.match(value):
        return False
    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@formats.checks("uri")
def _uri(value: object) -> bool:
    return isinstance(value, str) and bool(urlsplit(value).scheme) and " " not in value


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=formats)


V16 = validator("ninjs-schema_1.6.json")
V22 = validator("ninjs-schema_2.2.json")


def superdesk_validator() -> jsonschema.protocols.Validator:
    """Superdesk's schema says draft-03 but is not valid draft-03 itself (its ``extra_items``
    gives a type where a schema belongs), so it is not checked, only used; and it lists
    ``required: ["guid"]`` as draft 4 would, which draft 3 ignores: :func:`sd_errors` checks that."""
    schema = json.loads((SCHEMAS / "superdesk-ninjs-schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft3Validator(schema, format_checker=formats)


VSD = superdesk_validator()


@pytest.fixture(scope="module")
def stories(southend_dataset: Dataset) -> list[Story]:
    seats = [southend_dataset.story([name]) for name in southend_dataset.seat_names]
    area = southend_dataset.context.areas["Southend"]
    return [*seats, southend_dataset.story(list(area.seats))]


def errors(v: jsonschema.protocols.Validator, data: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(data)]


def sd_errors(data: dict[str, Any]) -> list[str]:
    required = [f"{name}: required" for name in VSD.schema["required"] if name not in data]
    return required + errors(VSD, data)


def test_every_seat_validates_against_ninjs_1_6_2_2_and_superdesk(stories: list[Story]) -> None:
    """And each story has one guid: IPTC's is ``uri`` (nar:newsItem@guid), Superdesk's is
    ``guid``; the same URN in all three, different for each of the 651 stories."""
    assert len(stories) == 651
    guids = set()
    for story in stories:
        one, two = json.loads(render(story, "ninjs")), json.loads(render(story, "ninjs2"))
        sd = json.loads(render(story, "superdesk"))
        assert errors(V16, one) == [], story.id
        assert errors(V22, two) == [], story.id
        assert sd_errors(sd) == [], story.id
        assert sd["guid"] == one["uri"] == two["uri"], story.id
        assert sd["headline"] == one["headline"] and sd["body_html"] == one["body_html"]
        guids.add(sd["guid"])
    assert len(guids) == 651
    assert "urn:newsgen:2024-07-04:E14001170" in guids  # Chorley


def test_the_guid_is_the_same_on_every_render(stories: list[Story], dataset: Dataset) -> None:
    """On a revision, and from another load of the results (a re-run)."""
    story = next(s for s in stories if s.seats == ("Chorley",))
    later = ItemVersion(2, "2024-07-05T02:00:00Z", "2024-07-05T09:00:00Z")
    revised = json.loads(to_superdesk(story, later))
    again = json.loads(render(dataset.story(["Chorley"]), "superdesk"))
    assert revised["guid"] == again["guid"] == "urn:newsgen:2024-07-04:E14001170"
    assert revised["version"] == "2" and json.loads(render(story, "ninjs2"))["uri"] == revised["guid"]


def test_the_guid_differs_between_elections() -> None:
    """Broadheath ward (one GSS code) in Trafford's 2024 and 2026 elections: two guids."""
    from newsgen.resources import TRAFFORD, bundled

    guid = {
        date: json.loads(render(Dataset(bundled(TRAFFORD), election=date).story(["Broadheath"]), "superdesk"))["guid"]
        for date in ("2024-05-02", "2026-05-07")
    }
    assert guid == {"2024-05-02": "urn:newsgen:2024-05-02:E05015242", "2026-05-07": "urn:newsgen:2026-05-07:E05015242"}


def test_the_validator_catches_what_it_should(stories: list[Story]) -> None:
    good = json.loads(render(stories[0], "ninjs"))
    assert errors(V16, {**good, "guid": good["uri"]})  # 1.6 names every property it allows: no guid
    assert errors(V22, {**json.loads(render(stories[0], "ninjs2")), "guid": good["uri"]})  # nor 2.2
    sd = json.loads(render(stories[0], "superdesk"))
    assert sd_errors({**sd, "uri": sd["guid"]})  # Superdesk's has guid instead of uri
    assert sd_errors({k: v for k, v in sd.items() if k != "guid"}) == ["guid: required"]
    assert sd_errors({**sd, "place": [{"name": "x", "scheme": GSS_SCHEME}]})
    assert errors(V16, {**good, "versioncreated": "5 July 2024"})
    assert errors(V16, {k: v for k, v in good.items() if k != "uri"})
    assert errors(V22, {**json.loads(render(stories[0], "ninjs2")), "headline": "flat headline is 1.x"})


def test_superdesk_fields_carry_the_story(stories: list[Story]) -> None:
    story = next(s for s in stories if s.seats == ("North Herefordshire",))
    item = json.loads(render(story, "ninjs"))
    assert item["uri"] == f"urn:newsgen:2024-07-04:{story.seat_ids[0]}"
    assert item["headline"] == story.headline
    assert item["description_text"] == story.standfirst
    assert item["slugline"] == "election-north-herefordshire"
    assert item["located"] == "North Herefordshire"
    assert item["place"] == [
        {
            "name": "North Herefordshire",
            "code": story.seat_ids[0],
            "scheme": "http://statistics.data.gov.uk/id/statistical-geography/",
        }
    ]
    assert {"name": "Green Party", "rel": "winner"} in item["subject"]
    body = item["body_html"]
    assert body.count("<p>") >= len(story.paragraphs) and "<table>" in body and "21,736" in body
    assert item["wordcount"] == len(" ".join(story.paragraphs).split())
    assert item["byline"] and item["language"] == "en-GB" and item["pubstatus"] == "usable"


def test_ninjs2_uses_the_arrays(stories: list[Story]) -> None:
    area = stories[-1]
    item = json.loads(render(area, "ninjs2"))
    assert item["headlines"][0]["value"] == area.headline
    assert item["bodies"][0]["contenttype"] == "text/html"
    assert [p["name"] for p in item["places"]] == list(area.seats)
    assert item["standard"]["version"] == "2.2" and item["located"] == "Southend"


def test_versions_round_trip(stories: list[Story]) -> None:
    v = ItemVersion(3, "2024-07-05T02:00:00Z", "2024-07-05T04:30:00Z")
    text = to_ninjs(stories[0], v)
    assert read_version(text) == v
    assert read_version("not json") is None
    assert ninjs_v1(stories[0], v)["version"] == "3"


def test_source_date_epoch_fixes_the_time(stories: list[Story], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1720141200")
    item = json.loads(render(stories[0], "ninjs"))
    assert item["versioncreated"] == item["firstcreated"] == "2024-07-05T01:00:00Z"


def test_ward_and_council_stories_validate_and_name_their_source() -> None:
    """Trafford 2024 (the council's LGA file, OGL) and a South Yorkshire ward (Democracy Club):
    valid ninjs 1.6 and 2.2, about local elections, crediting who published the results."""
    from newsgen.resources import DEMOCRACY_CLUB_2021, TRAFFORD, bundled

    trafford = Dataset(bundled(TRAFFORD), election="2024-05-02")
    for name in ("Broadheath", "Trafford Council"):
        story = trafford.story([name])
        one, two = json.loads(render(story, "ninjs")), json.loads(render(story, "ninjs2"))
        assert not errors(V16, one) and not errors(V22, two)
        assert one["infosource"] == [{"name": "Trafford Council"}]
        assert "Open Government Licence" in one["usageterms"]
        assert {"name": "local elections", "rel": "about"} in one["subject"]
        assert {"name": "local elections", "rel": "about"} in two["subjects"]  # not "general election"
    ward = json.loads(render(trafford.story(["Broadheath"]), "ninjs"))
    assert ward["place"] == [{"name": "Broadheath", "code": "E05015242", "scheme": GSS_SCHEME}]
    council = json.loads(render(trafford.story(["Trafford Council"]), "ninjs"))
    assert council["place"] == [{"name": "Trafford Council"}]  # no GSS code for "trafford"
    dc = json.loads(render(Dataset(bundled(DEMOCRACY_CLUB_2021)).story(["Ecclesall"]), "ninjs"))
    assert dc["infosource"] == [{"name": "Democracy Club"}] and not errors(V16, dc)


def test_a_council_story_carries_its_state_of_the_parties_as_the_html_story_does() -> None:
    """A CMS that takes ninjs gets the council's table too, with the same rows and note."""
    from newsgen.resources import TRAFFORD, bundled

    story = Dataset(bundled(TRAFFORD)).story(["Trafford Council"])  # 2026: a range for two parties

    def table(text: str) -> str:
        found = re.search(r'<table class="council-state">.*?</table>', text, flags=re.DOTALL)
        assert found, text[-2000:]
        return re.sub(r">\s+<", "><", found.group(0))

    for fmt in ("ninjs", "ninjs2", "superdesk"):
        item = json.loads(render(story, fmt))
        body = item["body_html"] if "body_html" in item else item["bodies"][0]["value"]
        assert table(body) == table(render(story, "html")), fmt
    body = json.loads(render(story, "ninjs"))["body_html"]
    assert "<tr><td>Labour</td><td>8</td><td>42</td><td>36–37</td></tr>" in body
    assert "a majority takes 32 seats" in body
    seat = json.loads(render(Dataset(bundled(TRAFFORD)).story(["Broadheath"]), "ninjs"))["body_html"]
    assert "council-state" not in seat  # a ward's story has its own result table alone
