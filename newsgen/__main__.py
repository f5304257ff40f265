"""``python -m newsgen``: the same as the ``newsgen`` command."""

from newsgen.cli import run

run()
