"""The verifier: every figure and name in a story traced to a fact, unsupported ones refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgen.context import Context, parse_context
from newsgen.errors import TemplateProblem, VerificationError
from newsgen.pipeline import Dataset
from newsgen.story import Story
from newsgen.verify import check_text, verify_story

SOUTHEND = "Southend West and Leigh"
SOUTHEND_EAST = "Southend East and Rochford"
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _with_templates(dataset: Dataset, folder: Path, context: Context | None = None) -> Dataset:
    """The same loaded results, rendered through a newsroom template folder."""
    return Dataset.from_loaded(
        dataset.loaded,
        results_path=dataset.results_path,
        context=context or dataset.context,
        templates=folder,
        provider=dataset.provider if context is None else None,
    )


def _plant(tmp_path: Path, name: str, text: str) -> Path:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return tmp_path


def _template_problem(dataset: Dataset, tmp_path: Path, totals: str) -> str:
    """The message of the TemplateProblem raised by a newsroom ``sections/totals.j2`` of this text."""
    folder = _plant(tmp_path, "sections/totals.j2", totals)
    with pytest.raises(TemplateProblem) as info:
        _with_templates(dataset, folder).story(["Chorley"])
    return str(info.value)


def _figures_traced(story: Story) -> None:
    """Every digit run in the text outside quotes has a provenance entry at its offset."""
    text = story.text
    quoted = [(p["offset"], p["offset"] + len(p["text"])) for p in story.provenance if p["kind"] == "quote"]
    traced = {p["offset"] for p in story.provenance if p["kind"] not in ("quote", "name", "seat")}
    for m in _FIGURE.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        assert m.start() in traced, f"{story.slug}: {m.group(0)!r} has no provenance in {text!r}"


# -- the real 650 ---------------------------------------------------------------------------
@pytest.mark.parametrize("style", ["local", "bbc", "newsquest"])
def test_all_650_real_stories_verify_and_every_figure_is_traced(dataset: Dataset, style: str) -> None:
    refused = []
    for name in dataset.seat_names:
        try:
            story = dataset.story([name], style=style)
        except VerificationError as exc:
            refused.append(str(exc))
            continue
        assert story.provenance, name
        _figures_traced(story)
    assert not refused, refused[:3]


def test_area_stories_of_three_seats_verify(dataset: Dataset) -> None:
    names = dataset.seat_names
    for i in range(0, 60, 3):
        story = dataset.story(names[i : i + 3])
        _figures_traced(story)
        assert {p["seat"] for p in story.provenance if p["kind"] != "quote"} <= set(names[i : i + 3])


# -- provenance -----------------------------------------------------------------------------
def test_southend_provenance_names_field_seat_file_and_baseline(southend_dataset: Dataset) -> None:
    story = southend_dataset.story([SOUTHEND])
    by_text = {p["text"]: p for p in story.provenance}
    votes = by_text["16,739"]
    assert votes["field"] == "candidates[0].votes" and votes["candidate"] == "David Burton-Sampson"
    assert votes["seat_id"] == "E14001502" and votes["source"].startswith("candidate-level-results")
    assert votes["row"] > 1
    turnout = by_text["62.71"]
    assert turnout["field"] == "turnout" and turnout["kind"] == "percent"
    previous = by_text["67.78"]
    assert previous["field"] == "predecessor_turnout"
    assert previous["baseline"] == "predecessor seat Southend West 2019"
    assert previous["source"] == "candidate-level-results-general-election-12-12-2019.csv"
    assert by_text["2019"]["field"] == "baseline_year"
    # the winner's name is traced to his row; the quote is recorded but its words are not checked
    assert by_text["David Burton-Sampson"]["kind"] == "name"
    quotes = [p for p in story.provenance if p["kind"] == "quote"]
    assert len(quotes) == 1 and quotes[0]["checked"] is False and "first ever Labour MP" in quotes[0]["text"]


def test_rounded_majority_is_traced_to_the_majority(southend_dataset: Dataset) -> None:
    story = southend_dataset.story([SOUTHEND, SOUTHEND_EAST])
    assert "more than 4,000 votes" in story.text
    rounded = [p for p in story.provenance if p["text"] == "4,000"]
    assert rounded and rounded[0]["kind"] == "rounded"
    assert rounded[0]["field"] == "majority (rounded down)" and rounded[0]["seat"] == SOUTHEND_EAST


def test_json_output_carries_provenance(southend_dataset: Dataset) -> None:
    import json

    from newsgen.outputs import render

    data = json.loads(render(southend_dataset.story([SOUTHEND]), "json"))
    assert any(p["text"] == "8,273" and p["field"] == "candidates[2].votes" for p in data["provenance"])


# -- planted wrong figures are refused ------------------------------------------------------
TOTALS_OK = (
    "{% set w = f.winner %}{% set r = f.runner_up %}"
    "{{ ref(w)|capfirst }} polled {{ w.votes|votes }}, {{ f.majority|figure }} more than {{ tagged(r) }}"
    " on {{ r.votes|figure }}.\n"
)


@pytest.mark.parametrize(
    ("planted", "bad"),
    [
        # the published report's own error: 8,271 for Peter Little, whose true total is 8,273
        ("{{ ref(f.third) }} took 8,271 votes.", "8,271"),
        ("{{ ref(f.winner)|capfirst }} polled {{ (f.winner.votes + 1)|votes }}.", "16,740"),
        ("A majority of {{ (f.majority - 10)|figure }}.", "1,939"),
        ("Turnout was {{ pct(f.turnout + 0.01, 2) }}.", "62.72"),
        ("Turnout was {{ pct(f.turnout, 1) }} against 67.9 per cent last time.", "67.9"),
        ("The Tories had held the seat since 1951.", "1951"),
        ("The majority was more than {{ 5000|figure }}.", "5,000"),
        ("Mr Little finished twelfth.", "twelfth"),
        ("Labour won all four seats.", "four"),
        ("Reform's share rose 7.3 percentage points.", "7.3"),
    ],
)
def test_a_planted_wrong_figure_is_refused(southend_dataset: Dataset, tmp_path: Path, planted: str, bad: str) -> None:
    folder = _plant(tmp_path, "sections/totals.j2", TOTALS_OK + planted + "\n")
    with pytest.raises(VerificationError) as info:
        _with_templates(southend_dataset, folder).story([SOUTHEND])
    assert repr(bad) in str(info.value)
    assert "Southend West and Leigh" in str(info.value)


def test_the_same_template_without_the_planted_figure_passes(southend_dataset: Dataset, tmp_path: Path) -> None:
    folder = _plant(tmp_path, "sections/totals.j2", TOTALS_OK + "The majority was {{ f.majority|rounded }}.\n")
    story = _with_templates(southend_dataset, folder).story([SOUTHEND])
    assert "polled 16,739 votes, 1,949 more than" in story.text
    assert "The majority was 1,949." not in story.text  # rounded: "more than 1,900"
    assert "more than 1,900" in story.text


@pytest.mark.parametrize(
    ("planted", "bad"),
    [
        # the published report misspelt the winner "Barton-Sampson"
        ("Mr Barton-Sampson thanked voters.", "Mr Barton-Sampson"),
        ("David Barton-Sampson thanked voters.", "David Barton-Sampson"),
        ("Daniel Burton-Sampson thanked voters.", "Daniel Burton-Sampson"),
        ("Ms Burton-Sampson thanked voters.", "Ms Burton-Sampson"),
    ],
)
def test_a_planted_wrong_name_is_refused(southend_dataset: Dataset, tmp_path: Path, planted: str, bad: str) -> None:
    folder = _plant(tmp_path, "sections/totals.j2", TOTALS_OK + planted + "\n")
    with pytest.raises(VerificationError) as info:
        _with_templates(southend_dataset, folder).story([SOUTHEND])
    assert repr(bad) in str(info.value)


def test_figures_inside_a_supplied_quote_are_the_speakers_words(southend_dataset: Dataset) -> None:
    ctx = parse_context(
        "seats:\n  Southend West and Leigh:\n    quotes:\n"
        "      - {speaker: David Burton-Sampson, text: 'We knocked on 12,345 doors in 2023.'}\n"
    )
    story = Dataset.from_loaded(southend_dataset.loaded, results_path=southend_dataset.results_path, context=ctx).story(
        [SOUTHEND]
    )
    assert "12,345 doors in 2023" in story.text
    assert not [p for p in story.provenance if p["text"] in ("12,345", "2023")]


# -- check_text: the figures a template can print -------------------------------------------
def test_check_text_kinds(dataset: Dataset) -> None:
    facts = [dataset.facts(SOUTHEND).to_dict()]
    good = (
        "Mr Burton-Sampson won by 1,949 votes. Turnout was 62.71%, or 62.7 per cent, down 5.07"
        " percentage points on 2019. Ms Firth finished second and the Lib Dems fifth."
        " Of the 75,154 people registered, 47,131 voted. About 2,000 votes separated them."
    )
    found = check_text(good, facts)
    assert found.ok, found.problems
    fields = {p["text"]: p["field"] for p in found.provenance}
    assert fields["5.07"] == "predecessor_turnout_change"
    assert fields["fifth"] == "candidates[4].position"
    assert fields["2,000"].startswith("majority (to the nearest")
    bad = check_text("Turnout was 62.7 per cent, down 5.2 percentage points. They finished eleventh.", facts)
    assert [p.text for p in bad.problems] == ["5.2", "eleventh"]


def test_verify_story_refuses_a_hand_edited_story(dataset: Dataset) -> None:
    story = dataset.story([SOUTHEND])
    assert "1,949" in story.standfirst
    edited = story.model_copy(update={"standfirst": story.standfirst.replace("1,949", "1,994")})
    with pytest.raises(VerificationError, match="'1,994'"):
        verify_story(edited, [dataset.facts(SOUTHEND)])


@pytest.mark.parametrize(
    "text",
    [
        "Mr Burton-Sampson won by 1,949 votes. Turnout was 62.71%, down 5.07 percentage points on 2019.",
        "Turnout was 62.7 per cent, down 5.2 percentage points. They finished eleventh.",
        "He polled 16,7390 votes, and Ms Smith came 11th. Turnout was 62.71%.",
        "Mr Bloggs said: “We won 99,999 votes.” None of them voted.",
    ],
)
def test_without_provenance_the_check_is_the_same(dataset: Dataset, text: str) -> None:
    facts = [dataset.facts(SOUTHEND).to_dict()]
    full = check_text(text, facts)
    quick = check_text(text, facts, provenance=False)
    assert quick.problems == full.problems
    assert full.provenance and not quick.provenance


def test_stories_without_provenance_are_verified_all_the_same(dataset: Dataset) -> None:
    for name in dataset.seat_names:
        full = dataset.story([name])
        quick = dataset.story([name], provenance=False)
        assert quick.provenance == () and full.provenance, name
        assert quick.model_copy(update={"provenance": full.provenance}) == full, name
    story = dataset.story([SOUTHEND], provenance=False)
    edited = story.model_copy(update={"standfirst": story.standfirst.replace("1,949", "1,994")})
    with pytest.raises(VerificationError, match="'1,994'"):
        verify_story(edited, [dataset.facts(SOUTHEND)], provenance=False)


def test_template_syntax_error_names_file_and_line(dataset: Dataset, tmp_path: Path) -> None:
    message = _template_problem(dataset, tmp_path, "Fine line.\n{% if f.majority > %}oops{% endif %}\n")
    assert "totals.j2" in message and "line 2" in message


def test_template_undefined_value_names_file_and_line(dataset: Dataset, tmp_path: Path) -> None:
    message = _template_problem(dataset, tmp_path, "One.\n\nTwo {{ f.no_such_fact }}.\n")
    assert "no_such_fact" in message and "totals.j2" in message and "line 3" in message


def test_newsroom_templates_run_in_the_sandbox(dataset: Dataset, tmp_path: Path) -> None:
    message = _template_problem(dataset, tmp_path, "{{ f.__class__.__init__.__globals__ }}\n")
    assert "not allowed in the sandbox" in message and "line 1 of" in message
    assert message.split("line 1 of ", 1)[1].startswith(str(tmp_path / "sections" / "totals.j2"))


def test_data_is_never_template_text(dataset: Dataset) -> None:
    ctx = parse_context(
        "seats:\n  Chorley:\n    venue: the Civic Hall\n    quotes:\n"
        "      - {speaker: Lindsay Hoyle, text: '{{ 6 * 7 }} and {% raw %}'}\n"
    )
    story = Dataset.from_loaded(dataset.loaded, results_path=dataset.results_path, context=ctx).story(["Chorley"])
    assert "“{{ 6 * 7 }} and {% raw %}”" in story.text and "“42" not in story.text


def test_template_syntax_in_a_candidate_name_is_printed_not_run_and_then_refused(dataset: Dataset) -> None:
    from newsgen.readers.commons_library import parse_results
    from tests.test_properties import Cand, Seat, rows, to_csv

    seat = Seat(
        "Newtown St Boswells", "E99000001", "England", "South West", 1000, 3,
        (Cand("{{ 7 * 7 }}", "Smith", "Lab", "Labour", 400), Cand("Jo", "Ng", "Con", "Conservative", 300)),
        "Lab hold",
    )  # fmt: skip
    loaded = parse_results(to_csv(rows((seat,))), file="generated.csv")
    generated = Dataset.from_loaded(loaded, results_path="generated.csv", provider=dataset.provider)
    with pytest.raises(VerificationError) as info:
        generated.story(["Newtown St Boswells"])
    assert "'{{' (missing)" in str(info.value) and "49" not in str(info.value)


# -- newsgen check DIR: stories already written ---------------------------------------------------
@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from newsgen.cli import main

    out = tmp_path_factory.mktemp("stories")
    result = CliRunner().invoke(
        main,
        [
            "batch", "--out", str(out), "--format", "md,txt,html,json,ninjs", "--quiet",
            "--context", str(CONTEXT), "--only", "Southend West and Leigh", "--only", "Chorley",
            "--only", "Southend East and Rochford",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


CONTEXT = Path(__file__).resolve().parent.parent / "fixtures" / "southend-context.yaml"


def _check(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from newsgen.cli import main

    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.output


def test_check_passes_every_written_format(written: Path) -> None:
    code, output = _check(str(written), "--context", str(CONTEXT))
    assert code == 0, output
    names = {p.name for p in written.iterdir()}
    assert {"southend-west-and-leigh.md", "southend.html", "chorley.ninjs.json"} <= names
    assert "ok " in output and "0 with unsupported figures" in output
    checked = int(output.strip().splitlines()[-1].split()[0])
    assert checked == len([n for n in names if n != "index.json" and not n.startswith(".")])


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".json", ".ninjs.json"])
def test_check_catches_a_hand_edited_figure(written: Path, tmp_path: Path, suffix: str) -> None:
    import shutil

    for p in written.iterdir():
        if p.name.startswith("southend-west-and-leigh."):
            shutil.copy(p, tmp_path / p.name)
    target = tmp_path / f"southend-west-and-leigh{suffix}"
    text = target.read_text(encoding="utf-8")
    assert "14,790" in text
    target.write_text(text.replace("14,790", "14,970", 1), encoding="utf-8")
    code, output = _check(str(target), "--context", str(CONTEXT))
    assert code == 1
    assert f"REFUSED {target}" in output and "'14,970'" in output


def test_check_catches_a_hand_edited_name_and_table(written: Path, tmp_path: Path) -> None:
    md = (written / "chorley.md").read_text(encoding="utf-8")
    edited = tmp_path / "chorley.md"  # no sibling .json here: facts are worked out again from the results
    assert "Sir Lindsay" in md  # the Speaker is a knight: "Sir Lindsay Hoyle", then "Sir Lindsay"
    edited.write_text(md.replace("Sir Lindsay", "Sir Lindsey").replace("| 4,663 |", "| 4,636 |"), encoding="utf-8")
    code, output = _check(str(edited))
    assert code == 1
    assert "'Sir Lindsey" in output and "'4,636'" in output


def test_check_without_the_context_names_the_newsroom_notes(written: Path, tmp_path: Path) -> None:
    # beside its .json the story's facts carry the newsroom's notes; alone, they are worked out
    # again from the results, which know nothing of "the murder of Sir David Amess"
    assert _check(str(written / "southend-west-and-leigh.md"))[0] == 0
    alone = tmp_path / "southend-west-and-leigh.md"
    alone.write_text((written / "southend-west-and-leigh.md").read_text(encoding="utf-8"), encoding="utf-8")
    code, output = _check(str(alone))
    assert code == 1
    assert "Sir David" in output and "--context" in output
    assert _check(str(alone), "--context", str(CONTEXT))[0] == 0


def test_check_a_json_story_whose_text_was_edited(written: Path, tmp_path: Path) -> None:
    import json

    data = json.loads((written / "chorley.json").read_text(encoding="utf-8"))
    data["paragraphs"][0] = data["paragraphs"][0] + " Turnout was 99.9 per cent."
    target = tmp_path / "chorley.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    code, output = _check(str(target))
    assert code == 1
    assert "'99.9'" in output and "differs from its headline" in output


@pytest.mark.parametrize(
    ("edited", "bad"),
    [
        ("He polled 16,7390 votes.", "16,7390"),  # a stray digit: not read as 16,739
        ("He polled 1,67,39 votes.", "1,67,39"),
        ("He came 11th.", "11th"),
    ],
)
def test_malformed_and_suffixed_figures(dataset: Dataset, edited: str, bad: str) -> None:
    found = check_text(edited, [dataset.facts(SOUTHEND).to_dict()])
    assert [p.text for p in found.problems] == [bad]


def test_a_title_that_is_part_of_a_given_name(dataset: Dataset) -> None:
    # Official Monster Raving Loony candidates: given name "Sir Archibald", family name Stanton
    facts = [dataset.facts("Richmond and Northallerton").to_dict()]
    assert [p.text for p in check_text("Sir Archibald Stantom got 99 votes.", facts).problems] == [
        "Sir Archibald Stantom"
    ]
    assert check_text("Sir Archibald Stanton got 99 votes.", facts).ok


def test_check_passes_all_650_written_stories(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsgen.cli import main

    out = tmp_path / "all"
    written = CliRunner().invoke(main, ["batch", "--out", str(out), "--format", "md,json", "--quiet"])
    assert written.exit_code == 0, written.output
    code, output = _check(str(out), "--quiet")
    assert code == 0, output
    assert len(list(out.glob("*.md"))) == 650


VENUE_WITH_FIGURES = (
    "seats:\n  Southend West and Leigh:\n    venue: Hall 3 of the Southend Leisure and Tennis Centre\n    quotes:\n"
    "      - {speaker: Daniel Cowan, role: leader of the 11 Labour councillors, text: 'A great night.'}\n"
)


def test_verify_story_with_the_context_accepts_the_newsrooms_own_figures(southend_dataset: Dataset) -> None:
    ctx = parse_context(VENUE_WITH_FIGURES)
    story = southend_dataset.story([SOUTHEND])  # rendered without the venue; add it as a newsroom would
    extra = (
        "Speaking at Hall 3 of the Southend Leisure and Tennis Centre, Daniel Cowan, "
        "leader of the 11 Labour councillors, said: “A great night.”"
    )
    edited = story.model_copy(update={"paragraphs": (*story.paragraphs, extra)})
    with pytest.raises(VerificationError, match="'11'"):
        verify_story(edited, [southend_dataset.facts(SOUTHEND)])
    checked = verify_story(edited, [southend_dataset.facts(SOUTHEND)], context=ctx)
    assert not [p for p in checked.provenance if p["text"] in ("3", "11")]


def test_pipeline_passes_the_context_to_the_verifier(southend_dataset: Dataset) -> None:
    ctx = parse_context(VENUE_WITH_FIGURES)
    dataset = Dataset.from_loaded(southend_dataset.loaded, results_path=southend_dataset.results_path, context=ctx)
    story = dataset.story([SOUTHEND])
    assert "Hall 3 of the Southend Leisure and Tennis Centre" in story.text


def test_digits_in_a_seat_or_party_name_are_not_figures(dataset: Dataset) -> None:
    facts = dataset.facts("Chorley").to_dict()
    facts["seat_name"] = "Chorley 2"
    facts["candidates"][2]["party"] = {**facts["candidates"][2]["party"], "name": "Democracy 4 Chorley"}
    found = check_text("Lindsay Hoyle won Chorley 2 by 20,575 votes; Democracy 4 Chorley came third.", [facts])
    assert found.ok, found.problems
    assert not check_text("Lindsay Hoyle won Chorley by 4 votes.", [facts]).ok


def test_a_template_error_from_a_helper_names_file_and_line(dataset: Dataset, tmp_path: Path) -> None:
    message = _template_problem(dataset, tmp_path, "Fine.\n{{ ref(none) }}\n")
    assert "AttributeError" in message and "line 2 of" in message and "totals.j2" in message
