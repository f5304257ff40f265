"""Step 4 of the pipeline: a rules engine that picks and ranks narrative angles."""

from newsgen.angles.engine import apply_choices, area_angles, seat_angles
from newsgen.angles.model import Angle
from newsgen.angles.rules import ANGLE_IDS
from newsgen.angles.thresholds import DEFAULT, Thresholds

__all__ = ["ANGLE_IDS", "DEFAULT", "Angle", "Thresholds", "apply_choices", "area_angles", "seat_angles"]
