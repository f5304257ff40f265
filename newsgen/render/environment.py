"""The Jinja environment: the project's templates, a newsroom's overrides, the filters.

Templates load through ``ChoiceLoader([newsroom dir, PrefixLoader({"default": ours}, ":"), ours])``
so a newsroom overrides one template and can still ``{% extends "default:lede/hold.j2" %}``.
A newsroom's templates run in Jinja's sandbox; data is only ever passed as values,
never compiled as template text. ``StrictUndefined`` turns a missing field into an error.
A newsroom template whose real path is outside its folder (a symlink to ``/etc/passwd``)
is refused.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from newsgen.errors import TemplateProblem
from newsgen.render.filters import FILTERS
from newsgen.resources import templates_dir


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, so a one-seat `newsgen story` starts fast.

    Jinja keys each entry by template name and source checksum, so an edited template is
    recompiled. ``NEWSGEN_NO_CACHE=1`` turns it off; an unwritable folder just means no cache.
    """
    if os.environ.get("NEWSGEN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "newsgen" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


class _Environment(jinja2.Environment):
    """Each template's globals as a plain dict, not Jinja's ChainMap over the environment's.

    Every render and every include copies the globals into a new context; iterating a
    ChainMap runs in Python and cost about 3% of a story. The environment's globals are
    set once, before any template loads, so nothing is lost by copying them.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


class _Sandboxed(_Environment, SandboxedEnvironment):
    """A newsroom's templates: the sandbox, with the same plain-dict globals."""


class _NewsroomLoader(jinja2.FileSystemLoader):
    """A newsroom's folder: a file whose real path is outside it (through a symlink) is refused,
    so a template folder cannot be used to read ``/etc/passwd`` or anything else."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = os.path.realpath(folder)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        path = os.path.join(self.root, *split_template_path(template))
        real = os.path.realpath(path)
        if os.path.lexists(path) and os.path.commonpath((real, self.root)) != self.root:
            raise TemplateProblem(
                f"template {template}: {os.path.join(self.searchpath[0], template)} leads to {real},"
                f" outside the newsroom template folder {self.root}; refused",
                hint="copy the file into the template folder instead of linking to it",
            )
        return super().get_source(environment, template)


def _make(env_cls: type[jinja2.Environment], loader: jinja2.BaseLoader) -> jinja2.Environment:
    env = env_cls(
        loader=loader,
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        # a plain dict, not Jinja's locked LRU: every include looks its template up, and the
        # template set is small and fixed for the life of the process
        cache_size=-1,
    )
    env.filters.update(FILTERS)
    return env


@cache
def get_environment(user_dir: str | None = None) -> jinja2.Environment:
    ours = jinja2.FileSystemLoader(str(templates_dir()))
    if user_dir is None:
        return _make(_Environment, ours)
    newsroom = _NewsroomLoader(Path(user_dir))
    loader = jinja2.ChoiceLoader([newsroom, jinja2.PrefixLoader({"default": ours}, delimiter=":"), ours])
    return _make(_Sandboxed, loader)
