"""``newsgen config``: the option values in force for a command, and where each came from."""

from __future__ import annotations

import json

import click
from click.core import ParameterSource

from newsgen.cli.common import handle_errors
from newsgen.cli.defaults import CONFIG_ENV, CONFIG_NAME, ORIGIN_KEY, PATH_KEY, all_commands, option_key
from newsgen.errors import NewsgenError


@click.command("config")
@click.argument("command_name", metavar="[COMMAND]", default="story")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
@click.pass_context
@handle_errors
def command(ctx: click.Context, command_name: str, as_json: bool) -> None:
    """Show the options in force for COMMAND (default: story) and where each value came from:
    the environment (NEWSGEN_STYLE...), the config file (./newsgen.toml, or --config FILE, or
    NEWSGEN_CONFIG), or the built-in default. Options typed on a command line win over all.

    \b
    Examples:
      newsgen config
      newsgen config batch --json
      newsgen config batch --config desk.toml
    """
    root = ctx.find_root()
    commands = {n: c for n, c in all_commands(root).items() if n != "config"}
    target = commands.get(command_name)
    if target is None:
        raise NewsgenError(
            f"there is no command {command_name!r}", hint="choose one of: " + ", ".join(sorted(commands))
        )
    config_file = ctx.meta.get(PATH_KEY)
    args = ["--config", str(config_file)] if config_file else []
    sub = target.make_context(command_name, args, parent=root, resilient_parsing=True)
    origin: dict[str, str] = sub.meta.get(ORIGIN_KEY, {})
    rows = []
    for param in target.params:
        key = option_key(param)
        if key is None or param.name is None or key in ("help", "config"):
            continue
        value = sub.meta.get("newsgen.election") if param.name == "election" else sub.params.get(param.name)
        source = sub.get_parameter_source(param.name)
        if source == ParameterSource.ENVIRONMENT:
            where = f"environment {getattr(param, 'envvar', '')}"
        elif source == ParameterSource.DEFAULT_MAP:
            where = origin.get(param.name, "config file")
        else:
            where = "default"
        rows.append({"option": f"--{key}", "value": _plain(value), "from": where})
    path = sub.meta.get(PATH_KEY)
    if as_json:
        click.echo(json.dumps({"command": command_name, "config_file": str(path) if path else None, "options": rows}))
        return
    if path:
        click.echo(f"newsgen {command_name}: config file {path}")
    else:
        click.echo(f"newsgen {command_name}: no config file (looked for ./{CONFIG_NAME}; set one with {CONFIG_ENV})")
    width = max(len(r["option"]) for r in rows)
    shown = [(r["option"], "-" if r["value"] in (None, "", []) else _text(r["value"]), r["from"]) for r in rows]
    vwidth = min(40, max(len(v) for _, v, _ in shown))
    for option, value, where in shown:
        click.echo(f"  {option:<{width}}  {value:<{vwidth}}  {where}")


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    return value


def _text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
