"""Request hygiene for a server that edits a newsroom's output.

- POSTs must come from a page of this server: their ``Origin`` (or, failing that,
  ``Referer``) must match the request's own scheme and host. That stops another
  site's page from submitting forms to the editor's local server.
- Every response carries a strict Content-Security-Policy (our own scripts and
  styles only), ``nosniff`` and no framing, plus a ``Server-Timing`` header with the
  time the app spent on it (read by ``bench/bench_serve.py``).
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def same_origin(request: Request) -> bool:
    """True if the request says it comes from this server's own pages."""
    own = (request.url.scheme, request.url.netloc.lower())
    origin = request.headers.get("origin")
    if origin is not None:
        if origin == "null":
            return False
        parts = urlsplit(origin)
        return (parts.scheme, parts.netloc.lower()) == own
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return (parts.scheme, parts.netloc.lower()) == own
    return False


class SecurityHeaders:
    """ASGI middleware: the headers above, and Server-Timing: app;dur=<ms>."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - started) * 1000
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"server-timing"]
                headers += _HEADERS
                headers.append((b"server-timing", f"app;dur={elapsed:.2f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
