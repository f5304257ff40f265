"""Ward and council stories on real council results: Trafford 2016-2026 (LGA standard) and
South Yorkshire 2021 (Democracy Club). Every figure comes from the files; each test names
the real ward or council and what the file shows there."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.errors import NewsgenError
from newsgen.facts.people import Person, person, same_person
from newsgen.pipeline import Dataset
from newsgen.readers import lga
from newsgen.readers.common import read_text
from newsgen.readers.parties import canonical_party
from newsgen.records.models import Candidate
from newsgen.resources import DEMOCRACY_CLUB_2021, TRAFFORD, bundled
from newsgen.verify import check_text

TRAFFORD_FILE = bundled(TRAFFORD)


@pytest.fixture(scope="module")
def trafford() -> dict[str, Dataset]:
    return {e: Dataset(TRAFFORD_FILE, election=e) for e in ("2023-05-04", "2024-05-02", "2026-05-07", "2025-11-20")}


def test_every_council_election_in_both_files_writes_only_verified_stories() -> None:
    """Trafford's eight ordinary council elections and five ward by-election days, and the four
    South Yorkshire councils: every ward and council story is written and passes the verifier."""
    keys = [k.id for k in lga.elections_in(read_text(TRAFFORD_FILE), TRAFFORD_FILE.name) if not k.parliamentary]
    assert len(keys) == 13
    datasets = [Dataset(TRAFFORD_FILE, election=k) for k in keys] + [Dataset(bundled(DEMOCRACY_CLUB_2021))]
    written = 0
    for d in datasets:
        for name in d.seat_names:
            story = d.story([name])  # raises VerificationError if a figure or name is unsupported
            assert story.headline and story.paragraphs
            written += 1
    # 8 x (21 wards + the council), 5 by-elections; 95 South Yorkshire wards and 4 councils
    assert written == 280


def test_a_sitting_councillor_unseated_by_six_votes(trafford: dict[str, Dataset]) -> None:
    """Broadheath 2024: Labour's Ulrich Savary beat Kaushik Chakraborty, elected for the
    Conservatives in 2023 (third, so his seat was the one up), 1,716 to 1,710."""
    story = trafford["2024-05-02"].story(["Broadheath"])
    assert story.lead == "defending_councillor_defeated"
    assert "unseating Cllr Kaushik Chakraborty of the Conservatives" in story.standfirst
    text = story.text
    assert "a majority of 6" in text
    assert "Labour took the seat from the Conservatives, who had won it in 2023" in text
    assert "up from 44.7 per cent in 2023" in text  # the same ward's turnout at the all-out election


def test_a_council_whose_majority_grew(trafford: dict[str, Dataset]) -> None:
    """Trafford 2024: Labour won 15 of the 21 seats, two of them from the Conservatives, and
    went from 41 to 43 of the 63 seats (the 2023 all-out result, then the 2023 by-election)."""
    story = trafford["2024-05-02"].story(["Trafford Council"])
    ids = [a["id"] for a in story.angles]
    assert story.lead == "council_gains" and "control_kept" in ids
    text = story.text
    assert "winning 15 of the 21 seats up" in text
    assert "Labour now holds 43 of the 63 seats on the council, having gone into the election with 41 seats" in text
    assert "The Conservatives have eight seats, down from 10." in text
    assert "a majority takes 32 seats" in text
    # the notable wards, a paragraph of their own: those that changed hands, and the closest
    notable = "Labour took two seats from the Conservatives, in Broadheath and Manor. The closest contest was in "
    assert notable + "Broadheath, where Labour won the seat by six votes." in story.paragraphs


def test_a_council_whose_new_totals_the_file_cannot_tell(trafford: dict[str, Dataset]) -> None:
    """Trafford 2026: by-elections in 2025 changed a seat in Broadheath and in Hale, and the
    file does not say whose seat each filled, so which seat was up in 2026 is unknown there:
    the story gives the state going in and names the two wards; it never invents totals."""
    story = trafford["2026-05-07"].story(["Trafford Council"])
    text = story.text
    # Labour lost five seats (three to the Greens, two to Reform UK) and keeps its majority whichever
    # seat was up in Broadheath and Hale: the story gives the range the file allows, and why
    assert story.headline == "Labour loses five seats but keeps Trafford Council"
    # the body lists the other parties' seats won; Labour's own eight are in the lede
    assert story.standfirst == (
        "Labour lost five seats it was defending on Trafford Council but kept its majority, "
        "winning eight of the 21 seats up."
    )
    assert "going into the election Labour had 42 seats, the Conservatives had 10 seats" in text
    assert "Now Labour has 36 or 37 seats, the Conservatives have between 10 and 12 seats" in text
    assert "Labour keeps its majority either way. A majority takes 32 seats." in text
    assert "Broadheath and Hale" in text
    assert "now holds" not in text
    broadheath = trafford["2026-05-07"].story(["Broadheath"])
    assert broadheath.lead == "ward_elected"  # neither a gain nor a hold is claimed
    assert "took the seat" not in broadheath.text and "held the seat" not in broadheath.text


def test_an_all_out_election_gives_the_new_council(trafford: dict[str, Dataset]) -> None:
    """Trafford 2023: every seat on new wards; the file holds no full council before it, so
    the story says Labour won a majority, not that it kept or took control."""
    story = trafford["2023-05-04"].story(["Trafford Council"])
    assert story.lead == "majority_won"
    assert "Labour won 41 of the 63 seats on Trafford Council" in story.standfirst
    assert "The Conservatives have 10 seats. The Greens and the Liberal Democrats have six seats each." in story.text
    assert "control" not in story.text


def test_multi_member_wards(trafford: dict[str, Dataset]) -> None:
    d = trafford["2023-05-04"]
    sweep = d.story(["Altrincham"])
    assert sweep.lead == "clean_sweep"
    assert sweep.standfirst == (
        "The Greens won all three seats in Altrincham: Geraldine Coggins, Dan Jerrome and Michael Welton."
    )
    split = d.story(["Broadheath"])  # two Labour, one Conservative; the last seat by 19 votes
    assert split.lead == "ward_narrow_majority"
    assert "split_ward" in [a["id"] for a in split.angles]
    assert "where the last seat was decided by 19 votes" in split.standfirst
    assert "The highest-placed candidate not elected, Labour's Ulrich Savary, had 1,566 votes, 19 fewer" in split.text
    table = split.tables[0]
    assert [r.elected for r in table.rows[:4]] == [True, True, True, False]


def test_a_ward_by_election_gain(trafford: dict[str, Dataset]) -> None:
    """Hale, 20 November 2025: all three councillors were Green, so the seat the
    Conservatives won was a Green seat, whichever councillor left."""
    d = trafford["2025-11-20"]
    assert d.election.kind == "local by-election"
    assert d.seat_names == ["Hale"]  # a by-election alone has no council story
    story = d.story(["Hale"])
    assert story.lead == "by_election_gain"
    assert story.standfirst == (
        "The Conservatives' Natalie Shalom won the Hale by-election, taking the seat from the Greens."
    )


def test_a_ward_with_only_a_published_turnout() -> None:
    """Democracy Club has Ecclesall's turnout (54%) but no electorate or ballot count: the
    story gives the council's figure as such, and the table no electorate."""
    story = Dataset(bundled(DEMOCRACY_CLUB_2021)).story(["Ecclesall"])
    assert "The council put turnout at 54.0 per cent." in story.text
    assert story.tables[0].totals() == "Majority 736. Turnout 54.0%."


def test_the_verifier_reads_a_ward_s_seats(trafford: dict[str, Dataset]) -> None:
    """Broadheath 2023 elected two Labour councillors and one Conservative."""
    facts = trafford["2023-05-04"].facts("Broadheath").to_dict()
    assert check_text("Labour won two of the three seats in Broadheath.", [facts]).ok
    assert not check_text("Labour won all three seats in Broadheath.", [facts]).ok
    new = trafford["2025-11-20"].facts("Hale").to_dict()
    assert not check_text("Natalie Shalom keeps Hale.", [new]).ok  # she was not a councillor before


def test_a_council_story_names_one_ward_or_council(trafford: dict[str, Dataset]) -> None:
    with pytest.raises(NewsgenError):
        trafford["2024-05-02"].story(["Broadheath", "Hale"])


def test_a_westminster_by_election_from_the_council_s_file() -> None:
    """Stretford and Urmston, 15 December 2022, from Trafford's own file: the story says
    by-election and sets Andrew Western's majority against Labour's at the 2019 general
    election (16,417, from the Commons Library's 2019 file)."""
    d = Dataset(TRAFFORD_FILE, election="parl.2022-12-15")
    assert d.election.kind == "by-election"
    story = d.story(["Stretford and Urmston"])
    assert story.lead == "by_election"
    assert "by-election" in story.headline
    assert (
        "held Stretford and Urmston for Labour at the by-election, with a majority of 9,906, down from a " in story.text
    )
    assert "majority of 16,417 at the 2019 general election" in story.text


def test_the_newsroom_can_give_the_state_the_file_cannot(tmp_path: Path) -> None:
    """Trafford 2026: the file cannot tell the new totals (Broadheath and Hale); a newsroom
    that has them from the council puts them in its context file, and the story says whose
    figures they are. (The after-figures here are test input, not Trafford's.)"""
    from newsgen.context import load_context

    ctx = tmp_path / "context.yaml"
    ctx.write_text(
        "councils:\n"
        "  Trafford Council:\n"
        "    before: {Labour: 42, Conservative: 10, Liberal Democrat: 6, Green: 5}\n"
        "    after: {Labour: 35, Con: 11, Green Party: 9, Liberal Democrat: 6, Reform UK: 2}\n",
        encoding="utf-8",
    )
    d = Dataset(TRAFFORD_FILE, election="2026-05-07", context=load_context(ctx))
    story = d.story(["Trafford Council"])
    text = story.text
    assert "Labour now holds 35 of the 63 seats on the council, having gone into the election with 42 seats" in text
    assert "Reform UK has two seats, having had none." in text
    assert "the newsroom's figures" in text
    assert "cannot be worked out" not in text
    assert "control_kept" in [a["id"] for a in story.angles]


def test_a_tie_is_the_story_not_a_majority_of_nothing() -> None:
    """Rockingham, Barnsley 2021: Labour's Nicola Sumner and the Conservatives' Roy Garratt both
    had 1,084 votes, and Sumner was elected (Democracy Club's is_winner)."""
    d = Dataset(bundled(DEMOCRACY_CLUB_2021))
    story = d.story(["Rockingham"])
    assert story.lead == "ward_tie"
    assert story.standfirst == (
        "Labour's Nicola Sumner was elected in Rockingham after tying with the Conservatives' Roy Garratt "
        "on 1,084 votes."
    )
    assert "majority of 0" not in story.text and "by 0 votes" not in story.text
    council = d.story(["Barnsley Council"]).text
    assert "by 0 votes" not in council and "In Rockingham the seat was decided between candidates tied" in council


def test_two_seats_are_both_and_a_by_election_is_named() -> None:
    d = Dataset(bundled(DEMOCRACY_CLUB_2021))
    wales = d.story(["Wales"])  # Rotherham's Wales ward: Labour won both seats
    assert "both seats" in wales.text and "all two" not in wales.text
    bucklow = Dataset(TRAFFORD_FILE, election="2024-05-02").story(["Bucklow-St Martins"])
    # its last contest was the November 2023 by-election: the turnout is set against that, and says so
    assert "at the 2023 by-election" in bucklow.text


def test_share_changes_since_the_ward_s_last_contest(trafford: dict[str, Dataset]) -> None:
    """Davyhulme 2026 against 2024 (same ward, one seat each time): Labour's share 53.1 -> 29.8."""
    story = trafford["2026-05-07"].story(["Davyhulme"])
    assert "Since 2024, Labour's share fell 23.3 percentage points to 29.8 per cent." in story.text
    row = next(r for r in story.tables[0].rows if r.party_code == "Lab")
    assert row.change == -23.3


def test_a_former_councillor_back_on_the_council() -> None:
    """Broadheath, October 2025: Kaushik Chakraborty, elected there in 2023 and unseated by six
    votes in 2024, wins the by-election."""
    story = Dataset(TRAFFORD_FILE, election="2025-10-16").story(["Broadheath"])
    assert "Chakraborty, who won a seat here in 2023 and lost it in 2024, returns to the council." in story.text
    # Ulrich Savary lost there in 2023 but had never won it: no such sentence about him in 2024
    assert "returns to the council" not in Dataset(TRAFFORD_FILE, election="2024-05-02").story(["Broadheath"]).text


def _who(name: str, party: str, forenames: str | None = None) -> Person:
    given, family = name.rsplit(" ", 1)
    return person(
        Candidate(
            given_name=given, family_name=family, party=canonical_party(party), votes=1, position=1, forenames=forenames
        )
    )


SAME_PERSON = [
    # (this year's candidate, an earlier councillor of the same ward, same person?) -- names from
    # Trafford's file unless marked
    (_who("Karina Carter", "Labour"), _who("Katrina Carter", "Labour", "Katrina Gay"), True),  # Davyhulme 2026/2023
    (_who("Bilal Barbar", "Labour"), _who("Muhammad Barbar", "Labour", "Muhammad Bilal"), True),  # surname alike
    (_who("Bilal Barbar", "Labour"), _who("Muhammad Babar", "Labour", "Muhammad Bilal"), True),  # Brooklands 2024/2023
    (_who("Dan Jerrome", "Green Party"), _who("Daniel Jerrome", "Green Party", "Daniel Adam"), True),  # Altrincham
    (_who("Aiden Williams", "Labour"), _who("Aidan Williams", "Labour"), True),  # Bucklow-St Martins
    # two people of one surname, one party and one ward: Manor's Labour candidates in 2024 and 2026
    (_who("Gawain Glenton", "Labour"), _who("Keleigh Glenton", "Labour", "Keleigh Marie"), False),
    (_who("Dan Barker", "Reform UK"), _who("Dan Barker", "Conservative"), False),  # never across parties
    (_who("Joan Smith", "Labour"), _who("John Smith", "Labour"), False),  # synthetic: short names one letter apart
    (_who("Bilal Barber", "Labour"), _who("Muhammad Babar", "Labour", "Muhammad Bilal"), False),  # two letters apart
    (_who("Ann Babar", "Labour"), _who("Muhammad Barbar", "Labour", "Muhammad Bilal"), False),  # no forename shared
]


@pytest.mark.parametrize(("now", "then", "same"), SAME_PERSON, ids=[f"{a.name}-{b.name}" for a, b, _ in SAME_PERSON])
def test_a_candidate_is_matched_to_a_councillor_only_when_safe(now: Person, then: Person, same: bool) -> None:
    assert same_person(now, then) is same
    assert same_person(then, now) is same


def test_a_councillor_the_file_spells_two_ways_is_still_the_sitting_councillor(trafford: dict[str, Dataset]) -> None:
    """Brooklands: "BABAR, Muhammad Bilal" elected in 2023 with the fewest votes of the three (so
    his seat was up in 2024), "BARBAR, Bilal" elected in 2024. Davyhulme: "Katrina Carter"
    elected in 2023, "Karina Carter" beaten in 2026. The facts record the match; the story uses
    this year's spelling."""
    barbar = trafford["2024-05-02"].facts("Brooklands").candidates[0]
    assert (barbar.name, barbar.sitting, barbar.sitting_as) == ("Bilal Barbar", True, "Muhammad Babar")
    story = trafford["2024-05-02"].story(["Brooklands"])
    assert story.standfirst == "Labour's Bilal Barbar was re-elected in Brooklands."
    assert "Babar" not in story.text and "Muhammad" not in story.text
    carter = next(c for c in trafford["2026-05-07"].facts("Davyhulme").candidates if c.family_name == "Carter")
    assert (carter.name, carter.sitting, carter.sitting_as) == ("Karina Carter", True, "Katrina Carter")
    text = trafford["2026-05-07"].story(["Davyhulme"]).text
    assert "Cllr Carter, a sitting councillor for the ward, was not re-elected." in text
    assert "Katrina" not in text


def test_people_of_one_surname_in_one_ward_are_not_matched(trafford: dict[str, Dataset]) -> None:
    """Manor 2026: Labour's Keleigh Glenton (elected 2024) was a councillor going in; Labour's
    Gawain Glenton stood and lost. He is not taken for her."""
    d = trafford["2026-05-07"]
    assert "Keleigh Glenton" in {p.name for p in d.local._replays["trafford"].before.sitting("Manor")}
    gawain = next(c for c in d.facts("Manor").candidates if c.family_name == "Glenton")
    assert (gawain.name, gawain.sitting, gawain.sitting_as) == ("Gawain Glenton", False, None)
    assert "Cllr" not in d.story(["Manor"]).text


def test_a_sitting_councillor_who_holds_on_by_a_few_votes(trafford: dict[str, Dataset]) -> None:
    """Flixton 2026: Labour's Dolores O'Sullivan, elected there in 2023 (her seat the one up),
    beat Reform UK's Mark Ormiston 1,314 to 1,291: the narrow margin leads, and she held on."""
    story = trafford["2026-05-07"].story(["Flixton"])
    assert story.lead == "ward_narrow_majority"
    assert story.headline == "Dolores O'Sullivan holds on in Flixton by 23 votes"
    assert story.standfirst == "Labour's Dolores O'Sullivan held on in Flixton by 23 votes."
    # the lede gave the majority: the totals that follow do not give it again
    assert story.paragraphs[0] == (
        "It was close in Flixton: O'Sullivan had 1,314 votes and Reform UK's Mark Ormiston 1,291."
    )
    # a new councillor elected by a few votes is not said to hold on: Davyhulme 2026, 11 votes
    davyhulme = trafford["2026-05-07"].facts("Davyhulme")
    assert davyhulme.majority == 11 and not davyhulme.winner.sitting
    assert "held on" not in trafford["2026-05-07"].story(["Davyhulme"]).text


@pytest.mark.parametrize(
    ("council", "headline", "standfirst"),
    [
        # Sheffield 2021: Labour won 13 of the 29 seats up (28 wards, Richmond filling two): fewer
        # than half; the file holds no earlier election, so the council's control is not known
        (
            "Sheffield Council",
            "Sheffield Council elections: Labour takes 13 of 29 seats contested",
            "Labour won 13 of the 29 seats contested on Sheffield Council, fewer than half of them.",
        ),
        (
            "Barnsley Council",
            "Barnsley Council elections: Labour takes 17 of 21 seats contested",
            "Labour won 17 of the 21 seats contested on Barnsley Council.",
        ),
    ],
)
def test_a_council_whose_state_the_file_cannot_show(council: str, headline: str, standfirst: str) -> None:
    """A thirds election with no earlier state in the file: the story says what was won of what
    was contested, claims no win, majority or control, and says plainly what it cannot tell."""
    story = Dataset(bundled(DEMOCRACY_CLUB_2021)).story([council])
    assert story.lead == "council_seats_won"
    assert (story.headline, story.standfirst) == (headline, standfirst)
    assert "do not show how many seats each party now holds or whether any party has a majority" in story.text
    for claim in ("most seats", "control", "majority of", "largest party", "keeps", "wins"):
        assert claim not in story.text, claim


def test_trafford_before_its_first_all_out_election_claims_no_state() -> None:
    """Trafford 2016: the file begins that year and holds no election of every seat until 2023."""
    story = Dataset(TRAFFORD_FILE, election="2016-05-05").story(["Trafford Council"])
    assert story.headline == "Conservatives take 10 of 21 seats contested on Trafford Council"
    assert "won 10 of the 21 seats contested on Trafford Council, fewer than half of them" in story.standfirst


def _from_the_csv(date: str) -> tuple[dict[str, float], float]:
    """Each party's share of the votes (per cent, by the first word of its label: "Labour",
    "Green", ...) and the turnout across the wards, read straight from Trafford's CSV."""
    import csv

    votes: dict[str, int] = {}
    wards: dict[str, tuple[int, int]] = {}
    with TRAFFORD_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["ElectionDate"] != date or row["TypeofElection"] != "DistrictAndBorough":
                continue
            party = row["PoliticalPartyLabel"].split()[0]
            votes[party] = votes.get(party, 0) + int(row["VotesWon"])
            wards[row["ElectoralAreaURI"]] = (int(row["VotesCast"]), int(row["EligibleElectorate"]))
    total = sum(votes.values())
    cast = sum(c for c, _ in wards.values())
    return {p: 100 * n / total for p, n in votes.items()}, 100 * cast / sum(e for _, e in wards.values())


def test_vote_shares_and_turnout_across_the_wards_against_the_last_comparable_election(
    trafford: dict[str, Dataset],
) -> None:
    """Trafford 2026 against 2024: the same 21 wards, one seat each both times, so each party's
    share of the votes and the turnout compare. (The figures are checked against the CSV.)"""
    now, turnout_now = _from_the_csv("2026-05-07")
    then, turnout_then = _from_the_csv("2024-05-02")
    assert (round(now["Labour"], 1), round(now["Labour"] - then["Labour"], 1)) == (23.3, -18.6)
    assert (round(now["Green"], 1), round(now["Green"] - then["Green"], 1)) == (23.4, 5.6)
    assert (round(turnout_now, 1), round(turnout_then, 1)) == (48.9, 41.0)
    text = trafford["2026-05-07"].story(["Trafford Council"]).text
    assert (
        "Since 2024, across the wards contested, the Greens' share rose 5.6 percentage points to 23.4 per cent, "
        "Labour's share fell 18.6 points to 23.3 per cent, " in text
    )
    assert "Turnout across the wards was 48.9 per cent, up from 41.0 per cent in 2024." in text


def test_shares_are_not_compared_with_an_all_out_year_but_turnout_is(trafford: dict[str, Dataset]) -> None:
    """Trafford 2024 against 2023: the same wards, but in 2023 every seat was elected and each
    voter had three votes: the 2024 shares stand alone; turnout (of electors) compares."""
    now, turnout_now = _from_the_csv("2024-05-02")
    assert round(now["Labour"], 1) == 41.9 and round(turnout_now, 1) == 41.0
    facts = trafford["2024-05-02"].facts("Trafford Council")
    assert facts.compared_with == 2023 and facts.compared_all_out
    assert all(p.share_change is None for p in facts.parties)
    text = trafford["2024-05-02"].story(["Trafford Council"]).text
    assert "Across the wards contested, Labour had 41.9 per cent of the vote, the Conservatives 25.2 per cent" in text
    assert (
        "Turnout across the wards was 41.0 per cent, up from 39.6 per cent in 2023, when every seat was elected."
        in text
    )
    assert "Since 2023" not in text


@pytest.mark.parametrize(
    ("date", "compared_with", "shares"),
    [
        ("2026-05-07", 2024, True),  # 2025 held no ordinary election: the previous one is 2024's
        ("2024-05-02", 2023, False),  # all-out 2023: turnout only
        ("2023-05-04", None, False),  # new wards in 2023: 2022 and 2019 voted on the old ones
        ("2022-05-05", 2021, False),  # Gorse Hill filled two seats in 2022: no shares at all
        ("2021-05-06", 2019, False),  # no election in 2020; four wards filled two seats in 2021
        ("2019-05-02", 2018, False),  # Altrincham filled two seats in 2018: 2019's shares stand alone
        ("2016-05-05", None, False),  # the file begins in 2016
    ],
)
def test_which_election_a_council_is_compared_with(date: str, compared_with: int | None, shares: bool) -> None:
    facts = Dataset(TRAFFORD_FILE, election=date).facts("Trafford Council")
    assert facts.compared_with == compared_with
    assert any(p.share_change is not None for p in facts.parties) is shares


def test_a_thirds_year_with_a_ward_missing_compares_with_four_years_before() -> None:
    """Synthetic: a council's 2026 wards are A and B; in 2025 only A voted, so 2025 is not
    comparable and 2022 (A and B) is; with no 2022, nothing is."""
    import datetime as dt

    from newsgen.facts.council import comparable
    from newsgen.records.models import Contest, Election, SourceRef

    def election(day: str, wards: str, kind: str = "local") -> Election:
        contests = tuple(
            Contest(
                seat_id=f"E0500000{w}",
                name=w,
                country="England",
                electorate=100,
                valid_votes=10,
                invalid_votes=0,
                candidates=(),
                source=SourceRef(file="x"),
            )
            for w in wards
        )
        return Election(
            polling_date=dt.date.fromisoformat(day), contests=contests, source=SourceRef(file="x"), kind=kind
        )

    now = election("2026-05-07", "AB")
    earlier = [
        election("2022-05-05", "AB"),
        election("2025-05-01", "A"),
        election("2025-10-01", "B", "local by-election"),
    ]
    assert comparable(now, earlier) is earlier[0]
    assert comparable(now, earlier[1:]) is None
    assert comparable(now, [election("2025-05-01", "BA")]).polling_date.year == 2025  # type: ignore[union-attr]


def test_shares_and_turnout_across_the_wards_are_checked() -> None:
    """The verifier refuses a wrong share, a wrong change and a wrong earlier turnout."""
    facts = Dataset(TRAFFORD_FILE, election="2026-05-07").facts("Trafford Council").to_dict()
    right = "Since 2024, across the wards contested, Labour's share fell 18.6 percentage points to 23.3 per cent."
    assert check_text(right, [facts]).ok
    assert not check_text(right.replace("18.6", "5.6"), [facts]).ok
    assert not check_text(right.replace("fell", "rose"), [facts]).ok
    assert not check_text(right.replace("23.3", "23.4"), [facts]).ok
    turnout = "Turnout across the wards was 48.9 per cent, up from 41.0 per cent in 2024."
    assert check_text(turnout, [facts]).ok
    assert not check_text(turnout.replace("41.0", "40.0"), [facts]).ok


def test_no_shares_where_voters_had_several_votes() -> None:
    """Sheffield 2021: Richmond filled two seats; Rotherham and Doncaster elected every seat.
    Barnsley (one seat a ward) has its shares, with nothing earlier to compare them with."""
    d = Dataset(bundled(DEMOCRACY_CLUB_2021))
    for council in ("Sheffield Council", "Rotherham Council", "Doncaster Council"):
        assert "per cent of the vote" not in d.story([council]).text
    barnsley = d.story(["Barnsley Council"]).text
    assert (
        "Across the wards contested, Labour had 40.9 per cent of the vote, the Conservatives 25.4 per cent" in barnsley
    )
    assert "Since" not in barnsley


def test_the_notable_wards_of_a_night_of_losses(trafford: dict[str, Dataset]) -> None:
    """Trafford 2026: Labour lost three seats to the Greens and two to Reform UK (whose wards the
    file shows), and Davyhulme, by 11 votes, was the closest contest."""
    story = trafford["2026-05-07"].story(["Trafford Council"])
    assert (
        "The Greens took three seats from Labour, in Gorse Hill & Cornbrook, Longford and Old Trafford. "
        "Reform UK took two seats from Labour, in Bucklow-St Martins and Davyhulme. "
        "The closest contest was in Davyhulme, where Reform UK won the seat by 11 votes."
    ) in story.paragraphs
    # an all-out election has no seats changing hands, only its closest contest
    first = trafford["2023-05-04"].story(["Trafford Council"])
    closest = "The closest contest was in Broadheath, where the last of its three seats went to the Conservatives"
    assert closest + " by 19 votes." in first.paragraphs


def test_a_state_of_the_parties_table_in_markdown_and_html(trafford: dict[str, Dataset]) -> None:
    """Trafford 2024 (known before and after), 2026 (a range in two wards) and Sheffield 2021 (no
    state: seats won only), in the md and html outputs, every cell from the council's facts."""
    from newsgen.outputs.text import to_html, to_markdown

    md = to_markdown(trafford["2024-05-02"].story(["Trafford Council"]))
    assert "## Trafford Council: state of the parties" in md
    assert "| Party | Seats won | Before | Now |" in md
    assert "| Labour | 15 | 41 | 43 |\n| Conservative | 2 | 10 | 8 |" in md
    assert "The council has 63 seats; a majority takes 32 seats." in md
    later = to_markdown(trafford["2026-05-07"].story(["Trafford Council"]))
    assert "| Labour | 8 | 42 | 36–37 |" in later and "| Reform UK | 2 | 0 | 2 |" in later
    assert (
        "Where a party has a range, the council's results do not show whose seat was up in Broadheath and Hale."
        in later
    )
    html = to_html(trafford["2026-05-07"].story(["Trafford Council"]))
    assert "<caption>Trafford Council: state of the parties</caption>" in html
    assert "<tr><td>Labour</td><td>8</td><td>42</td><td>36–37</td></tr>" in html
    sheffield = to_markdown(Dataset(bundled(DEMOCRACY_CLUB_2021)).story(["Sheffield Council"]))
    assert "## Sheffield Council: seats won\n\n| Party | Seats won |" in sheffield
    assert "| Labour | 13 |" in sheffield and "Before" not in sheffield
    # an all-out election: the seats won are the council, in one column
    first = to_markdown(trafford["2023-05-04"].story(["Trafford Council"]))
    assert "| Party | Seats won |\n|---|--:|\n| Labour | 41 |" in first
    # ward and general-election stories have no such table
    assert "state of the parties" not in to_markdown(trafford["2026-05-07"].story(["Flixton"]))


def test_the_state_table_escapes_what_comes_from_the_data(trafford: dict[str, Dataset]) -> None:
    from newsgen.outputs.text import to_html, to_markdown

    story = trafford["2024-05-02"].story(["Trafford Council"])
    facts = dict(story.facts[0])
    rows = [dict(r) for r in facts["candidates"]]
    rows[0]["party"] = {**rows[0]["party"], "name": "<script>x</script> | Party"}
    facts["candidates"] = tuple(rows)
    facts["seat_name"] = "Trafford <b>Council</b>"
    hostile = story.model_copy(update={"facts": (facts,)})
    html = to_html(hostile)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; | Party" in html
    assert "<b>Council</b>" not in html
    md = to_markdown(hostile)
    assert "<script>" not in md and "\\| Party" in md


def test_the_state_table_passes_the_verifier() -> None:
    """`newsgen check` reads the table's rows as text: a council's party has seats, not votes."""
    facts = Dataset(TRAFFORD_FILE, election="2024-05-02").facts("Trafford Council").to_dict()
    assert check_text("| Labour | 15 | 41 | 43 |", [facts]).ok
    assert not check_text("| Labour | 15 | 41 | 44 |", [facts]).ok
    assert not check_text("| Conservative | 15 | 10 | 8 |", [facts]).ok


WORDINGS = [
    # (night, ward, the winner's lead in points and share by the file, headline, first sentence of the body)
    (
        "2019-05-02",
        "Ashton upon Mersey",  # Labour 42.9%, 3.8 points ahead: close
        "Benjamin Hartley edges out Michael Whetton in Ashton upon Mersey",
        "It was close in Ashton upon Mersey: Hartley had 1,535 votes and Whetton 1,398, a majority of 137.",
    ),
    (
        "2019-05-02",
        "Brooklands",  # Labour 43.3%, 8.0 points ahead
        "Labour beats the Conservatives in Brooklands",
        "McGrath came second with 1,295 votes to Thompson's 1,587, a majority of 292.",
    ),
    (
        "2019-05-02",
        "Altrincham",  # Green 61.3%, more than twice the runner-up's votes, four candidates
        "Michael Welton takes Altrincham with 61.3 per cent of the vote",
        "Welton polled 2,377 votes, more than twice the 1,057 for the Conservatives' Angela Stone, "
        "a majority of 1,320.",
    ),
    (
        "2019-05-02",
        "Bowdon",  # Conservative 59.6%, 45.4 points ahead, four candidates
        "Conservatives win Bowdon with more than half the vote",
        "Churchill's 1,727 votes gave a majority of 1,316 over the Greens' Deborah Leftwich, who had 411.",
    ),
    (
        "2019-05-02",
        "Bucklow-St Martins",  # Labour 54.6%, three times the runner-up's votes, five candidates
        "Labour wins Bucklow-St Martins with more than half the vote",
        "Williams, on 988 votes, beat the Conservatives' Lyall Ainscow, on 327, by 661.",
    ),
    (
        "2022-05-05",
        "Timperley",  # Liberal Democrat 51.5%, 18.1 points ahead
        "Liberal Democrats beat the Conservatives in Timperley",
        "Frass polled 2,182 votes to 1,413 for the Conservatives' Nathan Evans, a majority of 769.",
    ),
    (
        "2024-05-02",
        "Hale",  # the Greens' sitting councillor, 10.9 points ahead
        "Owain Sutton re-elected in Hale",
        "Sutton's 1,751 votes gave a majority of 400 over the Conservatives' Natalie Shalom, who had 1,351.",
    ),
]


@pytest.mark.parametrize(("night", "ward", "headline", "first"), WORDINGS, ids=[f"{n}-{w}" for n, w, _, _ in WORDINGS])
def test_a_ward_story_s_wording_follows_its_result(night: str, ward: str, headline: str, first: str) -> None:
    """The wording is chosen by the result (how far ahead the winner was, their share, whether
    they sat for the ward, how many stood), not by chance: a rerun is byte-identical."""
    story = Dataset(TRAFFORD_FILE, election=night).story([ward])
    assert (story.headline, story.paragraphs[0]) == (headline, first)


def test_the_rest_of_the_field_by_how_they_finished() -> None:
    """Third close to second (Bucklow-St Martins 2019: 283 to the Conservatives' 327), far behind
    (Ashton upon Mersey 2019: 273 to 1,398), one of four (Altrincham 2019), a long field
    (Urmston 2024: six candidates, every one named with their party)."""
    night = Dataset(TRAFFORD_FILE, election="2019-05-02")
    assert "The UK Independence Party's Andrew Beaumont was close behind in third place with 283 votes" in (
        night.story(["Bucklow-St Martins"]).text
    )
    assert "The Greens' Caroline Robertson-Brown was a distant third with 273 votes" in (
        night.story(["Ashton upon Mersey"]).text
    )
    assert (
        "Labour's Gerard Carter came third with 313 votes and the Liberal Democrats' David Martin fourth with 128."
        in (night.story(["Altrincham"]).text)
    )
    assert (
        "Behind them were the Greens' Steven Tennant (345), Reform UK's Steve Dillon (278), independent Andrew "
        "Beaumont (236) and the Liberal Democrats' John Franklin-Johnston (135)."
    ) in Dataset(TRAFFORD_FILE, election="2024-05-02").story(["Urmston"]).paragraphs


def test_a_night_of_ward_stories_does_not_read_alike() -> None:
    """Every ordinary Trafford night: no lede skeleton (what `newsgen variety` measures) in more
    than a third of the stories, no headline skeleton in more than 40% of the wards, and "came
    third with ... ahead of" in at most half (it was in every ward story before, and "X wins W
    for P" in every headline of 2016-2022)."""
    from collections import Counter

    from newsgen.variety import measure, skeleton

    nights = ("2016-05-05", "2018-05-03", "2019-05-02", "2021-05-06", "2022-05-05", "2024-05-02", "2026-05-07")
    for night in nights:
        d = Dataset(TRAFFORD_FILE, election=night)
        stories = [d.story([name]) for name in d.seat_names]
        wards = [s for s in stories if s.kind == "ward"]
        assert measure(stories).top_share <= 100 / 3, night
        headlines = Counter(skeleton(s, s.headline) for s in wards)
        assert headlines.most_common(1)[0][1] <= 0.4 * len(wards), (night, headlines.most_common(2))
        assert sum("came third with" in s.text and "ahead of" in s.text for s in wards) <= len(wards) / 2, night
        assert sum(skeleton(s, s.headline) == "<NAME> wins <SEAT> for <PARTY>" for s in wards) <= 2, night


def test_a_tie_for_the_last_seat_of_a_three_seat_ward_names_who_tied(tmp_path: Path) -> None:
    """Altrincham, Trafford 2023, with the last elected (Michael Welton, 1,896) given the votes
    of the first not elected (Richard Bliss, 704). The lede once named the poll-topper and her
    votes as the tie ("Coggins was elected ... after tying with ... on 1,980 votes"), which the
    verifier refused, losing the story."""
    import csv
    import io

    from newsgen.resources import TRAFFORD

    rows = list(csv.reader(io.StringIO(bundled(TRAFFORD).read_text(encoding="utf-8-sig"))))
    head = rows[0]
    col = {name: head.index(name) for name in ("ElectionDate", "ElectoralAreaLabel", "CandidateSurname", "VotesWon")}
    welton = [
        r
        for r in rows[1:]
        if r[col["ElectionDate"]] == "2023-05-04"
        and r[col["ElectoralAreaLabel"]] == "Altrincham"
        and r[col["CandidateSurname"]].lower() == "welton"
    ]
    assert len(welton) == 1 and welton[0][col["VotesWon"]] == "1896"
    welton[0][col["VotesWon"]] = "704"  # Richard Bliss's
    path = tmp_path / "trafford.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    story = Dataset(path, election="2023-05-04").story(["Altrincham"])
    assert story.lead == "ward_tie"
    assert story.standfirst == (
        "The Greens won all three seats in Altrincham; the Greens' Michael Welton took the last seat "
        "after tying with the Conservatives' Richard Bliss on 704 votes."
    ), story.standfirst
    assert story.headline in ("Tie for the last Altrincham seat", "Michael Welton elected in Altrincham after a tie")
