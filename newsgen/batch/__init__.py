"""Every seat's story, and the context's area stories, written in the formats newsrooms ingest.

>>> from newsgen.batch import run_batch
>>> report = run_batch(Dataset(), "stories/", formats=["md", "ninjs"])
"""

from newsgen.batch.jobs import Job, Outcome, Settings
from newsgen.batch.runner import BatchReport, plan_jobs, run_batch

__all__ = ["BatchReport", "Job", "Outcome", "Settings", "plan_jobs", "run_batch"]
