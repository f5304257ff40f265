"""Step 3 of the pipeline: facts derived once from a contest and its baseline."""

from newsgen.facts.seat import CandidateFacts, SeatFacts, derive_facts

__all__ = ["CandidateFacts", "SeatFacts", "derive_facts"]
