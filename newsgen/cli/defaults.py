"""Where a command's option values come from when they are not typed: ``newsgen.toml`` and
``NEWSGEN_*`` environment variables.

Precedence, highest first: the command line; an environment variable (``NEWSGEN_STYLE``,
``NEWSGEN_CONTEXT``... each option's --help names its own); the config file's table for the
command (``[batch]``); the config file's top level (every command that has the option); the
built-in default. The config file is ``--config FILE`` (or ``NEWSGEN_CONFIG``), else
``newsgen.toml`` in the working folder if there is one::

    # newsgen.toml: the desk's defaults
    results = "ge2024"
    context = "context/southend.yaml"   # relative paths are read from this file's folder
    style = "bbc"
    drop = ["third_place_battle"]

    [batch]
    out = "stories"
    format = "md,html,ninjs"

A key that is no option of any command (or, in a command's table, of that command) is an
error naming the file and the key, with the nearest option names: a misspelt default is never
silently ignored. ``newsgen config`` shows each value in force and where it came from.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from newsgen.errors import BadSetting, ConfigError, NewsgenError

CONFIG_NAME = "newsgen.toml"
CONFIG_ENV = "NEWSGEN_CONFIG"
ENV_PREFIX = "NEWSGEN_"
#: ctx.meta key: {parameter name: where its default_map value came from}
ORIGIN_KEY = "newsgen.config.origin"
PATH_KEY = "newsgen.config.path"
#: options that are not settings (asked for each time, or about this one run)
NOT_SETTINGS = frozenset({"help", "config", "version"})
#: top-level keys a command does not take, because its option of that name means something
#: else: `newsgen facts --format` is csv/json/jsonl and its --output a file, not the stories'
#: formats and folder (give them in a [facts] table instead)
OWN_MEANING: dict[str, frozenset[str]] = {"facts": frozenset({"format", "output"})}


@dataclass
class Config:
    """A parsed config file: top-level keys, and one table per command."""

    path: Path | None = None
    top: dict[str, Any] = field(default_factory=dict)
    commands: dict[str, dict[str, Any]] = field(default_factory=dict)


def env_name(key: str) -> str:
    """The environment variable for an option: ``--context`` -> ``NEWSGEN_CONTEXT``."""
    return ENV_PREFIX + key.replace("-", "_").upper()


def find_config(given: str | None) -> Path | None:
    """The config file in force: the one given, else ./newsgen.toml if it exists."""
    if given:
        path = Path(given)
        if not path.is_file():
            raise ConfigError(
                f"{given}: config file not found",
                hint=f"give the path of a TOML file, or leave out --config to use ./{CONFIG_NAME} if there is one",
            )
        return path
    here = Path(CONFIG_NAME)
    return here if here.is_file() else None


def read_config(path: Path | None) -> Config:
    """Parse the file (nothing to parse: an empty Config). TOML errors name the line."""
    if path is None:
        return Config()
    import tomllib

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc})", hint='write each setting as key = "value", one per line'
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    commands = {k: v for k, v in data.items() if isinstance(v, dict)}
    return Config(path, top, commands)


def option_key(param: click.Parameter) -> str | None:
    """The config key of an option: its long name without dashes (``--on-story`` -> ``on-story``)."""
    if not isinstance(param, click.Option):
        return None
    longs = [o for o in param.opts if o.startswith("--")]
    return longs[0][2:] if longs else None


def _keys(command: click.Command) -> dict[str, click.Option]:
    keys: dict[str, click.Option] = {}
    for param in command.params:
        key = option_key(param)
        if key and key not in NOT_SETTINGS and isinstance(param, click.Option):
            keys[key] = param
    return keys


def _normal(key: str) -> str:
    return key.replace("_", "-").lower()


def check_config(config: Config, commands: dict[str, click.Command]) -> None:
    """Refuse a key that no command has (top level) or that its command has not (a table)."""
    everywhere = sorted({k for c in commands.values() for k in _keys(c)})
    # a table per top-level command (but `newsgen config`, which only shows the others)
    commands = {n: c for n, c in commands.items() if " " not in n and n != "config"}
    for key in config.top:
        if _normal(key) not in everywhere:
            raise _unknown(config.path, key, everywhere, "no command has that option")
    for name, table in config.commands.items():
        if name not in commands:
            raise _unknown(config.path, f"[{name}]", [f"[{c}]" for c in sorted(commands)], "there is no such command")
        own = sorted(_keys(commands[name]))
        for key in table:
            if isinstance(table[key], dict):
                raise BadSetting(f"{config.path}: [{name}.{key}]: tables go one level deep ([command] only)")
            if _normal(key) not in own:
                raise _unknown(config.path, f"[{name}] {key}", own, f"newsgen {name} has no --{_normal(key)}")


def _unknown(path: Path | None, key: str, known: list[str], why: str) -> BadSetting:
    bare = key.split()[-1].strip("[]")
    close = difflib.get_close_matches(bare, [k.strip("[]") for k in known], n=2, cutoff=0.6)
    mean = f"did you mean {' or '.join(close)}? " if close else ""
    return BadSetting(f"{path}: {key}: {why}", hint=f"{mean}the keys are: {', '.join(known)}")


def command_defaults(config: Config, name: str, command: click.Command) -> tuple[dict[str, Any], dict[str, str]]:
    """``(default_map, origin)`` for one command: its parameters' values from the file, and
    for each, where in the file it was set. Paths are read from the file's folder."""
    keys = _keys(command)
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    layers = [(config.top, f"{config.path}"), (config.commands.get(name, {}), f"{config.path} [{name}]")]
    for level, (table, where) in enumerate(layers):
        for raw_key, raw in table.items():
            key = _normal(raw_key)
            param = keys.get(key)
            if param is None or param.name is None:
                continue  # a top-level key for other commands
            if level == 0 and key in OWN_MEANING.get(name, ()):
                continue  # the top-level format/output are the stories'; facts has its own
            values[param.name] = _value(param, raw, key, where, config.path)
            origin[param.name] = where
    return values, origin


def _value(param: click.Option, raw: Any, key: str, where: str, path: Path | None) -> Any:
    """A TOML value as the option takes it: lists for repeatable options (a string is split on
    commas), a string otherwise; a relative path read from the config file's folder."""
    if isinstance(raw, list):
        items = [str(v) for v in raw]
        raw = items if param.multiple else ",".join(items)
    elif param.multiple:
        raw = [v.strip() for v in str(raw).split(",") if v.strip()]
    elif isinstance(raw, bool | int | float):
        return raw
    else:
        raw = str(raw)
    if isinstance(param.type, click.Path) and path is not None and isinstance(raw, str):
        raw = _relative_to(raw, path.parent, key)
    return raw


def _relative_to(value: str, folder: Path, key: str) -> str:
    """A relative path from the config file's folder; ``-`` and a bundled results name
    (``ge2019``) stay as written unless a file of that name is beside the config file."""
    if value == "-" or Path(value).is_absolute():
        return value
    target = folder / value
    if key == "results" and not target.exists():
        from newsgen.resources import named_results

        if named_results(value) is not None:
            return value
    return os.path.normpath(target)


def load_into(ctx: click.Context, given: str | None) -> None:
    """Set ``ctx.default_map`` for the command about to parse its options (called by the
    eager ``--config`` option, so every other option's default comes after it)."""
    root = ctx.find_root()
    name = ctx.info_name or "" if ctx.parent is root else ""  # a nested command reads the top level only
    path = find_config(given)
    config = read_config(path)
    if path is not None:
        check_config(config, all_commands(root))
    values, origin = command_defaults(config, name, ctx.command)
    _check_values(ctx, values, origin)
    ctx.default_map = {**(ctx.default_map or {}), **values}
    ctx.meta[ORIGIN_KEY] = origin
    ctx.meta[PATH_KEY] = path


def _check_values(ctx: click.Context, values: dict[str, Any], origin: dict[str, str]) -> None:
    """Each value from the file as its option would take it: a bad one names the file and key."""
    params = {p.name: p for p in ctx.command.params}
    for name, value in values.items():
        param = params[name]
        key = option_key(param)
        try:
            param.type_cast_value(ctx, value)
        except click.BadParameter as exc:
            raise BadSetting(
                f"{origin[name]}: {key} = {value!r}: {exc.message}",
                hint=f"fix the value in the config file (`newsgen {ctx.info_name} --help` says what --{key} takes)",
            ) from None


def all_commands(root: click.Context) -> dict[str, click.Command]:
    """The group's commands by name (a nested group's as "declaration new")."""
    out: dict[str, click.Command] = {}

    def walk(group: click.Group, ctx: click.Context, prefix: str) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if isinstance(command, click.Group):
                walk(command, ctx, f"{prefix}{name} ")
            elif command is not None:
                out[prefix + name] = command

    if isinstance(root.command, click.Group):
        walk(root.command, root, "")
    return out


def _load_config(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from newsgen.cli.common import report_error

    try:
        load_into(ctx, value)
    except NewsgenError as exc:
        report_error(exc)


config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    envvar=CONFIG_ENV,
    show_envvar=True,
    expose_value=False,
    is_eager=True,
    callback=_load_config,
    help=f"Defaults for the options from this TOML file (default: ./{CONFIG_NAME} if there is one); "
    "`newsgen config` shows what is in force.",
)
