"""One set of story options everywhere (story, batch, watch, serve), and their defaults from
newsgen.toml and NEWSGEN_* variables, with `newsgen config` saying where each came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsgen.choices import Choice, ChoiceStore
from newsgen.cli import main
from newsgen.live.replay import file_name, message
from newsgen.options import StoryOptions
from newsgen.outputs import render
from newsgen.pipeline import Dataset
from newsgen.serve.app import Preview

SEAT = "Southend West and Leigh"  # third_place_battle fires here
SPEAKER = "Chorley"  # and not here: the Speaker's seat
SOUTHEND_ID = "E14001502"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean working folder, with no NEWSGEN_* variable from the caller's shell."""
    monkeypatch.chdir(tmp_path)
    for name in ("STYLE", "LEAD", "DROP", "CONTEXT", "TEMPLATES", "DB", "RESULTS", "ELECTION", "FORMAT", "CONFIG"):
        monkeypatch.delenv(f"NEWSGEN_{name}", raising=False)
    return tmp_path


def test_batch_writes_in_the_house_style_what_story_writes(dataset: Dataset, here: Path) -> None:
    result = run("batch", "--out", "out", "--only", SEAT, "--only", SPEAKER, "--style", "bbc", "-q")
    assert result.exit_code == 0, result.output
    for seat in (SEAT, SPEAKER):
        bbc = dataset.story([seat], style="bbc")
        assert (here / "out" / f"{bbc.slug}.md").read_text(encoding="utf-8") == render(bbc, "md")
        assert render(bbc, "md") != render(dataset.story([seat]), "md")  # the style is really different


def test_batch_lead_leads_where_it_fires_and_fails_nothing_where_it_does_not(dataset: Dataset, here: Path) -> None:
    result = run("batch", "--out", "out", "--only", SEAT, "--only", SPEAKER, "--lead", "third_place_battle")
    assert result.exit_code == 0, result.output
    index = json.loads((here / "out" / "index.json").read_text(encoding="utf-8"))
    leads = {s["name"]: s["lead"]["id"] for s in index["stories"]}
    assert leads[SEAT] == "third_place_battle"
    assert leads[SPEAKER] == dataset.story([SPEAKER]).lead != "third_place_battle"
    assert "--lead third_place_battle: 1 of 2 stories lead on it" in result.output
    engine = dataset.story([SEAT])
    assert engine.lead != "third_place_battle"  # so the option changed something


def test_batch_drop_and_an_unknown_angle(dataset: Dataset, here: Path) -> None:
    fired = [a["id"] for a in dataset.story([SEAT]).angles]
    second = fired[1]
    result = run("batch", "--out", "out", "--only", SEAT, "--drop", second, "-q")
    assert result.exit_code == 0, result.output
    story = json.loads((here / "out" / "index.json").read_text(encoding="utf-8"))["stories"][0]
    expected = dataset.story([SEAT], dropped=[second])
    assert (here / "out" / f"{story['slug']}.md").read_text(encoding="utf-8") == render(expected, "md")
    refused = run("batch", "--out", "out2", "--drop", "third_place_batle")
    assert refused.exit_code != 0
    assert "did you mean 'third_place_battle'" in refused.output
    assert not (here / "out2").exists()


def test_watch_takes_the_same_options(dataset: Dataset, here: Path) -> None:
    inbox = here / "inbox"
    inbox.mkdir()
    contest = dataset.contest(SEAT)
    number = dataset.seat_names.index(SEAT) + 1
    (inbox / file_name(contest, dataset.election, 1)).write_text(
        message(contest, dataset.election, number), encoding="utf-8"
    )
    result = run("watch", "inbox", "--out", "out", "--once", "--style", "newsquest", "--lead", "third_place_battle")
    assert result.exit_code == 0, result.output
    story = dataset.story([SEAT], style="newsquest", lead="third_place_battle")
    assert (here / "out" / f"{story.slug}.md").read_text(encoding="utf-8") == render(story, "md")


def test_the_preview_publishes_with_the_newsroom_defaults_under_a_saved_choice(dataset: Dataset, here: Path) -> None:
    db = here / "choices.db"
    defaults = StoryOptions(style="bbc")
    preview = Preview(dataset, db, defaults)
    row = preview.catalogue.get(SOUTHEND_ID)
    assert row is not None
    published, warning = preview.published(row)
    assert warning is None
    assert render(published, "md") == render(dataset.story([SEAT], style="bbc"), "md")
    preview.store.save(Choice(SOUTHEND_ID, style="newsquest", editor="Sam"))
    published, _ = preview.published(row)
    assert render(published, "md") == render(dataset.story([SEAT], style="newsquest"), "md")


def test_config_file_environment_and_command_line_in_that_order(dataset: Dataset, here: Path) -> None:
    (here / "newsgen.toml").write_text('style = "bbc"\n', encoding="utf-8")
    local, bbc, newsquest = (render(dataset.story([SEAT], style=s), "md") for s in ("local", "bbc", "newsquest"))
    assert len({local, bbc, newsquest}) == 3
    assert run("story", SEAT).output == bbc
    assert run("story", SEAT, env={"NEWSGEN_STYLE": "newsquest"}).output == newsquest
    assert run("story", SEAT, "--style", "local", env={"NEWSGEN_STYLE": "newsquest"}).output == local


def test_a_command_table_applies_to_its_command_only(dataset: Dataset, here: Path) -> None:
    (here / "newsgen.toml").write_text('[batch]\nstyle = "bbc"\nout = "desk"\nformat = "md,json"\n', encoding="utf-8")
    assert run("story", SEAT).output == render(dataset.story([SEAT]), "md")
    result = run("batch", "--only", SEAT, "-q")
    assert result.exit_code == 0, result.output
    slug = dataset.story([SEAT]).slug
    assert {p.name for p in (here / "desk").iterdir()} >= {f"{slug}.md", f"{slug}.json", "index.json"}
    written = (here / "desk" / f"{slug}.md").read_text(encoding="utf-8")
    assert written == render(dataset.story([SEAT], style="bbc"), "md")


def test_paths_in_a_config_file_are_read_from_its_folder(dataset: Dataset, here: Path, southend_context) -> None:
    desk = here / "desk"
    (desk / "context").mkdir(parents=True)
    source = Path(__file__).resolve().parent.parent / "fixtures" / "southend-context.yaml"
    (desk / "context" / "southend.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (desk / "desk.toml").write_text('context = "context/southend.yaml"\nresults = "ge2024"\n', encoding="utf-8")
    elsewhere = here / "elsewhere"
    elsewhere.mkdir()
    result = CliRunner().invoke(main, ["story", SEAT, "--config", str(desk / "desk.toml")])
    assert result.exit_code == 0, result.output
    with_context = Dataset(context=southend_context).story([SEAT])
    assert result.output == render(with_context, "md")
    assert result.output != render(dataset.story([SEAT]), "md")  # the context file was read


def test_a_saved_choice_wins_over_a_default_but_not_over_a_typed_flag(dataset: Dataset, here: Path) -> None:
    db = here / "choices.db"
    ChoiceStore(db).save(Choice(SOUTHEND_ID, style="newsquest", editor="Sam"))
    bbc, newsquest = (render(dataset.story([SEAT], style=s), "md") for s in ("bbc", "newsquest"))
    assert run("story", SEAT, "--db", str(db), env={"NEWSGEN_STYLE": "bbc"}).output == newsquest
    assert run("story", SEAT, "--db", str(db), "--style", "bbc").output == bbc


def test_a_default_lead_that_does_not_fire_is_left_out_but_a_typed_one_is_refused(dataset: Dataset, here: Path) -> None:
    engine = render(dataset.story([SPEAKER]), "md")
    assert run("story", SPEAKER, env={"NEWSGEN_LEAD": "third_place_battle"}).output == engine
    typed = run("story", SPEAKER, "--lead", "third_place_battle")
    assert typed.exit_code != 0 and "did not fire" in typed.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('styel = "bbc"\n', ["newsgen.toml: styel: no command has that option", "did you mean style"]),
        ('[batch]\nformt = "md"\n', ["[batch] formt: newsgen batch has no --formt", "did you mean format"]),
        ('[bach]\nout = "x"\n', ["[bach]: there is no such command", "did you mean batch"]),
        ('style = "bbcc"\n', ["newsgen.toml: style = 'bbcc'", "'bbcc' is not one of"]),
        ("style = \n", ["newsgen.toml: not valid TOML", "line 1"]),
    ],
)
def test_a_bad_config_file_is_one_clear_error(here: Path, text: str, expected: list[str]) -> None:
    (here / "newsgen.toml").write_text(text, encoding="utf-8")
    result = run("story", SEAT)
    assert result.exit_code != 0
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    for part in expected:
        assert part in result.output, result.output


def test_a_missing_config_file_is_named(here: Path) -> None:
    result = run("story", SEAT, "--config", "nope.toml")
    assert result.exit_code != 0 and "nope.toml: config file not found" in result.output


def test_newsgen_config_says_where_each_value_came_from(here: Path) -> None:
    (here / "newsgen.toml").write_text(
        'style = "bbc"\ndrop = ["third_place_battle"]\n[batch]\njobs = 1\n', encoding="utf-8"
    )
    result = run("config", "batch", "--json", env={"NEWSGEN_LEAD": "hold"})
    assert result.exit_code == 0, result.output
    shown = {row["option"]: (row["value"], row["from"]) for row in json.loads(result.output)["options"]}
    assert shown["--style"] == ("bbc", "newsgen.toml")
    assert shown["--drop"] == (["third_place_battle"], "newsgen.toml")
    assert shown["--jobs"] == (1, "newsgen.toml [batch]")
    assert shown["--lead"] == ("hold", "environment NEWSGEN_LEAD")
    assert shown["--format"] == ("md", "default")
    text = run("config").output  # story's, as a table
    assert "newsgen story: config file newsgen.toml" in text
    assert "--jobs" not in text  # story has no --jobs
    assert any(line.split()[:2] == ["--style", "bbc"] for line in text.splitlines())


def test_every_story_command_has_the_same_story_options() -> None:
    from newsgen.cli.defaults import all_commands

    ctx = main.make_context("newsgen", ["--help"], resilient_parsing=True)
    commands = all_commands(ctx)
    shared = {"--context", "--templates", "--style", "--lead", "--drop", "--db", "--config"}
    for name in ("story", "batch", "watch", "serve"):
        options = {o for p in commands[name].params for o in getattr(p, "opts", [])}
        assert shared <= options, (name, shared - options)


def test_the_stories_format_at_the_top_level_is_not_facts_format(here: Path) -> None:
    (here / "newsgen.toml").write_text('format = "md,html"\n[facts]\noutput = "facts.csv"\n', encoding="utf-8")
    shown = json.loads(run("config", "facts", "--json").output)["options"]
    by_option = {row["option"]: (row["value"], row["from"]) for row in shown}
    assert by_option["--format"] == ("jsonl", "default")  # md,html means nothing to facts
    assert by_option["--output"] == (str(Path("facts.csv")), "newsgen.toml [facts]")
    story = {row["option"]: row["value"] for row in json.loads(run("config", "story", "--json").output)["options"]}
    assert story["--format"] == "md,html"
