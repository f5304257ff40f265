"""The command line: parse arguments, call the library, print. Nothing else lives here.

Each command is in its own module; ``main`` imports only the one that runs (``--help``
imports them all, for their summaries), so `newsgen story` does not pay for `newsgen serve`.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import sys

import click

from newsgen import __version__

#: command modules, each defining ``command`` (a click.Command)
COMMAND_MODULES = (
    "story",
    "angles",
    "seats",
    "batch",
    "variety",
    "check",
    "serve",
    "declaration",
    "replay",
    "watch",
    "config",
    "publish",
    "facts",
)


class _Commands(click.Group):
    """The command modules, imported when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMAND_MODULES:
            return None
        command: click.Command = importlib.import_module(f"newsgen.cli.{cmd_name}").command
        with_config(command)
        return command


def with_config(command: click.Command) -> None:
    """Give a command (each of a group's) ``--config``, read before its other options."""
    from newsgen.cli.defaults import config_option

    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_config(sub)
        return
    if not any(p.name == "config" for p in command.params):
        config_option(command)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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

    Defaults for any option can be set in newsgen.toml (or --config FILE) and NEWSGEN_*
    variables: `newsgen config` shows what is in force and where it came from.

    \b
    Exit status, the same in every command:
      0  done
      1  the data, a file or the disk stopped the work (a missing or broken results,
         context or templates file; a story that failed its check; failed stories)
      2  the command asked for something that does not exist (an unknown seat, angle,
         format, style, election or option, or a bad option value)

    \b
    Shell completion (seat names, angle ids, bundled results), once per shell:
      eval "$(_NEWSGEN_COMPLETE=bash_source newsgen)"    # bash: add to ~/.bashrc
      eval "$(_NEWSGEN_COMPLETE=zsh_source newsgen)"     # zsh: add to ~/.zshrc
      _NEWSGEN_COMPLETE=fish_source newsgen | source     # fish
    """
    ctx.obj = {"debug": debug}


def run() -> None:
    """Console-script entry point."""
    # pydantic looks for plugins by reading every installed package's metadata, about 30 ms
    # of each command's start-up; newsgen uses none. Set it to "" to let plugins load.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        main(prog_name="newsgen")
    except BrokenPipeError:
        # the reader went away (`newsgen seats | head -1`): nothing more to say to it
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (Python flushes stdout at exit)
        sys.exit(1)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise
        # the output could not be written (a full disk behind a redirect): one line, no traceback
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        sys.stderr.write(f"Error: cannot write the output ({exc.strerror}): free some space, or write elsewhere\n")
        sys.exit(1)
    finally:
        # Python's exit ends with a full collection, which would walk every object a batch
        # loaded (about 20 ms for 650 seats) looking for reference cycles, whose memory the
        # OS frees anyway. Frozen, they are skipped; everything else is freed as usual.
        gc.freeze()


if __name__ == "__main__":
    sys.exit(run())
