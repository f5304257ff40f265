"""What an angle is: an id, a score, the evidence it rests on, and a reason an editor can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Angle:
    id: str
    score: int
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)
    seats: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "reason": self.reason,
            "evidence": self.evidence,
            "seats": list(self.seats),
        }
