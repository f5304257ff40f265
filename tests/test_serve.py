"""The editors' preview over HTTP (Starlette's TestClient): pages, choices, exports, safety."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import python_multipart  # noqa: F401  (the approve and reset forms need it: the serve extra)
from markupsafe import escape

with warnings.catch_warnings():  # Starlette nudges TestClient users towards httpx2
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from newsgen import resources
from newsgen.batch import run_batch
from newsgen.choices import ChoiceStore
from newsgen.cli.serve import allowed_hosts
from newsgen.outputs import render
from newsgen.pipeline import Dataset
from newsgen.serve import create_app
from newsgen.serve.drafts import diff_stories, export_formats

SW = "E14001502"  # Southend West and Leigh
SE = "E14001501"  # Southend East and Rochford
ORIGIN = {"origin": "http://testserver"}
ROW = re.compile(r'<tr data-id="([^"]+)"')
#: (format, file extension) of every export the preview offers: README, docs/preview.md
EXPORTS = [("md", "md"), ("html", "html"), ("ninjs", "ninjs.json"), ("svg", "svg")]
SERVER_TIMING = re.compile(r"app;dur=\d+\.\d\d")


def esc(text: str) -> str:
    """As the pages' autoescaping writes it."""
    return str(escape(text))


def _client(dataset: Dataset, db: Path, **kwargs: object) -> TestClient:
    return TestClient(create_app(dataset, db, allowed_hosts=["testserver"]), **kwargs)  # type: ignore[arg-type]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "choices.sqlite3"


@pytest.fixture()
def client(southend_dataset: Dataset, db: Path) -> Iterator[TestClient]:
    with _client(southend_dataset, db) as c:
        yield c


def _seat_rows(page: str) -> list[str]:
    seats = page.split('id="seats"', 1)[1]
    return ROW.findall(seats)


# -- the seat list ---------------------------------------------------------------------------
def test_seat_list_has_every_seat_result_line_lead_and_the_area(client: TestClient, southend_dataset: Dataset) -> None:
    page = client.get("/")
    assert page.status_code == 200
    rows = _seat_rows(page.text)
    assert len(rows) == len(southend_dataset.seat_names) == 650
    assert "Lab gain from Con, majority 1,949" in page.text
    assert f'href="/story/{SE}+{SW}"' in page.text  # the Southend area story from the context file
    row = page.text.split(f'<tr data-id="{SW}"', 1)[1].split("</tr>", 1)[0]
    assert "<code>historic_first</code>" in row and "engine" in row


def _expected(dataset: Dataset, keep) -> set[str]:  # type: ignore[no-untyped-def]
    out = set()
    for name in dataset.seat_names:
        facts, ranked, _, _ = dataset.angles([name])
        if keep(facts[0], [a.id for a in ranked]):
            out.add(facts[0].seat_id)
    return out


def test_filter_by_angle_majority_party_region_and_name(client: TestClient, southend_dataset: Dataset) -> None:
    firsts = set(_seat_rows(client.get("/?angle=historic_first").text))
    assert firsts == _expected(southend_dataset, lambda f, ids: "historic_first" in ids)
    assert SW in firsts and 0 < len(firsts) < 650

    ousted = set(_seat_rows(client.get("/?angle=ousted_incumbent").text))
    assert ousted == _expected(southend_dataset, lambda f, ids: bool(f.defeated_mps) and "ousted_incumbent" in ids)

    narrow = set(_seat_rows(client.get("/?max_majority=500").text))
    assert narrow == _expected(southend_dataset, lambda f, ids: f.majority < 500)

    greens = set(_seat_rows(client.get("/?party=Green&region=South+West").text))
    assert greens == _expected(
        southend_dataset, lambda f, ids: f.winning_party.code == "Green" and f.region == "South West"
    )

    page = client.get("/?q=southend").text
    assert set(_seat_rows(page)) == {SW, SE}
    assert f'href="/story/{SE}+{SW}"' in page
    assert _seat_rows(client.get("/?q=no+such+place").text) == []


def test_every_page_type_carries_a_well_formed_server_timing_header(client: TestClient) -> None:
    # speed itself is measured by bench/, never asserted in a test: this checks the header is there
    pages = {
        "list": client.get("/"),
        "filtered list": client.get("/?angle=historic_first"),
        "seat": client.get(f"/story/{SW}"),
        "area": client.get(f"/story/{SE}+{SW}"),
        "draft": client.get(f"/story/{SW}/draft", params={"draft": "1", "lead": "third_place_battle"}),
        "refused draft": client.get(f"/story/{SW}/draft", params={"draft": "1", "lead": "landslide"}),
        "export": client.get(f"/story/{SW}/export/md"),
        "missing": client.get("/story/E99999999"),
        "static": client.get("/static/preview.js"),
        "approve": client.post(f"/story/{SW}/approve", data=APPROVE, headers=ORIGIN, follow_redirects=False),
    }
    for kind, page in pages.items():
        assert page.status_code in (200, 303, 404, 422), (kind, page.status_code)
        timing = page.headers.get_list("server-timing")
        assert len(timing) == 1, (kind, timing)  # one, the middleware's: never a duplicate
        assert SERVER_TIMING.fullmatch(timing[0]), (kind, timing)


# -- the seat page ---------------------------------------------------------------------------
def test_seat_page_shows_story_ranked_angles_facts_templates(client: TestClient, southend_dataset: Dataset) -> None:
    story = southend_dataset.story(["Southend West and Leigh"])
    page = client.get(f"/story/{SW}")
    assert page.status_code == 200
    text = page.text
    assert esc(story.headline) in text
    assert f'<p class="lede" id="lede">{esc(story.paragraphs[0])}</p>' in text
    _, ranked, _, _ = southend_dataset.angles(["Southend West and Leigh"])
    positions = [text.index(f'data-angle="{a.id}"') for a in ranked]
    assert positions == sorted(positions)  # in the engine's rank order
    for a in ranked:
        assert esc(a.reason) in text
        assert f'<td class="score">{a.score}</td>' in text
    assert "<dt>previous_majority_share</dt>" in text  # evidence
    assert '<th scope="row">majority</th><td>1949</td>' in text  # facts table
    for t in story.templates:
        assert f"<code>{t}</code>" in text
    assert "Not approved yet" in text
    for fmt, _ in EXPORTS:
        assert f'href="/story/{SW}/export/{fmt}"' in text


def test_draft_rerenders_with_another_lead_and_shows_what_changed(
    client: TestClient, southend_dataset: Dataset
) -> None:
    chosen = southend_dataset.story(["Southend West and Leigh"], lead="third_place_battle", style="bbc")
    for url in (f"/story/{SW}", f"/story/{SW}/draft"):
        page = client.get(url, params={"draft": "1", "lead": "third_place_battle", "style": "bbc"})
        assert page.status_code == 200
        assert f'<p class="lede" id="lede">{esc(chosen.paragraphs[0])}</p>' in page.text
        assert "What changed" in page.text
        assert "<del>historic_first</del> → <ins>third_place_battle</ins>" in page.text
        assert "<del>local</del> → <ins>bbc</ins>" in page.text
    page = client.get(f"/story/{SW}", params={"draft": "1", "lead": "third_place_battle"})
    assert (
        'value="third_place_battle" id="lead-third_place_battle" aria-label="lead on third_place_battle" checked'
        in page.text
    )


def test_dropping_the_lead_promotes_the_next(client: TestClient, southend_dataset: Dataset) -> None:
    expected = southend_dataset.story(["Southend West and Leigh"], dropped=["historic_first"])
    page = client.get(f"/story/{SW}/draft", params={"draft": "1", "drop": "historic_first"})
    assert page.status_code == 200
    assert f'data-lead="{expected.lead}"' in page.text and expected.lead != "historic_first"
    assert "<li>Dropped: <del>historic_first</del></li>" in page.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lead": "landslide"}, "did not fire"),
        ({"lead": "no_such_angle"}, "unknown angle"),
        ({"style": "tabloid"}, "unknown style"),
        ({"lead": "gain", "drop": "gain"}, "did not fire"),
    ],
)
def test_impossible_draft_is_explained(client: TestClient, params: dict[str, str], message: str) -> None:
    page = client.get(f"/story/{SW}/draft", params={"draft": "1", **params})
    assert page.status_code == 422
    assert message in page.text and 'id="draft-error"' in page.text


def test_unknown_story_is_404(client: TestClient) -> None:
    assert client.get("/story/E99999999").status_code == 404
    assert client.get("/story/E99999999/export/md").status_code == 404


def test_area_story_page(client: TestClient, southend_dataset: Dataset) -> None:
    story = southend_dataset.story(["Southend West and Leigh", "Southend East and Rochford"])
    page = client.get(f"/story/{SE}+{SW}")
    assert page.status_code == 200
    assert esc(story.headline) in page.text and 'data-angle="area_sweep"' in page.text


# -- approve, reset, export ------------------------------------------------------------------
APPROVE = {
    "lead": "third_place_battle",
    "drop": "turnout_change",
    "style": "bbc",
    "editor": "Sam Reed",
    "note": "Reform story",
}


def test_approve_needs_our_origin(client: TestClient, db: Path) -> None:
    assert client.post(f"/story/{SW}/approve", data=APPROVE).status_code == 403
    evil = {"origin": "http://evil.example"}
    assert client.post(f"/story/{SW}/approve", data=APPROVE, headers=evil).status_code == 403
    assert client.post(f"/story/{SW}/approve", data=APPROVE, headers={"origin": "null"}).status_code == 403
    assert client.post(f"/story/{SW}/reset", headers=evil).status_code == 403
    assert client.get(f"/story/{SW}/approve").status_code == 405
    assert ChoiceStore(db).get(SW) is None
    # a Referer from our own page is accepted when a client sends no Origin
    ok = client.post(
        f"/story/{SW}/approve",
        data=APPROVE,
        headers={"referer": f"http://testserver/story/{SW}"},
        follow_redirects=False,
    )
    assert ok.status_code == 303


def test_ipv6_loopback_is_served_and_its_pages_may_post(southend_dataset: Dataset, db: Path) -> None:
    # `newsgen serve --host ::1`: the browser sends Host: [::1]:8000 and the same Origin
    app = create_app(southend_dataset, db, allowed_hosts=allowed_hosts("::1"))
    with TestClient(app, base_url="http://[::1]:8000") as ipv6:
        assert ipv6.get("/").status_code == 200
        own = {"origin": "http://[::1]:8000"}
        assert ipv6.post(f"/story/{SW}/approve", data=APPROVE, headers=own, follow_redirects=False).status_code == 303
        evil = {"origin": "http://[::2]:8000"}
        assert ipv6.post(f"/story/{SW}/reset", headers=evil).status_code == 403
    assert ChoiceStore(db).get(SW) is not None


def test_a_non_loopback_ipv6_address_is_its_only_other_host(southend_dataset: Dataset, db: Path) -> None:
    app = create_app(southend_dataset, db, allowed_hosts=allowed_hosts("fd00::5"))
    with TestClient(app, base_url="http://[fd00::5]:8000") as here:
        assert here.get("/").status_code == 200
    with TestClient(app, base_url="http://[fd00::6]:8000") as elsewhere:
        refused = elsewhere.get("/")
        assert refused.status_code == 400
        assert "Invalid host header" in refused.text
    assert allowed_hosts("0.0.0.0") == ["*"]


def test_approve_saves_and_everything_honours_it(
    client: TestClient, southend_dataset: Dataset, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1720137600")  # ninjs carries a time: pin it
    done = client.post(f"/story/{SW}/approve", data=APPROVE, headers=ORIGIN, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/story/{SW}?saved=1"
    saved = ChoiceStore(db).get(SW)
    assert saved is not None
    assert (saved.lead, tuple(saved.dropped), saved.style, saved.editor, saved.note) == (
        "third_place_battle",
        ("turnout_change",),
        "bbc",
        "Sam Reed",
        "Reform story",
    )
    page = client.get(f"/story/{SW}").text  # a reload shows the kept choice
    assert "Approved" in page and "Sam Reed" in page and "Reform story" in page
    assert 'data-lead="third_place_battle"' in page and 'data-style="bbc"' in page
    assert 'id="lead-third_place_battle" aria-label="lead on third_place_battle" checked' in page
    row = client.get("/").text.split(f'<tr data-id="{SW}"', 1)[1].split("</tr>", 1)[0]
    assert "<code>third_place_battle</code>" in row and "approved" in row and "engine: historic_first" in row
    assert SW in _seat_rows(client.get("/?status=approved").text)
    assert SW not in _seat_rows(client.get("/?status=pending").text)

    published = southend_dataset.story(["Southend West and Leigh"], choices_db=db)
    assert published.lead == "third_place_battle"
    for fmt, ext in EXPORTS:
        got = client.get(f"/story/{SW}/export/{fmt}")
        assert got.status_code == 200
        assert got.content == render(published, fmt).encode("utf-8")
        assert f'filename="{published.slug}.{ext}"' in got.headers["content-disposition"]
    assert "Peter Little of Reform UK came third" in client.get(f"/story/{SW}/export/md").text


def test_exports_are_markdown_html_and_ninjs(
    client: TestClient, southend_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert export_formats() == EXPORTS
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1720137600")  # ninjs carries a time: pin it
    story = southend_dataset.story(["Southend West and Leigh"])
    got = client.get(f"/story/{SW}/export/ninjs")
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/json"
    assert f'filename="{story.slug}.ninjs.json"' in got.headers["content-disposition"]
    item = got.json()
    assert item["uri"].endswith(f":{SW}") and item["headline"] == story.headline
    assert item["located"] == "Southend West and Leigh"
    for paragraph in story.paragraphs:
        assert f"<p>{paragraph}</p>" in item["body_html"]
    assert got.content == render(story, "ninjs").encode("utf-8")
    assert client.get(f"/story/{SW}/export/docx").status_code == 404


def test_refused_approval_saves_nothing(client: TestClient, db: Path) -> None:
    got = client.post(f"/story/{SW}/approve", data={"lead": "landslide", "editor": "Sam"}, headers=ORIGIN)
    assert got.status_code == 422 and "did not fire" in got.text
    assert ChoiceStore(db).get(SW) is None


def test_reset_returns_to_the_engine(client: TestClient, southend_dataset: Dataset, db: Path) -> None:
    client.post(f"/story/{SW}/approve", data=APPROVE, headers=ORIGIN)
    assert ChoiceStore(db).get(SW) is not None
    done = client.post(f"/story/{SW}/reset", headers=ORIGIN, follow_redirects=False)
    assert done.status_code == 303
    assert ChoiceStore(db).get(SW) is None
    engine = southend_dataset.story(["Southend West and Leigh"])
    assert client.get(f"/story/{SW}/export/md").content == render(engine, "md").encode()
    assert 'data-lead="historic_first"' in client.get(f"/story/{SW}").text


def test_broken_saved_choice_falls_back_with_a_warning(client: TestClient, db: Path) -> None:
    from newsgen.choices import Choice

    ChoiceStore(db).save(Choice(SW, lead="landslide"))
    page = client.get(f"/story/{SW}")
    assert page.status_code == 200 and "no longer applies" in page.text
    assert client.get(f"/story/{SW}/export/md").status_code == 409


# -- safety ------------------------------------------------------------------------------------
def test_headers_and_host_check(southend_dataset: Dataset, db: Path) -> None:
    with _client(southend_dataset, db) as c:
        page = c.get("/")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["server-timing"].startswith("app;dur=")
        assert c.get("/static/preview.js").status_code == 200
    with _client(southend_dataset, db, base_url="http://rebound.example") as c:
        assert c.get("/").status_code == 400


MARKUP = '<script>alert("pwned")</script>'


@pytest.fixture(scope="module")
def markup_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seat's rows from the bundled results, with markup in the runner-up's name."""
    source = resources.bundled(resources.DEFAULT_RESULTS).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(source)))
    head = rows[0]
    seat, family, given, pos = (
        head.index(c)
        for c in ("Constituency name", "Candidate family name", "Candidate given name", "Candidate result position")
    )
    picked = [r for r in rows[1:] if r[seat] == "Southend West and Leigh"]
    for r in picked:
        if r[pos] == "2":
            r[family], r[given] = MARKUP, "<b>Anna</b>"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([head, *picked])
    path = tmp_path_factory.mktemp("markup") / "markup-results.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_markup_in_a_candidates_name_is_shown_as_text(markup_results: Path, db: Path) -> None:
    dataset = Dataset(results=markup_results)
    assert any(MARKUP in p for p in dataset.story(["Southend West and Leigh"]).paragraphs)  # it reaches the story
    with _client(dataset, db) as c:
        pages = [
            c.get("/"),
            c.get(f"/story/{SW}"),
            c.get(f"/story/{SW}", params={"draft": "1", "lead": "ousted_incumbent"}),
            c.get(f"/story/{SW}/draft", params={"draft": "1", "lead": "third_place_battle"}),
            c.get(f"/story/{SW}/export/html"),
        ]
        for page in pages:
            assert page.status_code == 200
            assert "<script>alert" not in page.text and "<b>Anna</b>" not in page.text
        for page in pages[1:]:  # shown, as text
            assert str(escape(MARKUP)) in page.text and "&lt;b&gt;Anna&lt;/b&gt;" in page.text
        # the editor's own note and name are data too
        c.post(
            f"/story/{SW}/approve",
            data={"editor": "<i>ed</i>", "note": "</textarea><script>x()</script>"},
            headers=ORIGIN,
        )
        page = c.get(f"/story/{SW}").text
        assert "<i>ed</i>" not in page and "<script>x()" not in page and "&lt;/textarea&gt;" in page


def test_word_diff_marks_only_what_changed(southend_dataset: Dataset) -> None:
    a = southend_dataset.story(["Southend West and Leigh"])
    b = southend_dataset.story(["Southend West and Leigh"], style="bbc")
    blocks = diff_stories(a, b)
    changed = [blk for blk in blocks if blk.status != "same"]
    assert changed, "bbc style prints % instead of per cent"
    for blk in changed:
        assert ("del", " per cent") in [(op, t.rstrip()) for op, t in blk.pieces] or any(
            op == "ins" and "%" in t for op, t in blk.pieces
        )
    assert all(blk.status == "same" for blk in diff_stories(a, a))


def test_export_is_what_the_batch_writes(
    client: TestClient, southend_dataset: Dataset, db: Path, tmp_path: Path
) -> None:
    client.post(f"/story/{SW}/approve", data=APPROVE, headers=ORIGIN)
    out = tmp_path / "stories"
    report = run_batch(
        southend_dataset, out, formats=("md", "html"), only=["Southend West and Leigh"], choices_db=str(db)
    )
    assert not report.failed
    for fmt, ext in (("md", "md"), ("html", "html")):
        exported = client.get(f"/story/{SW}/export/{fmt}")
        name = exported.headers["content-disposition"].split('filename="')[1].rstrip('"')
        assert name == f"southend-west-and-leigh.{ext}"
        assert (out / name).read_bytes() == exported.content
    assert "Peter Little of Reform UK came third" in (out / "southend-west-and-leigh.md").read_text()


def test_serve_command_binds_locally_with_a_default_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn
    from click.testing import CliRunner

    from newsgen.cli.serve import command

    calls: list[tuple[object, dict[str, object]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 0, result.output
    app, kw = calls[0]
    assert (kw["host"], kw["port"]) == ("127.0.0.1", 8000)
    assert (tmp_path / "newsgen-choices.sqlite3").exists()  # created on first use
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:  # type: ignore[arg-type]
        assert c.get("/").status_code == 200
    with TestClient(app, base_url="http://evil.example") as c:  # type: ignore[arg-type]
        assert c.get("/").status_code == 400

    result = CliRunner().invoke(command, ["--host", "0.0.0.0", "--port", "9001", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0 and "Warning" in result.output
    assert calls[1][1]["port"] == 9001 and (tmp_path / "x.db").exists()


def test_a_story_that_cannot_be_written_is_explained(
    client: TestClient, southend_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgen.errors import VerificationError

    def refuse(*args: object, **kwargs: object) -> None:
        raise VerificationError("story 'x' was refused: <b>bad</b> figure")

    monkeypatch.setattr(southend_dataset, "story", refuse)
    page = client.get(f"/story/{SW}")
    assert page.status_code == 500
    assert "was refused: &lt;b&gt;bad&lt;/b&gt; figure" in page.text
    assert client.get("/").status_code == 200  # the list does not render stories


def test_the_preview_lists_and_shows_ward_and_council_stories(tmp_path: Path) -> None:
    """Trafford 2024: the list has every ward and the council; each page shows its draft,
    escaped, with the angles an editor can pick from."""
    from newsgen.resources import TRAFFORD, bundled

    dataset = Dataset(bundled(TRAFFORD), election="2024-05-02")
    client = _client(dataset, tmp_path / "choices.sqlite3")
    listing = client.get("/")
    assert listing.status_code == 200
    assert "Trafford Council" in listing.text and "Broadheath" in listing.text
    council = client.get("/story/trafford")
    assert council.status_code == 200
    assert "Labour picks up two seats" in council.text and "council_gains" in council.text
    ward = client.get("/story/E05015242")
    assert ward.status_code == 200
    assert "Broadheath councillor Kaushik Chakraborty is voted out" in ward.text


def test_serve_on_a_busy_port_says_to_choose_another(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "newsgen", "serve", "--port", str(port), "--db", str(tmp_path / "c.sqlite3")],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"port {port} on 127.0.0.1 is in use" in done.stderr and "--port" in done.stderr
    assert not (tmp_path / "c.sqlite3").exists()  # nothing made before the port was checked
