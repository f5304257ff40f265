"""Stories as WordPress drafts, through the REST API's posts endpoints.

The requests, each authenticated with HTTP Basic auth and an application password:

- ``POST /wp-json/wp/v2/posts``: a new draft (``status: draft``, title, content, excerpt, slug);
- ``GET /wp-json/wp/v2/posts/ID?context=edit``: before an update, whether the post is still
  there, still a draft, and as newsgen left it;
- ``POST /wp-json/wp/v2/posts/ID``: the new title, content and excerpt. ``status`` is never
  sent with an update, so newsgen cannot publish a post, nor take a published one down.

A site whose permalinks are plain answers the same routes at ``/?rest_route=/wp/v2/posts``
(give the address with ``?rest_route=``). Which post holds each story is kept in a
:class:`~newsgen.publish.state.PublishState`; a story whose text has not changed since it
was sent is not sent again.

Written against WordPress's REST API reference and tested against a local stand-in server
(tests/wordpress_stub.py) that implements these routes, not against a live WordPress.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import json
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from newsgen import __version__
from newsgen.errors import PublishError, RequestError
from newsgen.outputs.text import html_body
from newsgen.publish.state import PostRecord, PublishState
from newsgen.story import Story

if TYPE_CHECKING:
    import httpx

ROUTE = "/wp/v2/posts"
#: statuses newsgen may overwrite: the post has not gone out
EDITABLE = frozenset({"draft", "pending", "auto-draft"})
_STATUS_WORDS = {"publish": "published", "future": "scheduled", "private": "published privately"}
_LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True, slots=True)
class Site:
    """Where a WordPress site's REST API answers."""

    #: scheme, host and any folder the site lives in, no trailing slash ("https://example.com/news")
    root: str
    #: the routes as ``?rest_route=`` (permalinks off) rather than under ``/wp-json``
    plain: bool = False

    @classmethod
    def parse(cls, url: str) -> Site:
        """The site at ``url`` (its home page, its ``/wp-json`` or ``/?rest_route=/``).

        Refuses plain ``http://`` to any host but this machine: the application password
        would cross the network readable (WordPress refuses application passwords without
        HTTPS anyway, outside a local install)."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RequestError(
                f"--url {url!r} is not a web address", hint="give the site's address, e.g. --url https://news.example"
            )
        if parts.username or parts.password:
            raise RequestError(
                f"--url {parts.hostname}: a user name or password in the address is not used",
                hint="give the user with --user and the application password in the environment (--password-env)",
            )
        if parts.scheme == "http" and not _loopback(parts.hostname):
            raise RequestError(
                f"--url {url!r}: plain http would send the application password unencrypted",
                hint=f"use https://{parts.netloc}{parts.path} "
                "(WordPress accepts application passwords only over HTTPS)",
            )
        path = parts.path.rstrip("/")
        if path.endswith("/wp-json"):
            path = path[: -len("/wp-json")]
        plain = "rest_route" in parse_qs(parts.query, keep_blank_values=True)
        return cls(f"{parts.scheme}://{parts.netloc.lower()}{path}", plain)

    def endpoint(self, route: str) -> tuple[str, dict[str, str]]:
        """The URL and query parameters for a REST route such as ``/wp/v2/posts/12``."""
        if self.plain:
            return f"{self.root}/", {"rest_route": route}
        return f"{self.root}/wp-json{route}", {}

    def plain_hint(self) -> str:
        return f"if its permalinks are plain, give --url '{self.root}/?rest_route=/'"


def _loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@functools.cache
def _tls() -> ssl.SSLContext:
    """The certificates httpx checks by default (certifi's), loaded once a process: loading
    them takes about 0.15 s, and a process may make more than one client."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def digest(*texts: str) -> str:
    """sha256 of the texts, kept apart (``("ab", "c")`` and ``("a", "bc")`` differ)."""
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Post:
    """A WordPress post as the API returns it (``context=edit``)."""

    id: int
    status: str
    link: str
    #: sha256 of the raw title, content and excerpt WordPress keeps
    fingerprint: str

    @classmethod
    def from_json(cls, data: Any) -> Post:
        if not isinstance(data, dict) or not isinstance(data.get("id"), int):
            raise ValueError("not a WordPress post")

        def raw(name: str) -> str:
            value = data.get(name)
            if isinstance(value, dict):
                value = value.get("raw", value.get("rendered", ""))
            return value if isinstance(value, str) else ""

        return cls(
            id=data["id"],
            status=str(data.get("status", "")),
            link=str(data.get("link", "")),
            fingerprint=digest(raw("title"), raw("content"), raw("excerpt")),
        )


def draft_fields(story: Story) -> dict[str, str]:
    """What a post is made of: the headline, the HTML story's body (every value from data
    escaped), the standfirst as the excerpt."""
    return {"title": story.headline, "content": html_body(story), "excerpt": story.standfirst}


def post_slug(story: Story) -> str:
    """The post's address: the story's slug and polling day (``chorley-2024-07-04``), the
    same on every run and different for the seat's next election."""
    return f"{story.slug}-{story.election_date}"


class WordPressClient:
    """The three requests newsgen makes of a WordPress site (see the module's docstring).

    Errors are :class:`PublishError` with one line saying what happened and what to do;
    the password never appears in them (anything the server says is checked for it)."""

    def __init__(
        self,
        site: Site,
        user: str,
        password: str,
        *,
        password_name: str = "the application password",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        self.site = site
        self.user = user
        self.password_name = password_name
        self.timeout = timeout
        self._secrets = {password, password.replace(" ", "")} - {""}
        self._http = httpx.Client(
            auth=httpx.BasicAuth(user, password),
            timeout=timeout,
            follow_redirects=False,
            verify=_tls(),
            headers={"User-Agent": f"newsgen/{__version__}", "Accept": "application/json"},
            transport=transport,
        )

    def __enter__(self) -> WordPressClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def create(self, fields: dict[str, str], slug: str) -> Post:
        """A new draft."""
        data = self._request("POST", ROUTE, body={**fields, "slug": slug, "status": "draft"}, creating=True)
        return self._post(data)

    def get(self, post_id: int) -> Post | None:
        """The post, or None when WordPress has no post of that id (deleted for good)."""
        data = self._request("GET", f"{ROUTE}/{post_id}", params={"context": "edit"}, missing_ok=True)
        return None if data is None else self._post(data)

    def update(self, post_id: int, fields: dict[str, str]) -> Post:
        """New title, content and excerpt for the post; its status is left as it is."""
        return self._post(self._request("POST", f"{ROUTE}/{post_id}", body=fields))

    def _post(self, data: Any) -> Post:
        try:
            return Post.from_json(data)
        except ValueError:
            raise PublishError(
                f"{self.site.root}: the answer is not a WordPress post",
                hint=f"check --url is the WordPress site; {self.site.plain_hint()}",
                site_wide=True,
            ) from None

    def _request(
        self,
        method: str,
        route: str,
        *,
        body: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        creating: bool = False,
        missing_ok: bool = False,
    ) -> Any:
        import httpx

        url, query = self.site.endpoint(route)
        where = f"{self.site.root} ({method} {route})"
        try:
            response = self._http.request(method, url, params={**query, **(params or {})}, json=body)
        except httpx.TimeoutException:
            maybe = " (the draft may have been made anyway: check for a duplicate)" if creating else ""
            raise PublishError(
                f"{where}: no answer within {self.timeout:g} s{maybe}",
                hint="run again when the site is less busy (stories already sent are not sent again), "
                "or wait longer with --timeout",
            ) from None
        except httpx.ConnectError as exc:
            raise PublishError(
                f"{self.site.root}: cannot connect ({self._clean(str(exc)) or type(exc).__name__})",
                hint="check --url and this machine's connection to the site",
                site_wide=True,
            ) from None
        except httpx.HTTPError as exc:
            raise PublishError(f"{where}: {self._clean(str(exc)) or type(exc).__name__}") from None
        status = response.status_code
        data = self._json(response)
        if 200 <= status < 300:
            if data is None:
                raise PublishError(
                    f"{where}: the answer is not WordPress's REST API (not JSON)",
                    hint=f"check --url is the WordPress site; {self.site.plain_hint()}",
                    site_wide=True,
                )
            return data
        code, said = self._said(data)
        if 300 <= status < 400:
            raise PublishError(
                f"{where}: the site redirects to {self._clean(response.headers.get('location', '?'))}",
                hint="give that address's site as --url (newsgen does not follow redirects with a password)",
                site_wide=True,
            )
        if status == 401:
            raise PublishError(
                f"{self.site.root}: WordPress refused user {self.user!r} with {self.password_name} ({said})",
                hint=f"check --user and {self.password_name}: an application password made for that user "
                "(Users > Profile > Application Passwords), not the user's login password",
                site_wide=True,
            )
        if status == 403:
            raise PublishError(
                f"{where}: user {self.user!r} is not allowed to {'create posts' if creating else 'edit this post'} "
                f"({said})",
                hint="give the user a role that may write posts (Author, Editor)"
                if creating
                else "let the user edit it (an Editor may edit others' posts), or write with its author's user",
                site_wide=creating,
            )
        if status == 404:
            if missing_ok and code == "rest_post_invalid_id":
                return None
            if code == "rest_post_invalid_id":
                raise PublishError(f"{where}: WordPress has no such post ({said})")
            raise PublishError(
                f"{where}: not found (404): not a WordPress site, or its REST API is off",
                hint=f"check --url; {self.site.plain_hint()}",
                site_wide=True,
            )
        if status >= 500:
            raise PublishError(
                f"{where}: the site failed ({status}{': ' + said if data is not None else ''})",
                hint="run again later (stories already sent are not sent again); the site's error log says why",
            )
        raise PublishError(f"{where}: WordPress refused the story ({status}: {said})")

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        if "json" not in response.headers.get("content-type", ""):
            return None
        try:
            return response.json()
        except ValueError:
            return None

    def _said(self, data: Any) -> tuple[str, str]:
        """WordPress's error code and message, or ``("", "no explanation")``."""
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            message = data.get("message") if isinstance(data.get("message"), str) else ""
            return data["code"], self._clean(f"{data['code']}: {message}" if message else data["code"])
        return "", "no explanation"

    def _clean(self, text: str) -> str:
        """What the server or the network said, on one line, never holding the password."""
        for secret in self._secrets:
            text = text.replace(secret, "[password]")
        text = " ".join(text.split())
        return text if len(text) <= 200 else text[:199] + "…"


# -- publishing ---------------------------------------------------------------------------

#: what happened to a story: ``created``, ``updated``, ``recreated`` (its post was gone),
#: ``unchanged`` (nothing sent), ``held`` (its post is published, or was edited in WordPress),
#: ``failed``, ``skipped`` (not tried: the site failed for every story)
ACTIONS = ("created", "updated", "recreated", "unchanged", "held", "failed", "skipped")


@dataclass(frozen=True, slots=True)
class Outcome:
    story_id: str
    name: str
    action: str
    post: int | None = None
    link: str = ""
    message: str = ""


@dataclass
class PublishReport:
    site: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def ok(self) -> bool:
        """Every story is in WordPress as newsgen last wrote it."""
        return not any(o.action in ("held", "failed", "skipped") for o in self.outcomes)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(a)} {a}" for a in ACTIONS if self.count(a) or a in ("created", "failed"))
        return f"{len(self.outcomes)} stories to {self.site}: {counts}"


def story_name(story: Story) -> str:
    """What the desk calls the story: its seat, or for an area story the seats' slug."""
    return story.seats[0] if story.kind == "seat" and story.seats else story.slug


def publish_stories(
    stories: Iterable[Story],
    client: WordPressClient,
    state: PublishState,
    *,
    now: Callable[[], str] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    report: PublishReport | None = None,
) -> PublishReport:
    """Each story as a WordPress draft: made the first time, updated when its text changed,
    made again when its post was deleted; never a published post, nor one edited in WordPress
    since newsgen wrote it (those are ``held``). One story's failure does not stop the others;
    a failure that every story would meet (see :class:`PublishError`) stops the run, and the
    stories not tried are ``skipped``. ``on_outcome`` is called after each story."""
    from newsgen.outputs.ninjs import now_utc

    clock = now or now_utc
    report = report or PublishReport(client.site.root)
    stopped: PublishError | None = None
    for story in stories:
        if stopped is not None:
            outcome = Outcome(story.id, story_name(story), "skipped", message="not tried: the site failed (above)")
        else:
            try:
                outcome = _publish_one(story, client, state, clock)
            except PublishError as exc:
                reason = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
                outcome = Outcome(story.id, story_name(story), "failed", message=reason)
                if exc.site_wide:
                    stopped = exc
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return report


def _publish_one(story: Story, client: WordPressClient, state: PublishState, clock: Callable[[], str]) -> Outcome:
    site = client.site.root
    fields = draft_fields(story)
    sent = digest(fields["title"], fields["content"], fields["excerpt"])
    name = story_name(story)
    record = state.get(site, story.id)

    def remember(post: Post, slug: str) -> None:
        state.remember(site, story.id, PostRecord(post.id, post.link, slug, sent, post.fingerprint, clock()))

    if record is not None and record.sent == sent:
        return Outcome(story.id, name, "unchanged", record.post, record.link)
    if record is None:
        post = client.create(fields, post_slug(story))
        remember(post, post_slug(story))
        return Outcome(story.id, name, "created", post.id, post.link)
    current = client.get(record.post)
    if current is None or current.status == "trash":
        gone = "is no longer in WordPress" if current is None else "is in WordPress's bin"
        post = client.create(fields, record.slug)
        remember(post, record.slug)
        return Outcome(story.id, name, "recreated", post.id, post.link, f"post {record.post} {gone}: made a new draft")
    if current.status not in EDITABLE:
        was = _STATUS_WORDS.get(current.status, f"'{current.status}'")
        return Outcome(
            story.id,
            name,
            "held",
            current.id,
            current.link,
            f"post {current.id} is {was}: newsgen writes drafts only, so this change is not sent; make it in WordPress",
        )
    if current.fingerprint != record.stored:
        return Outcome(
            story.id,
            name,
            "held",
            current.id,
            current.link,
            f"post {current.id} was edited in WordPress since newsgen wrote it: not overwritten "
            "(to take newsgen's new version, move the post to the bin and run again)",
        )
    post = client.update(record.post, fields)
    remember(post, record.slug)
    return Outcome(story.id, name, "updated", post.id, post.link)
