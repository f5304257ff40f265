"""The Jinja environment: the project's templates, a newsroom's overrides, the filters.

Templates load through ``ChoiceLoader([newsroom dir, PrefixLoader({"default": ours}, ":"), ours])``
so a newsroom overrides one template and can still ``{% extends "default:lede/hold.j2" %}``.
A newsroom's templates run in Jinja's sandbox; data is only ever passed as values,
never compiled as template text. ``StrictUndefined`` turns a missing field into an error.

What the sandbox adds for a newsroom's folder (the bundled-only environment is untouched):

- a template whose real path is outside the folder (a symlink to ``/etc/passwd``) is refused;
- ``range()`` is capped at Jinja's ``MAX_RANGE``, and ``*`` may not make a string or list over
  the size budget (through Jinja's ``intercepted_binops``: one allocation no timer can stop);
- the text a render writes, and each macro's or ``{% set %}`` block's, is capped at
  ``Budget.chars`` (Jinja joins them all through ``environment.concat``);
- each story's render has a wall-clock budget, ``Budget.seconds`` (``compose`` arms it with
  :func:`time_budget`).

Going over any of them raises :class:`~newsgen.errors.TemplateOverBudget`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Generator, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.loaders import split_template_path
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment

from newsgen.errors import TemplateOverBudget, TemplateProblem
from newsgen.render.filters import FILTERS
from newsgen.resources import templates_dir


def _bytecode_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, so a one-seat `newsgen story` starts fast.

    Jinja keys each entry by template name and source checksum, so an edited template is
    recompiled; but not by environment, and the sandbox compiles every call to
    ``environment.call`` and ``*`` to ``environment.call_binop``, which the plain
    environment has not: each keeps its own folder (``kind``; rename it if what it
    compiles changes), or a `newsgen story` after a ``--templates`` run would fail. (Both
    once shared ``jinja-VERSION``, which may hold the sandbox's code: it is no longer read;
    ``-plain`` held the bundled templates' code before :class:`_CodeGenerator`.)
    ``NEWSGEN_NO_CACHE=1`` turns it off; an unwritable folder just means no cache.
    """
    if os.environ.get("NEWSGEN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "newsgen" / f"jinja-{jinja2.__version__}{kind}"
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


class _Context(Context):
    """A template context that calls a plain function, method or macro straight away.

    Jinja's ``Context.call`` first asks whether the callable wants the context, the
    evaluation context or the environment passed in (``jinja_pass_arg``): four attribute
    look-ups, two of them failing, for every call a template makes (some 35 a story). A
    Python function or bound method with no attributes of its own, or a macro, wants none
    of them; anything else is left to Jinja.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is FunctionType:
            plain = not __obj.__dict__
        elif kind is MethodType:
            plain = not __obj.__func__.__dict__
        elif kind is Macro:
            plain = True
        else:
            plain = _PLAIN_CALLABLES.get(kind)
            if plain is None:
                plain = _PLAIN_CALLABLES[kind] = _plain_callable(kind)
        if not plain:
            return Context.call(__self, __obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


#: callable classes whose instances want nothing passed in (see :func:`_plain_callable`)
_PLAIN_CALLABLES: dict[type, bool] = {}


def _plain_callable(kind: type) -> bool:
    """Do the instances of ``kind`` want no context passed in, whatever instance is called?

    Jinja asks each instance and its ``__call__`` for ``jinja_pass_arg``: a class without
    instance dictionaries (``__slots__``) answers for all of them, through the class and its
    ``__call__`` (a story's ``ref``, :class:`~newsgen.render.compose.Mentions`)."""
    call = getattr(kind, "__call__", None)  # noqa: B004 (the method, not whether it is callable)
    return (
        kind.__dictoffset__ == 0
        and isinstance(call, FunctionType)
        and not call.__dict__
        and not hasattr(kind, "jinja_pass_arg")
    )


class _CodeGenerator(CodeGenerator):
    """The bundled templates' compiler: ``x.name`` read with Python's ``getattr`` and a default.

    Jinja compiles every attribute read to a call of ``environment.getattr``, a Python method
    that tries the attribute and then the item (some 200 a story). Here the attribute is
    tried in place; only a miss (a dict's key, an undefined value) goes to
    ``environment.getattr``, which tries the attribute again and then the item, as before.
    The object is evaluated once (``_o``). The sandbox keeps Jinja's own code: its
    ``getattr`` is where it refuses unsafe attributes.
    """

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        if self.environment.sandboxed or self.environment.is_async:
            CodeGenerator.visit_Getattr.__wrapped__(self, node, frame)  # type: ignore[attr-defined]
            return
        self.write("(_v if (_v := getattr((_o := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing else environment.getattr(_o, {node.attr!r}))")


class _Bundled(_Environment):
    """The bundled templates' environment (not a newsroom's, which run in :class:`_Sandboxed`)."""

    code_generator_class = _CodeGenerator
    context_class = _Context


@dataclass(frozen=True)
class Budget:
    """What rendering one story through a newsroom's templates may spend. A real story
    takes about a millisecond and 3,000 characters."""

    #: wall-clock seconds for the story's three renders (headline, standfirst, body)
    seconds: float = 2.0
    #: characters of text one render, macro or ``{% set %}`` block may write
    chars: int = 1_000_000

    @classmethod
    def from_environ(cls) -> Budget:
        """``NEWSGEN_TEMPLATE_SECONDS`` sets the time budget (for a slow machine, or a test)."""
        raw = os.environ.get("NEWSGEN_TEMPLATE_SECONDS")
        if not raw:
            return cls()
        try:
            seconds = float(raw)
        except ValueError:
            seconds = 0.0
        if not 0 < seconds < 86_400:
            raise TemplateProblem(
                f"NEWSGEN_TEMPLATE_SECONDS={raw!r} is not a number of seconds",
                hint=f"unset it, or give a number such as {cls.seconds:g}",
            )
        return cls(seconds=seconds)


class _Sandboxed(_Environment, SandboxedEnvironment):
    """A newsroom's templates: the sandbox, with the same plain-dict globals, on a budget."""

    intercepted_binops = frozenset({"*"})
    budget = Budget()

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``"x" * 10**10`` refused before the 10 GB are asked for (``**`` and a multiplication
        of numbers are left to the time budget: CPython checks for signals while computing them)."""
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > self.budget.chars:
                raise self._too_big(f"{type(seq).__name__} * {n:,} would make {len(seq) * n:,} characters or items")
        return super().call_binop(context, operator, left, right)

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        """Join what a render, macro, ``{% set %}`` or ``{% filter %}`` block wrote, up to the
        size budget. A render's text comes as a generator: counted as it comes, so a template
        writing without end is stopped at the budget, not when memory runs out."""
        limit = self.budget.chars
        if isinstance(parts, list):  # a macro's or block's buffer: concat is called on its line
            if (written := sum(map(len, parts))) > limit:
                raise self._too_big(f"the text it writes reaches {written:,} characters")
            return "".join(parts)
        return "".join(self._counted(parts, limit))

    def _counted(self, parts: Iterable[str], limit: int) -> Iterator[str]:
        written = 0
        for part in parts:
            written += len(part)
            if written > limit:
                error = self._too_big(f"the text it writes reaches {written:,} characters")
                if isinstance(parts, Generator):
                    parts.throw(error)  # raised in the template, where it writes: names the line
                raise error
            yield part

    def _too_big(self, what: str) -> TemplateOverBudget:
        return TemplateOverBudget(f"{what}, over the size budget of {self.budget.chars:,}")


_NO_TIMER = contextlib.nullcontext()


def time_budget(env: jinja2.Environment) -> contextlib.AbstractContextManager[Any]:
    """Stop a newsroom template still rendering ``env.budget.seconds`` after this began.

    A timer signal (``SIGALRM``) raises :class:`TemplateOverBudget` in the running template,
    wherever it is: a loop, a macro, a filter, a big computation (CPython checks for
    signals as it goes). Nothing is paid per loop or call: a few system calls a story.
    Nothing to do for the bundled templates, nor where there is no such timer to be had:
    off the main thread (signals go there), on Windows, or while someone else's timer or a
    handler set outside Python has it.
    """
    if (
        not isinstance(env, _Sandboxed)
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0]
        or signal.getsignal(signal.SIGALRM) is None
    ):
        return _NO_TIMER
    return _Timer(env.budget.seconds)


class _Timer:
    """``SIGALRM`` after ``seconds``, then every 0.1 s until disarmed, so a template cannot
    swallow it; the previous handler is put back."""

    __slots__ = ("previous", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous: Any = None

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, self._out_of_time)
        signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.1)

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)

    def _out_of_time(self, signum: int, frame: object) -> None:
        raise TemplateOverBudget(f"still rendering after the time budget of {self.seconds:g} s for one story")


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


def _make(env_cls: type[jinja2.Environment], loader: jinja2.BaseLoader, cache_kind: str) -> jinja2.Environment:
    env = env_cls(
        loader=loader,
        bytecode_cache=_bytecode_cache(cache_kind),
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
        return _make(_Bundled, ours, cache_kind="-bundled")
    newsroom = _NewsroomLoader(Path(user_dir))
    loader = jinja2.ChoiceLoader([newsroom, jinja2.PrefixLoader({"default": ours}, delimiter=":"), ours])
    env = _make(_Sandboxed, loader, cache_kind="-sandbox")
    env.budget = Budget.from_environ()  # type: ignore[attr-defined]
    return env
