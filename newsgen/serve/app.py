"""The editors' preview: a small Starlette app over a loaded Dataset and a ChoiceStore.

Routes::

    GET  /                              seat list, with filters (?q= &region= &party= &angle= ...)
    GET  /story/{id}                    seat (or area) page; ?draft=1&lead=&drop=&style= previews choices
    GET  /story/{id}/draft              just the draft panel (the page's script swaps it in)
    POST /story/{id}/approve            save lead, dropped angles, style, note, editor
    POST /story/{id}/reset              back to the engine's choice
    GET  /story/{id}/export/{fmt}       md, html or ninjs: the bytes ``newsgen story --db`` writes

The handlers are ``async`` and do their (few-millisecond) work inline, so the Dataset
is only ever used from the event loop's thread. Pages are the project's Jinja
templates under ``templates/serve/``, autoescaped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from newsgen import __version__
from newsgen.choices import Choice, ChoiceStore
from newsgen.errors import ChoicesDbError, NewsgenError
from newsgen.options import NONE as NO_OPTIONS
from newsgen.options import StoryOptions
from newsgen.outputs import render
from newsgen.outputs.charts import inline_charts
from newsgen.pipeline import Dataset
from newsgen.render.environment import get_environment
from newsgen.render.style import STYLES
from newsgen.resources import templates_dir
from newsgen.serve.catalogue import Catalogue, Filters, StoryRow
from newsgen.serve.drafts import (
    CANDIDATE_COLUMNS,
    MEDIA_TYPES,
    Draft,
    candidate_rows,
    compare,
    evidence_rows,
    export_formats,
    fact_rows,
    render_draft,
)
from newsgen.serve.security import SecurityHeaders, same_origin
from newsgen.story import Story

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
log = logging.getLogger("newsgen.serve")


def host_patterns(hosts: Sequence[str]) -> list[str]:
    """The Host-header names to accept for these addresses: an IPv6 address arrives in
    brackets ("[fd00::5]:8000"), and Starlette compares the bracketed form."""
    out: list[str] = []
    for host in hosts:
        out.append(host)
        if ":" in host and not host.startswith("["):
            out.append(f"[{host}]")
    return list(dict.fromkeys(out))


NOTE_LIMIT = 4000
EDITOR_LIMIT = 200


class Preview:
    """State shared by the handlers: the data, the choices database, the seat list."""

    def __init__(self, dataset: Dataset, db: str | Path, defaults: StoryOptions = NO_OPTIONS) -> None:
        self.dataset = dataset
        #: the newsroom's style, lead and dropped angles (--style, newsgen.toml), under each saved choice
        self.defaults = defaults
        self.db = Path(db)
        self.store = ChoiceStore(self.db)
        self.store.all()  # create the database now, and fail early if it is not one
        self.catalogue = Catalogue(dataset)
        self.env = get_environment()

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(f"serve/{name}").render(version=__version__, db=str(self.db), **context)
        return HTMLResponse(html, status_code=status)

    def row_or_404(self, story_id: str) -> StoryRow:
        row = self.catalogue.get(story_id)
        if row is None:
            raise _NotFound(story_id)
        return row

    # -- the two stories -------------------------------------------------------------
    def published(self, row: StoryRow) -> tuple[Story, str | None]:
        """What the batch writes now; falls back to the engine's if a saved choice broke."""
        try:
            return self.dataset.story(list(row.seats), choices_db=self.db, defaults=self.defaults), None
        except NewsgenError as exc:
            warning = (
                f"The saved choice no longer applies ({exc.message}); showing the engine's choice. "
                "Reset or approve again."
            )
            return self.dataset.story(list(row.seats), defaults=self.defaults), warning

    def seat_context(self, row: StoryRow, params: QueryParams) -> dict[str, Any]:
        saved = self.store.get(row.id)
        published, warning = self.published(row)
        saved_draft = Draft() if warning else Draft.from_choice(saved)  # the controls start at what publishes
        error = None
        draft = saved_draft
        if "draft" in params:
            try:
                draft = Draft.from_params(params.get("lead"), params.getlist("drop"), params.get("style"))
            except NewsgenError as exc:
                error = str(exc)
        story = published
        if draft != saved_draft:
            try:
                story = render_draft(self.dataset, row.seats, draft, self.defaults)
            except NewsgenError as exc:
                error = str(exc)
        _, ranked, _, _ = self.dataset.angles(list(row.seats))
        seen: set[str] = set()
        angles = []
        for angle in ranked:
            first = angle.id not in seen
            seen.add(angle.id)
            angles.append(
                {
                    "id": angle.id,
                    "score": angle.score,
                    "reason": angle.reason,
                    "seats": angle.seats,
                    "evidence": evidence_rows(angle.evidence),
                    "controls": first,
                    "lead": angle.id == story.lead and first,
                    "chosen": angle.id == draft.lead,
                    "dropped": angle.id in draft.dropped,
                }
            )
        return {
            "row": row,
            "saved": saved,
            "draft": draft,
            "story": story,
            "charts": inline_charts(story),
            "published": published,
            "changes": compare(published, story),
            "error": error,
            "warning": warning,
            "angles": angles,
            "styles": list(STYLES.values()),
            "exports": export_formats(),
            "seat_facts": [
                {"name": f["seat_name"], "rows": fact_rows(f), "candidates": candidate_rows(f)} for f in story.facts
            ],
            "candidate_columns": CANDIDATE_COLUMNS,
            "flash": _flash(params),
        }


class _NotFound(Exception):
    pass


def _flash(params: QueryParams) -> str | None:
    if "saved" in params:
        return "Approved: the choice is saved, and newsgen story/batch with this database will use it."
    if "reset" in params:
        return "Reset: the story is back to the engine's choice."
    return None


def create_app(
    dataset: Dataset,
    db: str | Path,
    *,
    allowed_hosts: Sequence[str] | None = None,
    defaults: StoryOptions = NO_OPTIONS,
) -> Starlette:
    """The preview app. ``allowed_hosts`` defaults to the loopback names (a DNS-rebinding guard);
    ``defaults`` are the newsroom's style, lead and dropped angles, under each story's saved choice."""
    preview = Preview(dataset, db, defaults)

    async def seat_list(request: Request) -> Response:
        filters = Filters.from_query(request.query_params)
        choices = preview.store.all()
        areas, seats = preview.catalogue.listing(filters, choices)
        return preview.page(
            "list.html.j2",
            filters=filters,
            areas=areas,
            seats=seats,
            total=len(preview.catalogue.rows),
            approved=sum(1 for k in choices if preview.catalogue.get(k) is not None),
            regions=preview.catalogue.regions,
            parties=preview.catalogue.parties,
            angle_ids=preview.catalogue.angle_ids,
            area_errors=preview.catalogue.area_errors,
        )

    async def seat_page(request: Request) -> Response:
        row = preview.row_or_404(request.path_params["story_id"])
        context = preview.seat_context(row, request.query_params)
        return preview.page("seat.html.j2", status=422 if context["error"] else 200, **context)

    async def draft_panel(request: Request) -> Response:
        row = preview.row_or_404(request.path_params["story_id"])
        context = preview.seat_context(row, request.query_params)
        return preview.page("_draft.html.j2", status=422 if context["error"] else 200, **context)

    async def approve(request: Request) -> Response:
        row = preview.row_or_404(request.path_params["story_id"])
        if not same_origin(request):
            return PlainTextResponse("Forbidden: this form must be sent from the preview's own page.", status_code=403)
        form = await request.form()
        params = QueryParams(
            [("draft", "1")]
            + [(k, v) for k, v in form.multi_items() if isinstance(v, str) and k in ("lead", "drop", "style")]
        )
        try:
            draft = Draft.from_params(
                _text(form.get("lead")),
                [v for v in form.getlist("drop") if isinstance(v, str)],
                _text(form.get("style")),
            )
            render_draft(preview.dataset, row.seats, draft, preview.defaults)  # refuse a choice the story cannot take
        except NewsgenError:
            context = preview.seat_context(row, params)
            return preview.page("seat.html.j2", status=422, **context)
        try:
            preview.store.save(
                Choice(
                    story_id=row.id,
                    lead=draft.lead,
                    dropped=draft.dropped,
                    style=draft.style,
                    note=(_text(form.get("note")) or "")[:NOTE_LIMIT],
                    editor=(_text(form.get("editor")) or "").strip()[:EDITOR_LIMIT],
                )
            )
        except ChoicesDbError as exc:  # read-only, locked or gone: tell the editor, keep their choices on the page
            return not_saved("Not approved", row, params, exc)
        return RedirectResponse(f"/story/{row.id}?saved=1", status_code=303)

    async def reset(request: Request) -> Response:
        row = preview.row_or_404(request.path_params["story_id"])
        if not same_origin(request):
            return PlainTextResponse("Forbidden: this form must be sent from the preview's own page.", status_code=403)
        form = await request.form()
        try:
            preview.store.reset(row.id, editor=(_text(form.get("editor")) or "")[:EDITOR_LIMIT])
        except ChoicesDbError as exc:
            return not_saved("Not reset", row, QueryParams(), exc)
        return RedirectResponse(f"/story/{row.id}?reset=1", status_code=303)

    def not_saved(what: str, row: StoryRow, params: QueryParams, exc: ChoicesDbError) -> Response:
        """503 and the seat page saying why the database refused the change (also logged)."""
        log.error("%s %s: %s", what, row.id, exc)
        problem = f"{what}: {exc.message}." + (f" How to fix: {exc.hint}." if exc.hint else "")
        try:
            context = preview.seat_context(row, params)
        except NewsgenError:  # the database cannot even be read
            return preview.page("problem.html.j2", status=503, problem=problem)
        return preview.page("seat.html.j2", status=503, **(context | {"error": problem}))

    async def export(request: Request) -> Response:
        row = preview.row_or_404(request.path_params["story_id"])
        fmt = request.path_params["fmt"]
        available = dict(export_formats())
        if fmt not in available:
            return PlainTextResponse(f"No {fmt!r} export in this install.", status_code=404)
        try:
            story = preview.dataset.story(list(row.seats), choices_db=preview.db, defaults=preview.defaults)
        except NewsgenError as exc:
            return PlainTextResponse(f"Cannot export: {exc}", status_code=409)
        body = render(story, fmt).encode("utf-8")
        disposition = "inline" if "inline" in request.query_params else "attachment"
        return Response(
            body,
            media_type=MEDIA_TYPES[fmt],
            headers={"content-disposition": f'{disposition}; filename="{story.slug}.{available[fmt]}"'},
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        return preview.page("missing.html.j2", status=404, story_id=str(exc) or request.url.path)

    async def cannot_write(request: Request, exc: Exception) -> Response:
        # even the engine's version of this story failed (e.g. the verifier refused it)
        return preview.page("problem.html.j2", status=500, problem=str(exc))

    hosts = host_patterns(allowed_hosts) if allowed_hosts is not None else LOOPBACK_HOSTS
    routes = [
        Route("/", seat_list),
        Route("/story/{story_id}", seat_page),
        Route("/story/{story_id}/draft", draft_panel),
        Route("/story/{story_id}/approve", approve, methods=["POST"]),
        Route("/story/{story_id}/reset", reset, methods=["POST"]),
        Route("/story/{story_id}/export/{fmt}", export),
        Mount("/static", StaticFiles(directory=templates_dir() / "serve" / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
        exception_handlers={_NotFound: not_found, NewsgenError: cannot_write},
    )
    app.state.preview = preview
    return app


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
