"""Step 1 of the pipeline: structured, immutable result records and their loaders."""

from newsgen.records.models import Candidate, Contest, Election, Party, SourceRef

__all__ = ["Candidate", "Contest", "Election", "Party", "SourceRef"]
