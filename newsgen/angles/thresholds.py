"""Every threshold and score the angle rules use, in one documented place.

Override any of them in the context file::

    thresholds:
      narrow_majority_votes: 750

or in code with ``Thresholds(narrow_majority_votes=750)``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Thresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

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

    # Base scores: history and famous casualties outrank margin size; a tiny margin leads when it is tiny.
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
    score_hold: int = 30
    score_turnout_change: int = 20


DEFAULT = Thresholds()
