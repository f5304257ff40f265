"""Results charts (issue 15's pictures) on real results: every figure on a chart is checked
against the results file, read here with csv, not through newsgen's readers."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsgen.batch import run_batch
from newsgen.outputs import FORMATS, WITHOUT_PROVENANCE, get_formatter, render
from newsgen.outputs.charts import story_charts
from newsgen.outputs.charts.colours import colour_for, contrast, label_colour
from newsgen.outputs.charts.model import table_chart
from newsgen.outputs.charts.svg import render_svg
from newsgen.pipeline import Dataset
from newsgen.readers.parties import NAMES
from newsgen.records.checks import KNOWN_PARTY_CODES
from newsgen.render.compose import _table as result_table
from newsgen.resources import DEFAULT_RESULTS, TRAFFORD, bundled
from tests.golden import check_golden

SVG = "{http://www.w3.org/2000/svg}"
RESULTS = bundled(DEFAULT_RESULTS)
COLOURS = json.loads((Path(__file__).resolve().parent.parent / "newsgen/outputs/charts/colours.json").read_text())
NEUTRAL = COLOURS["neutral"]


# -- reading what a chart shows ------------------------------------------------------------
def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return root


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def rows_of(root: ET.Element) -> list[dict[str, Any]]:
    """Each drawn row: its label, bars (data-value, fill, width) and the figures written by them."""
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") != "row":
            continue
        labels = [text_of(t) for t in g.iter(f"{SVG}text") if t.get("class") == "label"]
        bars = [r for r in g.iter(f"{SVG}rect") if r.get("class") == "bar"]
        ranges = [r for r in g.iter(f"{SVG}rect") if r.get("class") == "range"]
        out.append(
            {
                "label": " ".join(labels),
                "party": g.get("data-party"),
                "elected": g.get("data-elected") == "true",
                "values": [int(b.get("data-value", "-1")) for b in bars],
                "fills": [b.get("fill") for b in bars],
                "widths": [float(b.get("width", "0")) for b in bars],
                "ranges": [int(r.get("data-value", "-1")) for r in ranges],
                "figures": [text_of(t) for t in g.iter(f"{SVG}text") if t.get("class") == "figure"],
            }
        )
    return out


def desc_of(root: ET.Element) -> str:
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    return desc.text or ""


def ge2024_rows(seat: str) -> list[dict[str, str]]:
    """A seat's candidates from the Commons Library file, in finishing order."""
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Constituency name"] == seat]
    assert rows, seat
    return sorted(rows, key=lambda r: int(r["Candidate result position"]))


def share(row: dict[str, str]) -> str:
    """A candidate's share of the valid votes, one place, as the published tables print it."""
    return f"{100 * int(row['Candidate vote count']) / int(row['Election valid vote count']):.1f}"


@pytest.fixture(scope="module")
def trafford() -> dict[str, Dataset]:
    return {e: Dataset(bundled(TRAFFORD), election=e) for e in ("2023-05-04", "2024-05-02", "2026-05-07")}


# -- seats -----------------------------------------------------------------------------------
def test_southend_west_and_leigh_chart_shows_every_candidate_as_the_file_has_them(dataset: Dataset) -> None:
    story = dataset.story(["Southend West and Leigh"])
    root = parse(render(story, "svg"))
    drawn = rows_of(root)
    expected = ge2024_rows("Southend West and Leigh")
    assert len(drawn) == len(expected) == 10
    desc = desc_of(root)
    at = 0
    for row, want in zip(drawn, expected, strict=True):
        votes = int(want["Candidate vote count"])
        name = f"{want['Candidate given name']} {want['Candidate family name']}"
        assert row["label"].startswith(name)
        assert (want["Main party name"] or "Independent") in row["label"]
        assert row["values"] == [votes]
        assert row["figures"] == [f"{votes:,} ({share(want)}%)"]
        # the text alternative: the same figures in words, in the same order
        said = f"{name} ({want['Main party name'] or 'Independent'})"
        said += ", elected" if want["Candidate result position"] == "1" else ""
        said += f": {votes:,} votes, {share(want)} per cent."
        found = desc.find(said, at)
        assert found >= at, said
        at = found
    winner = drawn[0]
    assert winner["elected"] and "elected" in winner["label"] and not any(r["elected"] for r in drawn[1:])
    assert winner["fills"] == ["#E4003B"] == [COLOURS["parties"]["Lab"]["colour"]]  # Labour red
    assert drawn[1]["fills"] == [COLOURS["parties"]["Con"]["colour"]]
    assert drawn[6]["party"] == "Ind" and drawn[6]["fills"] == [NEUTRAL]  # Tom Darwood, independent
    # bars: longest first, as long as the votes say
    widths = [r["widths"][0] for r in drawn]
    assert widths == sorted(widths, reverse=True)
    assert widths[1] / widths[0] == pytest.approx(14_790 / 16_739, abs=0.001)


def test_the_shares_are_the_html_tables_shares(dataset: Dataset) -> None:
    """The chart and the results table beside it in the HTML story print the same figures."""
    story = dataset.story(["Southend West and Leigh"])
    html = render(story, "html")
    for row in story.tables[0].rows:
        assert f"<td>{row.votes:,}</td><td>{row.share:.1f}</td>" in html
        assert f"{row.votes:,} ({row.share:.1f}%)</text>" in html


def test_the_seat_with_most_candidates_has_a_bar_for_each_in_finishing_order(dataset: Dataset) -> None:
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        counts = Counter(r["Constituency name"] for r in csv.DictReader(fh))
    seat, n = counts.most_common(1)[0]
    assert (seat, n) == ("Richmond and Northallerton", 13)
    drawn = rows_of(parse(render(dataset.story([seat]), "svg")))
    expected = ge2024_rows(seat)
    assert [r["values"][0] for r in drawn] == [int(r["Candidate vote count"]) for r in expected]
    assert [r["figures"][0] for r in drawn] == [f"{int(r['Candidate vote count']):,} ({share(r)}%)" for r in expected]
    assert drawn[0]["label"].startswith("Rishi Sunak, Conservative")


def test_the_speakers_seat(dataset: Dataset) -> None:
    """Chorley: the Speaker stands without a party; his bar is neutral grey, labelled Speaker."""
    root = parse(render(dataset.story(["Chorley"]), "svg"))
    drawn = rows_of(root)
    expected = ge2024_rows("Chorley")
    assert expected[0]["Candidate is standing as Commons Speaker"] == "true"
    speaker = drawn[0]
    assert speaker["label"] == "Lindsay Hoyle, Speaker · elected"
    assert speaker["party"] == "Spk" and speaker["fills"] == [NEUTRAL]
    assert speaker["figures"] == [f"{int(expected[0]['Candidate vote count']):,} ({share(expected[0])}%)"]
    assert "Lindsay Hoyle (Speaker), elected: 25,238 votes" in desc_of(root)


def test_an_area_story_stacks_its_seats_in_one_file_and_has_a_chart_per_table_in_html(
    southend_dataset: Dataset,
) -> None:
    seats = ["Southend West and Leigh", "Southend East and Rochford"]
    story = southend_dataset.story(seats)
    root = parse(render(story, "svg"))
    headings = [text_of(t) for t in root.iter(f"{SVG}text") if t.get("class") == "heading"]
    assert headings == [f"{s}: votes" for s in seats]
    assert len(rows_of(root)) == len(ge2024_rows(seats[0])) + len(ge2024_rows(seats[1]))
    html = render(story, "html")
    assert html.count("<svg ") == 2 and html.count('<table class="result">') == 2
    assert html.index('id="chart-southend-west-and-leigh"') < html.index("<caption>Southend West and Leigh: full")


def test_bbc_style_says_per_cent_as_the_bbc_does(dataset: Dataset) -> None:
    root = parse(render(dataset.story(["Chorley"], style="bbc"), "svg"))
    assert "25,238 votes, 74.3%." in desc_of(root)


# -- wards and councils ----------------------------------------------------------------------
def test_a_three_seat_ward_marks_all_three_elected_without_shares(trafford: dict[str, Dataset]) -> None:
    """Hale 2023 (all-out: three seats): votes only (shares of voters with three votes each
    would add up past 100, so the story's table has none either)."""
    with open(bundled(TRAFFORD), encoding="utf-8-sig", newline="") as fh:
        rows = [
            r for r in csv.DictReader(fh) if r["ElectionDate"] == "2023-05-04" and r["ElectoralAreaLabel"] == "Hale"
        ]
    rows.sort(key=lambda r: -int(r["VotesWon"]))
    root = parse(render(trafford["2023-05-04"].story(["Hale"]), "svg"))
    drawn = rows_of(root)
    assert len(drawn) == len(rows) == 12
    for row, want in zip(drawn, rows, strict=True):
        assert row["values"] == [int(want["VotesWon"])]
        assert row["figures"] == [f"{int(want['VotesWon']):,}"]
        assert row["elected"] == (want["Elected"] == "ELECTED")
        assert want["CandidateSurname"].lower() in row["label"].lower()
    assert [r["label"] for r in drawn if r["elected"]] == [
        "Jane Leicester, Green Party · elected",
        "Hannah Spencer, Green Party · elected",
        "Owain Sutton, Green Party · elected",
    ]
    assert "per cent" not in desc_of(root) and "%" not in "".join(f for r in drawn for f in r["figures"])


def test_an_all_out_council_shows_the_seats_each_party_won(trafford: dict[str, Dataset]) -> None:
    """Trafford 2023: every seat was up, so the seats after are the seats won, counted here
    from the file's elected rows."""
    labels = {
        "Labour Party": "Labour",
        "Conservative and Unionist Party": "Conservative",
        "Green Party": "Green Party",
        "Liberal Democrats": "Liberal Democrat",
    }
    with open(bundled(TRAFFORD), encoding="utf-8-sig", newline="") as fh:
        won = Counter(
            labels[r["PoliticalPartyLabel"]]
            for r in csv.DictReader(fh)
            if r["ElectionDate"] == "2023-05-04" and r["Elected"] == "ELECTED"
        )
    story = trafford["2023-05-04"].story(["Trafford Council"])
    root = parse(render(story, "svg"))
    drawn = {r["label"]: r for r in rows_of(root)}
    assert {k: v["values"] for k, v in drawn.items()} == {k: [n] for k, n in won.items()}
    assert {k: v["figures"] for k, v in drawn.items()} == {k: [f"After: {n} seats"] for k, n in won.items()}
    total = sum(won.values())
    assert total == 63
    assert f"a majority takes 32 of the {total} seats" in desc_of(root)
    marker = [text_of(t) for t in root.iter(f"{SVG}text") if t.get("class") == "marker"]
    assert marker == ["32 seats for a majority"]


def test_a_council_chart_before_and_after(trafford: dict[str, Dataset]) -> None:
    """Trafford 2024: Labour went from 41 to 43 of the 63 seats, as the story says."""
    story = trafford["2024-05-02"].story(["Trafford Council"])
    assert "Labour now holds 43 of the 63 seats on the council, having gone into the election with 41 seats" in (
        story.text
    )
    root = parse(render(story, "svg"))
    drawn = {r["label"]: r for r in rows_of(root)}
    assert drawn["Labour"]["figures"] == ["Before: 41 seats", "After: 43 seats"]
    assert drawn["Conservative"]["figures"] == ["Before: 10 seats", "After: 8 seats"]
    assert drawn["Labour"]["values"] == [41, 43] and drawn["Labour"]["ranges"] == []
    assert "Labour: 41 seats before, 43 seats after." in desc_of(root)
    html = render(story, "html")
    # the story's state-of-the-parties table follows the chart: its text alternative
    assert html.index('id="chart-trafford-council"') < html.index('<table class="council-state">')
    assert "<tr><td>Labour</td><td>15</td><td>41</td><td>43</td></tr>" in html


def test_a_council_whose_seats_after_are_a_range_is_not_given_a_figure(trafford: dict[str, Dataset]) -> None:
    """Trafford 2026: the file cannot tell whose seat was up in Broadheath and Hale, so the
    story gives ranges; the chart draws each party solid to its fewest and open to its most,
    labels the range, and never prints a single "after" figure the story does not have."""
    story = trafford["2026-05-07"].story(["Trafford Council"])
    assert "Now Labour has 36 or 37 seats, the Conservatives have between 10 and 12 seats" in story.text
    root = parse(render(story, "svg"))
    drawn = {r["label"]: r for r in rows_of(root)}
    labour, con = drawn["Labour"], drawn["Conservative"]
    assert labour["figures"] == ["Before: 42 seats", "After: 36 or 37 seats"]
    assert labour["values"] == [42, 36] and labour["ranges"] == [37]
    assert con["figures"] == ["Before: 10 seats", "After: 10 to 12 seats"] and con["ranges"] == [12]
    assert drawn["Liberal Democrat"]["figures"] == ["Before: 6 seats", "After: 6 seats"]  # the file allows one figure
    assert drawn["Reform UK"]["figures"] == ["Before: 0 seats", "After: 2 seats"]
    figures = [f for r in drawn.values() for f in r["figures"]]
    assert "After: 36 seats" not in figures and "After: 37 seats" not in figures
    desc = desc_of(root)
    assert "Labour: 42 seats before, 36 or 37 seats after." in desc
    assert "Conservative: 10 seats before, between 10 and 12 seats after." in desc
    assert "do not show whose seat was up" in desc
    assert "<tr><td>Labour</td><td>8</td><td>42</td><td>36–37</td></tr>" in render(story, "html")
    # parties that stood, won nothing and had nothing are left out, as the table leaves them out
    assert set(drawn) == {"Labour", "Conservative", "Green Party", "Liberal Democrat", "Reform UK"}
    assert "not known" not in desc


def test_trafford_2026_chart_is_the_golden_file(trafford: dict[str, Dataset], update_golden: bool) -> None:
    """The whole file, as docs/charts.md shows it (pytest --update-golden after an intended change)."""
    check_golden(
        "trafford-council-2026.svg", render(trafford["2026-05-07"].story(["Trafford Council"]), "svg"), update_golden
    )


def test_a_council_with_no_state_of_the_parties_shows_seats_won() -> None:
    """Sheffield 2021 (Democracy Club): the file has no earlier results, so neither the seats
    before nor after are known; the chart shows what is: the seats won, counted here from the
    flat CSV of the same result sets."""
    path = bundled("local/democracyclub-2021/dc_result_sets_south_yorkshire_2021-05-06_flat.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        won = Counter(
            r["party_name"]
            for r in csv.DictReader(fh)
            if r["ballot_paper_id"].startswith("local.sheffield.") and r["is_winner"] == "True"
        )
    story = Dataset(bundled("local/democracyclub-2021/dc_result_sets_south_yorkshire_2021-05-06.json")).story(
        ["Sheffield Council"]
    )
    root = parse(render(story, "svg"))
    drawn = {r["label"]: r["figures"] for r in rows_of(root)}
    names = {
        "Labour Party": "Labour",
        "Labour and Co-operative Party": "Labour",
        "Liberal Democrats": "Liberal Democrat",
    }
    names |= {"Green Party": "Green Party", "Conservative and Unionist Party": "Conservative"}
    by_party: Counter[str] = Counter()
    for p, n in won.items():
        by_party[names[p]] += n
    assert drawn == {p: [f"{n} seat" if n == 1 else f"{n} seats"] for p, n in by_party.items()}
    assert "Before" not in root.findtext(f"{SVG}title", "") and "before" not in desc_of(root)
    assert f"{sum(won.values())} seats in all" in desc_of(root)


def test_the_preview_shows_ward_and_council_charts_and_exports_the_svg(
    trafford: dict[str, Dataset], tmp_path: Path
) -> None:
    import warnings

    with warnings.catch_warnings():  # Starlette nudges TestClient users towards httpx2
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from newsgen.serve import create_app

    dataset = trafford["2026-05-07"]
    hale = dataset.story(["Hale"])
    council = dataset.story(["Trafford Council"])
    app = create_app(dataset, tmp_path / "choices.db", allowed_hosts=["testserver"])
    with TestClient(app) as client:
        ward_page = client.get(f"/story/{hale.id}").text
        assert '<title id="chart-hale-title">Hale: votes for each candidate</title>' in ward_page
        assert 'role="img" aria-labelledby="chart-hale-title" aria-describedby="chart-hale-desc"' in ward_page
        page = client.get("/story/trafford").text
        title = "Trafford Council: seats by party before and after the election"
        assert f'<title id="chart-trafford-council-title">{title}</title>' in page
        assert page.index('id="chart-trafford-council"') < page.index('<table class="council-state">')
        exported = client.get("/story/trafford/export/svg")
        assert exported.headers["content-type"] == "image/svg+xml"
        assert exported.content == render(council, "svg").encode("utf-8")


def test_a_council_from_pas_local_result(tmp_path: Path) -> None:
    """PA's Adur sample: the seats after are its NewCouncil, those before NewCouncil less the
    Changes (read here with ElementTree)."""
    path = bundled("pa-feed/samples/Local_Test_result_Adur_1.xml")
    council = ET.parse(path).getroot().find("Election/Council")
    assert council is not None
    after = {p.get("name"): int(p.get("seats", "")) for p in council.iterfind("NewCouncil/Party")}
    change = {p.get("name"): int(p.get("change", "")) for p in council.iterfind("Changes/Party")}
    labels = {"Lab": "Labour", "Ind": "Independent", "Green": "Green Party", "C": "Conservative"}
    story = Dataset(path).story(["Adur Council"])
    drawn = {r["label"]: r["figures"] for r in rows_of(parse(render(story, "svg")))}
    seats = {n: f"{n} seat" if n == 1 else f"{n} seats" for n in range(30)}
    assert drawn == {labels[p]: [f"Before: {seats[n - change[p]]}", f"After: {seats[n]}"] for p, n in after.items()}
    assert drawn["Independent"] == ["Before: 8 seats", "After: 6 seats"]


# -- accessibility, escaping, well-formedness ------------------------------------------------
def test_the_svg_is_accessible_and_self_contained(dataset: Dataset) -> None:
    svg = render(dataset.story(["Southend West and Leigh"]), "svg")
    root = parse(svg)
    assert root.get("role") == "img" and root.get("viewBox") == f"0 0 400 {root.get('height')}"
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == "Southend West and Leigh: votes for each candidate"
    for el in root.iter():
        assert el.tag.removeprefix(SVG) not in ("script", "style", "foreignObject", "image", "a"), el.tag
        assert not [k for k in el.attrib if k.lower().startswith("on") or k in ("style", "href")], el.attrib
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched


def test_inline_svg_fills_its_container_and_a_file_has_a_size(dataset: Dataset) -> None:
    story = dataset.story(["Chorley"])
    chart = story_charts(story)[0]
    inline = parse(render_svg(chart, standalone=False))
    assert inline.get("width") == "100%" and inline.get("height") is None
    standalone = render(story, "svg")
    assert standalone.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert parse(standalone).get("width") == "400"


def test_label_text_keeps_contrast_on_every_party_colour() -> None:
    """Black or white, whichever contrasts more, clears WCAG AA (4.5:1) on every colour in the
    table, on the neutral grey, and on the paler "before" tints."""
    from newsgen.outputs.charts.colours import tint

    for colour in [e["colour"] for e in COLOURS["parties"].values()] + [NEUTRAL]:
        for fill in (colour, tint(colour)):
            assert contrast(fill, label_colour(fill)) >= 4.5, fill
    assert label_colour("#FDF38E") == "#000000"  # SNP yellow: black text
    assert label_colour("#0C3A6A") == "#FFFFFF"  # TUV navy: white text
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)


def test_every_colour_is_keyed_by_a_party_code_newsgen_uses() -> None:
    for code in COLOURS["parties"]:
        assert code in NAMES or code in KNOWN_PARTY_CODES, code
        assert colour_for(code).fill == COLOURS["parties"][code]["colour"]
    assert colour_for("Ind").fill == colour_for("Spk").fill == colour_for("Heritage Party").fill == NEUTRAL


def test_names_with_markup_are_escaped(tmp_path: Path) -> None:
    """A candidate and a party with <, & and both quotes: printed as text in the SVG file and
    in the HTML story's chart, never as markup, and the file still parses."""
    name = '<b>Jo</b> "Jojo" O\'Neil & Co'
    party = "<Party> & \"Friends\" 'of' Southend"
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = [r for r in reader if r["Constituency name"] == "Southend West and Leigh"]
    for r in rows:
        if r["Candidate result position"] == "3":
            r["Candidate family name"] = name
            r["Main party name"], r["Main party abbreviation"] = party, "PF"
    path = tmp_path / "markup.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    story = Dataset(path).story(["Southend West and Leigh"])
    svg = render(story, "svg")
    assert "<b>" not in svg and "<Party>" not in svg and "& " not in svg
    root = parse(svg)
    third = rows_of(root)[2]
    assert third["label"] == f"Peter {name}, {party}"  # too long for one line: "name," then party
    assert f"Peter {name} ({party}): 8,273 votes" in desc_of(root)
    html = render(story, "html")
    assert "<b>Jo" not in html and "<Party>" not in html
    assert "&lt;b&gt;Jo&lt;/b&gt; &quot;Jojo&quot; O&#x27;Neil &amp; Co" in html


def test_every_2024_seat_charts_its_published_figures(dataset: Dataset) -> None:
    """All 650 seats: each chart is well-formed XML, with a bar per candidate and the votes and
    shares of the file (charts drawn from each seat's result table, as the story builds it)."""
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        by_seat: dict[str, list[dict[str, str]]] = {}
        for r in csv.DictReader(fh):
            by_seat.setdefault(r["Constituency name"], []).append(r)
    assert len(by_seat) == 650
    for seat, rows in by_seat.items():
        rows.sort(key=lambda r: int(r["Candidate result position"]))
        chart = table_chart(result_table(dataset.facts(seat)), chart_id="chart-x")
        drawn = rows_of(parse(render_svg(chart)))
        assert [d["figures"][0] for d in drawn] == [
            f"{int(r['Candidate vote count']):,} ({share(r)}%)" for r in rows
        ], seat
        assert sum(d["elected"] for d in drawn) == 1 and drawn[0]["elected"], seat


# -- the svg format --------------------------------------------------------------------------
def test_svg_is_a_registered_format_without_provenance() -> None:
    assert FORMATS["svg"][1] == get_formatter("svg")[1] == "svg"
    assert "svg" in WITHOUT_PROVENANCE


def test_batch_writes_an_svg_beside_each_story(tmp_path: Path, southend_dataset: Dataset) -> None:
    dataset = southend_dataset
    seats = ["Southend West and Leigh", "Southend East and Rochford"]
    report = run_batch(dataset, tmp_path, formats=["md", "svg"], only=seats)
    assert report.ok, report.failed
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == [
        "index.json",
        "southend-east-and-rochford.md",
        "southend-east-and-rochford.svg",
        "southend-west-and-leigh.md",
        "southend-west-and-leigh.svg",
        "southend.md",
        "southend.svg",
    ]
    story = dataset.story([seats[0]])
    assert (tmp_path / "southend-west-and-leigh.svg").read_text(encoding="utf-8") == render(story, "svg")
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    entry = next(s for s in index["stories"] if s["slug"] == "southend-west-and-leigh")
    assert entry["files"] == {"md": "southend-west-and-leigh.md", "svg": "southend-west-and-leigh.svg"}
    area = parse((tmp_path / "southend.svg").read_text(encoding="utf-8"))
    assert len([g for g in area.iter(f"{SVG}g") if g.get("class") == "panel"]) == 2
    again = run_batch(dataset, tmp_path, formats=["md", "svg"], only=seats)
    assert again.written == 0  # the same story, the same bytes: nothing rewritten
