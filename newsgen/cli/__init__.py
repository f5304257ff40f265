"""The command line: parse arguments, call the library, print. Nothing else lives here.

Each command is in its own module; ``main`` collects them.
"""

from __future__ import annotations

import importlib
import sys

import click

from newsgen import __version__

#: command modules, each defining ``command`` (a click.Command)
COMMAND_MODULES = ("story", "angles", "seats", "batch", "variety", "check", "serve")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsgen")
@click.option("--debug", is_flag=True, help="Show a full traceback when something goes wrong.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn official UK election results into publishable local-news stories.

    With no --results, newsgen uses the bundled House of Commons Library results of the
    4 July 2024 general election (all 650 seats).

    \b
    Examples:
      newsgen story "North Herefordshire"
      newsgen story "Southend West and Leigh" "Southend East and Rochford" --context fixtures/southend-context.yaml
      newsgen angles Chorley --json
      newsgen seats
    """
    ctx.obj = {"debug": debug}


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"newsgen.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command whose module is not written yet
        if _exc.name != f"newsgen.cli.{_name}":
            raise
        continue
    main.add_command(_module.command)


def run() -> None:
    """Console-script entry point."""
    main(prog_name="newsgen")


if __name__ == "__main__":
    sys.exit(run())
