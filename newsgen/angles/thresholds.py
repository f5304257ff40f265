"""Every threshold and score the angle rules use, in one documented place.

Override any of them in the context file::

    thresholds:
      narrow_majority_votes: 750

or in code with ``Thresholds(narrow_majority_votes=750)``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Thresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    narrow_majority_votes: int = Field(1000, description="a majority below this many votes is narrow")
    tiny_majority_votes: int = Field(100, description="below this, the margin itself leads the story")
    landslide_share: float = Field(40.0, description="majority, in points of the valid vote, for a landslide")
    landslide_votes: int = Field(20000, description="...or a majority of at least this many votes")
    overturned_share: float = Field(
        20.0, description="previous winner's lead (points) that makes a gain an overturned majority"
    )
    long_tenure_years: int = Field(
        14, description="a defeated MP in the seat at least this long is a long tenure ended"
    )
    turnout_change_points: float = Field(5.0, description="turnout change (points) worth a paragraph")
    third_place_close_points: float = Field(2.0, description="third and fourth this close (points) is a battle")
    safe_seat_years: int = Field(
        20,
        description="a gain from a party that had won the seat at every general election for at least this "
        "many years (by the 1918-2019 history file) is a safe seat falling",
    )
    runner_up_surge_points: float = Field(
        15.0, description="a runner-up third or lower last time whose share rose this many points has surged"
    )
    runner_up_closed_from: float = Field(
        20.0, description="...or, in a hold, the lead (points) last time that a runner-up cut to a narrow one"
    )
    runner_up_closed_to: float = Field(5.0, description="...and the lead (points) now below which it is narrow")

    # Base scores: history and famous casualties outrank margin size; a tiny margin leads when it is tiny.
    #: a Westminster by-election is the story, whatever else fired
    score_by_election: int = 105
    score_big_name_defeat: int = 100
    score_area_sweep: int = 99
    score_tiny_majority: int = 97
    score_historic_first: int = 95
    score_party_first_seat: int = 92
    score_speaker_seat: int = 90
    score_independent_win: int = 88
    #: a Prime Minister, minister or party leader leads over a party's first seat, as reports do
    score_big_name_win: int = 96
    score_long_tenure_ended: int = 84
    score_regained_seat: int = 83
    #: a by-election winner keeping a seat the notional result calls a gain outranks the
    #: defeat of a sitting MP who sat for another seat (Tamworth 2024)
    score_defended_seat: int = 81
    score_ousted_incumbent: int = 80
    #: "Conservative at every general election since 1950": a seat's long run ended outranks the
    #: defeat of its MP (whose defeat the totals paragraph then tells) but not a long-serving MP's
    #: (long_tenure_ended), a former MP's return or a historic first (which it never fires beside)
    score_safe_seat_falls: int = 82
    #: a defeated MP who had left the party they were elected for and finished below second
    #: (Claudia Webbe, fourth in Leicester East): the seat's result leads, not their defeat
    score_ousted_far_back: int = 25  # below hold and gain
    score_big_name_survives: int = 93
    score_overturned_majority: int = 74
    #: last time's winner pushed to third or lower (Telford 2024): below an overturned majority
    score_collapse: int = 72
    score_narrow_majority: int = 70
    score_gain: int = 60
    score_landslide: int = 55
    score_third_place_battle: int = 22
    #: a runner-up from far back explains a result but seldom is it: below hold and gain, for an
    #: editor to lead on in the preview
    score_runner_up_surge: int = 28
    score_hold: int = 30
    score_turnout_change: int = 20

    # -- council wards and councils (newsgen.angles.local) ------------------------------------
    ward_narrow_majority_votes: int = Field(50, description="a ward majority below this many votes is narrow")
    score_control_change: int = 100
    score_lost_to_noc: int = 98
    score_council_first_seat: int = 94
    score_defending_councillor_defeated: int = 85
    score_by_election_gain: int = 87
    #: a party taking every seat of a multi-member ward outranks how close the last one was
    score_clean_sweep: int = 78
    score_ward_tie: int = 99
    score_split_ward: int = 66
    score_ward_narrow_majority: int = 75
    score_ward_gain: int = 60
    score_ward_hold: int = 30
    score_ward_elected: int = 25
    score_control_kept: int = 60
    score_majority_won: int = 64
    #: a hung council is the news over one party's gains
    score_largest_party: int = 72
    score_council_gains: int = 70
    #: a party losing three seats or more leads over who took them
    score_council_losses: int = 73
    score_council_seats_won: int = 25


#: the defaults as they are (nothing to validate: the schema is built when a context file sets some)
DEFAULT = Thresholds.model_construct()
