"""The verifier reads what each figure and name *is*: whose votes, which majority, who won.

The cases of issue 11, both ways: wrong claims a newsroom template or a hand edit can make
(each once printed with exit 0), and correct stories the verifier once refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.context import parse_context
from newsgen.errors import VerificationError
from newsgen.pipeline import Dataset
from newsgen.verify import check_text

SOUTHEND = "Southend West and Leigh"  # Labour 16,739 (Burton-Sampson), Conservative 14,790 (Firth)
CONTEXT = Path(__file__).resolve().parent.parent / "fixtures" / "southend-context.yaml"


def _headline(dataset: Dataset, folder: Path, headline: str) -> Dataset:
    """The dataset rendered with a newsroom ``story/headline.j2`` of this text."""
    (folder / "story").mkdir(parents=True, exist_ok=True)
    (folder / "story" / "headline.j2").write_text(headline, encoding="utf-8")
    return Dataset.from_loaded(
        dataset.loaded, results_path=dataset.results_path, context=dataset.context, templates=folder
    )


# -- wrong claims in a newsroom headline ---------------------------------------------------
@pytest.mark.parametrize(
    ("headline", "bad"),
    [
        ("Labour wins by five million votes", "five million"),
        ("Labour wins by nine thousand votes", "nine thousand"),
        ("Burton-Sampson wins with 2k votes", "2k"),
        ("Labour wins by three hundred votes", "three hundred"),
        ("Labour wins with 99 percent", "99"),
        ("Labour wins with 99 per cent", "99"),
        ("Labour wins with 99pc", "99pc"),
        ("Labour wins after 3 recounts", "3"),
        ("Labour wins by 14,790 votes", "14,790"),  # the runner-up's total given as the majority
        ("Burton-Sampson polls 14,790 votes", "14,790"),  # the runner-up's total given as the winner's
        ("Firth takes 16,739 votes", "16,739"),
        ("Anna Firth wins Southend West and Leigh", "Anna Firth wins"),
        ("Anna Firth holds Southend West and Leigh for the Conservatives", "Anna Firth holds"),
        ("Burton-Sampson wins Southend West and Leigh for the Conservatives", "for the Conservatives"),
        ("Conservatives hold Southend West and Leigh", "Conservatives hold"),
        ("Labour holds Southend West and Leigh", "Labour holds"),  # it changed hands
        ("Labour takes Southend West and Leigh from the Lib Dems", "from the Lib Dems"),
        ("Labour loses Southend West and Leigh", "Labour loses"),
        ("Firth beats Burton-Sampson in Southend West and Leigh", "Firth beats Burton-Sampson"),
        ("Mr Burton-Sampson keeps Southend West and Leigh", "keeps"),  # a new MP did not keep it
    ],
)
def test_a_wrong_headline_is_refused(dataset: Dataset, tmp_path: Path, headline: str, bad: str) -> None:
    with pytest.raises(VerificationError) as info:
        _headline(dataset, tmp_path, headline).story([SOUTHEND])
    message = str(info.value)
    assert bad in message and SOUTHEND in message


@pytest.mark.parametrize(
    "headline",
    [
        "Labour wins by 1,949 votes",
        "Labour wins by nearly 2,000 votes",
        "Burton-Sampson wins with 16,739 votes",
        "Labour's David Burton-Sampson takes Southend West and Leigh from the Conservatives",
        "Anna Firth loses Southend West and Leigh to Labour",
        "Burton-Sampson beats Firth by 1,949",
        "Labour gains Southend West and Leigh with 35.6 per cent",
        "Labour wins with 35.6pc as Tories fall 27.6 points",
    ],
)
def test_a_true_headline_passes(dataset: Dataset, tmp_path: Path, headline: str) -> None:
    story = _headline(dataset, tmp_path, headline).story([SOUTHEND])
    assert story.headline == headline


def test_an_unreadable_number_is_an_error_not_a_pass(dataset: Dataset) -> None:
    facts = [dataset.facts(SOUTHEND).to_dict()]
    for text, bad in [
        ("There were 3 recounts.", "3"),
        ("Labour won by 1,9490 votes.", "1,9490"),
        ("Some 40 people cheered.", "40"),
    ]:
        found = check_text(text, facts)
        assert [p.text for p in found.problems] == [bad], text


def test_figures_are_checked_against_whose_they_are(dataset: Dataset) -> None:
    facts = [dataset.facts(SOUTHEND).to_dict()]
    assert check_text("Ms Firth polled 14,790 votes and Mr Burton-Sampson 16,739.", facts).ok
    swapped = check_text("Ms Firth polled 16,739 votes and Mr Burton-Sampson 14,790.", facts)
    assert [p.text for p in swapped.problems] == ["16,739", "14,790"]
    assert "Ms Firth" in swapped.problems[0].reason
    # a share is a share of someone: Labour's is 35.6, not the Conservatives' 31.5
    assert check_text("Labour took 35.6 per cent of the vote.", facts).ok
    assert not check_text("Labour took 31.5 per cent of the vote.", facts).ok


# -- `newsgen check` on hand-edited files ---------------------------------------------------
@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("written")
    result = CliRunner().invoke(
        main, ["batch", "--out", str(out), "--format", "md,json", "--quiet", "--only", SOUTHEND]
    )
    assert result.exit_code == 0, result.output
    return out


def _edit(written: Path, tmp_path: Path, change: dict[str, str]) -> tuple[int, str]:
    for p in written.glob("southend-west-and-leigh.*"):
        shutil.copy(p, tmp_path / p.name)
    target = tmp_path / "southend-west-and-leigh.md"
    text = target.read_text(encoding="utf-8")
    for old, new in change.items():
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(target)])
    return result.exit_code, result.output


def test_check_catches_the_top_two_vote_totals_swapped(written: Path, tmp_path: Path) -> None:
    code, output = _edit(written, tmp_path, {"16,739": "@", "14,790": "16,739", "@": "14,790"})
    assert code == 1, output
    assert "REFUSED" in output and "'16,739'" in output and "'14,790'" in output


def test_check_catches_a_headline_naming_the_loser_as_holder(written: Path, tmp_path: Path) -> None:
    headline = (written / "southend-west-and-leigh.md").read_text(encoding="utf-8").splitlines()[0]
    code, output = _edit(
        written, tmp_path, {headline: "# Anna Firth holds Southend West and Leigh for the Conservatives"}
    )
    assert code == 1, output
    assert "Anna Firth holds" in output


def test_check_passes_the_unedited_files(written: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(written)])
    assert result.exit_code == 0, result.output


# -- correct stories once refused ---------------------------------------------------------
def test_a_candidate_called_the_zok_does_not_make_the_conservatives_a_name(dataset: Dataset) -> None:
    facts = [dataset.facts("Wigan").to_dict()]
    assert any(c["name"] == "The Zok" for c in facts[0]["candidates"])  # a real 2024 candidate
    story = dataset.story(["Wigan", "Leigh and Atherton"])
    assert "The Conservatives' Henry Mitson" in story.text
    assert check_text("The Conservatives' candidate came third.", facts).ok
    zok = facts[0]["candidates"][-1]["votes"]
    assert check_text(f"The Zok polled {zok:,} votes.", facts).ok
    assert not check_text(f"The Zok polled {zok + 1:,} votes.", facts).ok


def test_a_candidate_called_a_on_does_not_make_a_liberal_a_name(dataset: Dataset) -> None:
    facts = [dataset.facts("Bath").to_dict()]
    assert any(c["name"] == "A ON" for c in facts[0]["candidates"])
    assert check_text("A Liberal Democrat won Bath.", facts).ok
    dataset.story(["Bath"])


def test_quotes_from_people_with_titles_are_the_speakers(dataset: Dataset) -> None:
    ctx = parse_context(
        "seats:\n  Southend West and Leigh:\n    quotes:\n"
        "      - {speaker: Dr Jane Smith, role: the returning officer, text: 'The count went smoothly.'}\n"
        "      - {speaker: Sir Keir Starmer, role: the Labour leader, text: 'A fine win.'}\n"
    )
    story = Dataset.from_loaded(dataset.loaded, results_path=dataset.results_path, context=ctx).story([SOUTHEND])
    assert "Dr Jane Smith" in story.text or "Dr Smith" in story.text
    assert "Sir Keir Starmer" in story.text or "Sir Keir" in story.text
    facts = [dataset.facts(SOUTHEND).to_dict()]
    speakers = ["Dr Jane Smith", "Sir Keir Starmer"]
    assert check_text("Dr Smith said the count went well. Sir Keir said so too.", facts, speakers=speakers).ok
    wrong = check_text("Dr Jones said the count went well.", facts, speakers=speakers)
    assert [p.text for p in wrong.problems] == ["Dr Jones"]


def test_a_name_is_not_matched_across_a_paragraph_break(dataset: Dataset) -> None:
    facts = [dataset.facts(SOUTHEND).to_dict()]
    # "Anna" ends one paragraph and "Firth" opens the next: two words, not her name
    assert check_text("Mr Burton-Sampson thanked Anna\n\nFirth conceded.", facts).ok


def test_a_figure_thousands_of_digits_long_is_refused_not_a_crash(written: Path, tmp_path: Path) -> None:
    # a hand edit (or a hostile file) with a 5,000-digit "vote count": OverflowError before
    code, output = _edit(written, tmp_path, {"16,739": "9" * 5000})
    assert code == 1 and "Traceback" not in output
    assert "is not a well-formed figure" in output
