"""A stand-in for WordPress's REST API posts endpoints, in a thread of the test process.

It answers what ``newsgen publish wordpress`` asks, shaped as WordPress answers it (the
post in ``context=edit``: id, status, slug, link, modified_gmt, title/content/excerpt
with ``raw`` and ``rendered``; errors as ``{"code", "message", "data": {"status"}}``):

- ``POST /wp-json/wp/v2/posts``: 201 and the new post;
- ``GET /wp-json/wp/v2/posts/ID``: the post, or 404 ``rest_post_invalid_id``;
- ``POST /wp-json/wp/v2/posts/ID``: 200 and the post updated;
- the same at ``/?rest_route=/wp/v2/posts...``; any other route 404 ``rest_no_route``.

Every request needs HTTP Basic auth with the stub's user and application password (401
``invalid_username`` or ``incorrect_password`` otherwise). Like WordPress for a user
without ``unfiltered_html``, it stores content with numeric entities padded
(``&#39;`` kept as ``&#039;``), so what it keeps is not byte for byte what was sent.

Told to fail: ``pretty_permalinks = False`` (``/wp-json/...`` is the site's HTML 404 page,
``?rest_route=`` still works), ``fail[slug] = status`` (that story's requests answer the
status), ``delay[slug] = seconds`` (that story's requests answer late). Not WordPress:
no users, roles, revisions, autosaves, terms or meta.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_ROUTE = re.compile(r"^/wp/v2/posts(?:/(\d+))?/?$")


@dataclass
class StubWordPress:
    user: str
    password: str
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: (method, route, JSON body or None) of every request, in order
    requests: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)
    pretty_permalinks: bool = True
    fail: dict[str, int] = field(default_factory=dict)
    delay: dict[str, float] = field(default_factory=dict)
    url: str = ""
    _next_id: int = 100
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @contextlib.contextmanager
    def running(self) -> Iterator[StubWordPress]:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.stub = self  # type: ignore[attr-defined]
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
            thread.join()

    # -- what an editor does in WordPress ---------------------------------------------------

    def delete(self, post_id: int) -> None:
        """Deleted for good (emptied from the bin)."""
        del self.posts[post_id]

    def edit(self, post_id: int, **fields: str) -> None:
        """An editor's change in WordPress: title, content or excerpt, or status."""
        post = self.posts[post_id]
        for name, value in fields.items():
            if name == "status":
                post["status"] = value
            else:
                post[name] = {**post[name], "raw": value, "rendered": value}
        post["modified_gmt"] = _now()

    # -- the API -----------------------------------------------------------------------------

    def answer(self, method: str, route: str, body: dict[str, Any] | None) -> tuple[int, Any]:
        match = _ROUTE.match(route)
        if match is None:
            return 404, _error("rest_no_route", "No route was found matching the URL and request method.", 404)
        post_id = int(match.group(1)) if match.group(1) else None
        with self._lock:
            if post_id is None:
                if method != "POST":
                    return 404, _error("rest_no_route", "No route was found matching the URL and request method.", 404)
                return 201, self._create(body or {})
            post = self.posts.get(post_id)
            if post is None:
                return 404, _error("rest_post_invalid_id", "Invalid post ID.", 404)
            if method == "GET":
                return 200, post
            return 200, self._update(post, body or {})

    def slug_of(self, route: str, body: dict[str, Any] | None) -> str:
        """The slug of the story a request is about (for ``fail`` and ``delay``)."""
        if body and "slug" in body:
            return str(body["slug"])
        match = _ROUTE.match(route)
        if match and match.group(1) and int(match.group(1)) in self.posts:
            return str(self.posts[int(match.group(1))]["slug"])
        return ""

    def _create(self, body: dict[str, Any]) -> dict[str, Any]:
        self._next_id += 1
        post_id = self._next_id
        post = {
            "id": post_id,
            "date": None,
            "date_gmt": None,
            "modified_gmt": _now(),
            "slug": body.get("slug", ""),
            "status": body.get("status", "draft"),
            "type": "post",
            "link": f"{self.url}/?p={post_id}",
            "guid": {"raw": f"{self.url}/?p={post_id}", "rendered": f"{self.url}/?p={post_id}"},
            "title": {"raw": "", "rendered": ""},
            "content": {"raw": "", "rendered": "", "protected": False, "block_version": 0},
            "excerpt": {"raw": "", "rendered": "", "protected": False},
            "author": 1,
        }
        self.posts[post_id] = post
        return self._update(post, body)

    def _update(self, post: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        for name in ("title", "content", "excerpt"):
            if name in body:
                raw = _kses(str(body[name]))
                post[name] = {**post[name], "raw": raw, "rendered": raw}
        if "status" in body:
            post["status"] = body["status"]
        post["modified_gmt"] = _now()
        return post


def _kses(text: str) -> str:
    """WordPress's ``wp_kses_normalize_entities``, for numeric entities: ``&#39;`` -> ``&#039;``."""
    return re.sub(r"&#0*(\d+);", lambda m: f"&#{int(m.group(1)):03d};", text)


def _error(code: str, message: str, status: int) -> dict[str, Any]:
    return {"code": code, "message": message, "data": {"status": status}}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())


class _Handler(BaseHTTPRequestHandler):
    server_version = "StubWordPress/1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        stub: StubWordPress = self.server.stub  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        if "rest_route" in query and parts.path in ("", "/"):
            route = query["rest_route"][0]
        elif parts.path.startswith("/wp-json/") and stub.pretty_permalinks:
            route = parts.path[len("/wp-json") :]
        else:
            self._send(404, b"<!doctype html><title>Page not found</title><h1>Not found</h1>", "text/html")
            return
        stub.requests.append((method, route, body))
        status = self._auth(stub)
        if status is not None:
            self._json(*status)
            return
        slug = stub.slug_of(route, body)
        if slug in stub.delay:
            time.sleep(stub.delay[slug])
        if slug in stub.fail:
            code = stub.fail[slug]
            self._json(code, _error("internal_server_error", "There has been a critical error on this website.", code))
            return
        self._json(*stub.answer(method, route, body))

    def _auth(self, stub: StubWordPress) -> tuple[int, Any] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return 401, _error("rest_cannot_create", "Sorry, you are not allowed to create posts as this user.", 401)
        user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        if user != stub.user:
            return 401, _error("invalid_username", "Unknown username. Check again or try your email address.", 401)
        if password.replace(" ", "") != stub.password.replace(" ", ""):
            return 401, _error("incorrect_password", "The provided password is an invalid application password.", 401)
        return None

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode("utf-8"), "application/json; charset=UTF-8")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
