"""``newsgen publish wordpress`` against a stand-in for WordPress's posts endpoints
(tests/wordpress_stub.py), on a batch of real 2024 seats. Not tried against a live WordPress."""

from __future__ import annotations

import errno
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsgen.batch import run_batch
from newsgen.cli import main
from newsgen.errors import RequestError
from newsgen.pipeline import Dataset
from newsgen.publish.wordpress import Site
from tests.wordpress_stub import StubWordPress

PASSWORD = "abcd EFGH 1234 ijkl MNOP 5678"
SEATS = ["Chorley", "Southend West and Leigh", "North Herefordshire"]
SLUGS = {"Chorley": "chorley-2024-07-04", "Southend West and Leigh": "southend-west-and-leigh-2024-07-04"}


@pytest.fixture(scope="module")
def batch(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "stories"
    report = run_batch(dataset, out, formats=["html", "json"], only=SEATS, now="2024-07-05T02:00:00Z")
    assert not report.failed
    return out


@pytest.fixture
def stories(batch: Path, tmp_path: Path) -> Path:
    """A copy of the batch's folder for one test to publish (and change)."""
    return Path(shutil.copytree(batch, tmp_path / "stories"))


@pytest.fixture
def wp() -> Iterator[StubWordPress]:
    with StubWordPress(user="desk", password=PASSWORD).running() as stub:
        yield stub


def publish(
    wp: StubWordPress, *args: str, password: str = PASSWORD, url: str | None = None, env: dict[str, str] | None = None
) -> Result:
    env = {"WORDPRESS_APP_PASSWORD": password, **(env or {})}
    return CliRunner().invoke(
        main, ["publish", "wordpress", "--url", url or wp.url, "--user", "desk", *args], env=env, catch_exceptions=False
    )


def index(folder: Path) -> dict[str, dict]:
    return {e["name"]: e for e in json.loads((folder / "index.json").read_text())["stories"]}


def story_file(folder: Path, name: str) -> dict:
    return json.loads((folder / index(folder)[name]["files"]["json"]).read_text())


def post_of(wp: StubWordPress, slug: str) -> dict:
    (post,) = [p for p in wp.posts.values() if p["slug"] == slug]
    return post


def without_chart(lines: list[str]) -> list[str]:
    """The HTML story's lines less its results chart (html_body leaves the chart out: WordPress
    strips inline SVG from most users' posts and keeps its text)."""
    out, inside = [], False
    for line in lines:
        inside = inside or line.startswith('  <figure class="newsgen-chart"')
        if not inside:
            out.append(line)
        inside = inside and line != "  </figure>"
    return out


def test_first_publish_makes_a_draft_of_each_story(wp: StubWordPress, stories: Path) -> None:
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"3 stories to {wp.url}: 3 created, 0 failed"
    assert [m for m, _, _ in wp.requests] == ["POST"] * 3  # one request a story
    assert len(wp.posts) == 3
    for name, entry in index(stories).items():
        post = post_of(wp, f"{entry['slug']}-2024-07-04")
        data = story_file(stories, name)
        assert post["status"] == "draft"
        assert post["title"]["raw"] == entry["headline"] == data["headline"]
        assert post["excerpt"]["raw"] == data["standfirst"]
        # the content is the HTML file's body: its lines without the <article>, headline and standfirst
        html = (stories / entry["files"]["html"]).read_text().splitlines()
        assert html[1].startswith("  <h1>") and html[2].startswith('  <p class="standfirst">')
        sent = next(b for m, r, b in wp.requests if b and b["slug"] == post["slug"])["content"]
        assert sent.splitlines() == [line[2:] for line in without_chart(html[3:-1])]
        assert "<svg" in "\n".join(html) and "<svg" not in sent  # the chart stays out of the post
        assert "<h1>" not in sent and "<article" not in sent and "<html" not in sent
        assert f"created {name} (post {post['id']}, {post['link']})" in result.stdout
    assert "Greens&#39; Mark Tebbutt" in post_of(wp, SLUGS["Chorley"])["content"]["rendered"].replace("&#039;", "&#39;")
    state = json.loads((stories / "wordpress.json").read_text())
    records = state["sites"][wp.url]
    assert {r["post"] for r in records.values()} == set(wp.posts)
    assert set(records) == {e["id"] for e in index(stories).values()}


def test_a_rerun_with_nothing_changed_sends_nothing(wp: StubWordPress, stories: Path) -> None:
    assert publish(wp, "--from", str(stories)).exit_code == 0
    sent = len(wp.requests)
    # the desk's default results (NEWSGEN_RESULTS, or newsgen.toml) are for writing stories: unused with --from
    result = publish(wp, "--from", str(stories), env={"NEWSGEN_RESULTS": "ge2019"})
    assert result.exit_code == 0, result.output
    assert len(wp.requests) == sent
    assert "unchanged Chorley (post" in result.stdout and "3 unchanged" in result.stdout


def test_a_changed_story_updates_the_same_post(wp: StubWordPress, stories: Path) -> None:
    assert publish(wp, "--from", str(stories)).exit_code == 0
    before = post_of(wp, SLUGS["Chorley"])
    post_id, posts = before["id"], len(wp.posts)
    # a corrected result: the batch rewrites Chorley's story (here by hand, one figure)
    path = stories / index(stories)["Chorley"]["files"]["json"]
    data = json.loads(path.read_text())
    data["paragraphs"][1] = data["paragraphs"][1].replace("25,238", "25,239")
    path.write_text(json.dumps(data))
    wp.requests.clear()
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 0, result.output
    route = f"/wp/v2/posts/{post_id}"
    assert [(m, r) for m, r, _ in wp.requests] == [("GET", route), ("POST", route)]
    assert set(wp.requests[1][2] or {}) == {"title", "content", "excerpt"}  # never the status
    after = wp.posts[post_id]
    assert len(wp.posts) == posts and after["status"] == "draft"
    assert "25,239 votes" in after["content"]["raw"] and "25,238 votes" not in after["content"]["raw"]
    assert f"updated Chorley (post {post_id}" in result.stdout and "2 unchanged" in result.stdout


def change(stories: Path, name: str, text: str) -> None:
    path = stories / index(stories)[name]["files"]["json"]
    data = json.loads(path.read_text())
    data["paragraphs"] = [*data["paragraphs"], text]
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("how", ["deleted", "binned"])
def test_a_post_deleted_in_wordpress_is_made_again(wp: StubWordPress, stories: Path, how: str) -> None:
    assert publish(wp, "--from", str(stories)).exit_code == 0
    old = post_of(wp, SLUGS["Chorley"])["id"]
    if how == "deleted":
        wp.delete(old)
    else:
        wp.edit(old, status="trash")
    change(stories, "Chorley", "A corrected paragraph.")
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 0, result.output
    (new,) = [p for p in wp.posts.values() if p["slug"] == SLUGS["Chorley"] and p["status"] == "draft"]
    assert new["id"] != old and "A corrected paragraph." in new["content"]["raw"]
    gone = "is no longer in WordPress" if how == "deleted" else "is in WordPress's bin"
    assert f"recreated Chorley (post {new['id']}, {new['link']}): post {old} {gone}: made a new draft" in result.stdout
    state = json.loads((stories / "wordpress.json").read_text())
    assert state["sites"][wp.url][index(stories)["Chorley"]["id"]]["post"] == new["id"]


def test_a_published_or_edited_post_is_not_touched(wp: StubWordPress, stories: Path) -> None:
    assert publish(wp, "--from", str(stories)).exit_code == 0
    published, edited = post_of(wp, SLUGS["Chorley"]), post_of(wp, SLUGS["Southend West and Leigh"])
    wp.edit(published["id"], status="publish")
    wp.edit(edited["id"], content="<p>The desk's own words.</p>")
    change(stories, "Chorley", "A corrected paragraph.")
    change(stories, "Southend West and Leigh", "A corrected paragraph.")
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 1
    assert f"HELD Chorley: post {published['id']} is published: newsgen writes drafts only" in result.stderr
    assert f"HELD Southend West and Leigh: post {edited['id']} was edited in WordPress" in result.stderr
    assert published["status"] == "publish" and "A corrected paragraph." not in published["content"]["raw"]
    assert edited["content"]["raw"] == "<p>The desk's own words.</p>"
    assert not [m for m, r, _ in wp.requests if m == "POST" and r.endswith(f"/{published['id']}")]


def test_a_wrong_password_is_one_clear_line_and_stops(wp: StubWordPress, stories: Path) -> None:
    wrong = "zzzz yyyy xxxx wwww vvvv uuuu"
    result = publish(wp, "--from", str(stories), password=wrong)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("FAILED Chorley: ") and "WordPress refused user 'desk'" in first
    assert "the password in WORDPRESS_APP_PASSWORD" in first and "incorrect_password" in first
    assert result.stderr.count("SKIPPED") == 2 and len(wp.requests) == 1  # not tried again for every story
    assert wrong not in result.output and wrong.replace(" ", "") not in result.output
    assert "Traceback" not in result.output and not wp.posts
    assert not (stories / "wordpress.json").exists()


def test_a_missing_password_is_refused_before_any_request(wp: StubWordPress, stories: Path) -> None:
    result = publish(wp, "--from", str(stories), password="")
    assert result.exit_code == 2 and not wp.requests  # what the command needs is not there
    assert result.output.startswith("Error: WORDPRESS_APP_PASSWORD is not set")


def test_one_failing_story_does_not_stop_the_others(wp: StubWordPress, stories: Path) -> None:
    wp.fail[SLUGS["Southend West and Leigh"]] = 500
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 1
    assert "FAILED Southend West and Leigh: " in result.stderr and "the site failed (500" in result.stderr
    assert "created Chorley" in result.stdout and "created North Herefordshire" in result.stdout
    assert len(wp.posts) == 2
    del wp.fail[SLUGS["Southend West and Leigh"]]
    result = publish(wp, "--from", str(stories))  # the next run sends only the story that failed
    assert result.exit_code == 0, result.output
    assert [m for m, _, _ in wp.requests].count("POST") == 4
    assert "created Southend West and Leigh" in result.stdout and "2 unchanged" in result.stdout


def test_a_slow_site_fails_that_story_only(wp: StubWordPress, stories: Path) -> None:
    wp.delay[SLUGS["Chorley"]] = 1.0
    result = publish(wp, "--from", str(stories), "--timeout", "0.2")
    assert result.exit_code == 1
    assert "FAILED Chorley: " in result.stderr and "no answer within 0.2 s" in result.stderr
    assert "check for a duplicate" in result.stderr
    assert "created Southend West and Leigh" in result.stdout


def test_a_site_without_pretty_permalinks(wp: StubWordPress, stories: Path) -> None:
    wp.pretty_permalinks = False
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 1 and not wp.posts
    assert "not found (404): not a WordPress site" in result.stderr
    assert f"give --url '{wp.url}/?rest_route=/'" in result.stderr and result.stderr.count("SKIPPED") == 2
    result = publish(wp, "--from", str(stories), url=f"{wp.url}/?rest_route=/")
    assert result.exit_code == 0, result.output
    assert len(wp.posts) == 3


def test_an_unreachable_site(stories: Path) -> None:
    with StubWordPress(user="desk", password=PASSWORD).running() as gone:
        pass  # its port is closed now
    result = publish(gone, "--from", str(stories))
    assert result.exit_code == 1
    assert f"FAILED Chorley: {gone.url}: cannot connect" in result.stderr and result.stderr.count("SKIPPED") == 2


def test_seats_by_name_and_stories_written_now(wp: StubWordPress, stories: Path, tmp_path: Path) -> None:
    result = publish(wp, "--from", str(stories), "E14001170")
    assert result.exit_code == 0, result.output
    assert [p["slug"] for p in wp.posts.values()] == [SLUGS["Chorley"]]
    state = tmp_path / "posts.json"
    result = publish(wp, "--state", str(state), "Chorley", "Nowhere West")  # written from the bundled results
    assert result.exit_code == 1
    assert "FAILED Nowhere West: " in result.stderr and "created Chorley" in result.stdout
    assert json.loads(state.read_text())["sites"][wp.url]["E14001170"]["slug"] == SLUGS["Chorley"]


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        ([], 2, "no stories to publish"),
        (["--from", "{stories}", "Chorly"], 2, "did you mean 'Chorley'?"),
        (["--from", "{stories}", "--results", "ge2019"], 2, "--results is for writing stories now"),
        (["--from", "{stories}", "--election", "2019-12-12"], 2, "--election is for writing stories now"),
        (["--from", "{empty}"], 1, "index.json: not found: --from takes a folder `newsgen batch` wrote"),
    ],
)
def test_refusals(wp: StubWordPress, stories: Path, tmp_path: Path, args: list[str], code: int, expected: str) -> None:
    result = publish(wp, *(a.format(stories=stories, empty=tmp_path) for a in args))
    assert result.exit_code == code and expected in result.output and not wp.requests
    assert "Traceback" not in result.output


def test_a_batch_without_json_is_refused(wp: StubWordPress, dataset: Dataset, tmp_path: Path) -> None:
    run_batch(dataset, tmp_path, formats=["html"], only=["Chorley"])
    result = publish(wp, "--from", str(tmp_path))
    assert result.exit_code == 1 and not wp.requests
    assert "--format html,json" in result.output


def test_a_damaged_state_file_is_refused(wp: StubWordPress, stories: Path) -> None:
    (stories / "wordpress.json").write_text("{not json")
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 1 and not wp.requests
    assert "wordpress.json: the state file is not JSON" in result.output


@pytest.mark.parametrize(
    ("url", "root", "plain"),
    [
        ("https://News.Example/", "https://news.example", False),
        ("https://example.com/news/wp-json/", "https://example.com/news", False),
        ("https://news.example/?rest_route=/", "https://news.example", True),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080", False),
        ("http://localhost", "http://localhost", False),
    ],
)
def test_site_addresses(url: str, root: str, plain: bool) -> None:
    assert Site.parse(url) == Site(root, plain)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.example", "plain http would send the application password unencrypted"),
        ("https://desk:secret@news.example", "a user name or password in the address is not used"),
        ("news.example", "is not a web address"),
        ("ftp://news.example", "is not a web address"),
    ],
)
def test_site_addresses_refused(url: str, expected: str) -> None:
    with pytest.raises(RequestError, match=expected):
        Site.parse(url)


def test_without_the_publish_extra(wp: StubWordPress, stories: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)  # what `import httpx` meets when it is not installed
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 1 and not wp.requests
    assert result.output.startswith("Error: newsgen publish needs the 'publish' extra (httpx is not installed)")
    assert "pip install 'newsgen[publish]'" in result.output


def test_a_state_file_that_cannot_be_written_stops_the_run(
    wp: StubWordPress, stories: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: object, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newsgen.publish.state.write_atomic", full_disk)
    result = publish(wp, "--from", str(stories))
    assert result.exit_code == 1 and len(wp.posts) == 1  # not a second draft nobody remembers
    assert "FAILED Chorley: " in result.stderr
    assert "cannot write the state file (No space left on device)" in result.stderr
    assert "delete the extra draft in WordPress" in result.stderr and result.stderr.count("SKIPPED") == 2


def test_help_says_drafts_only() -> None:
    result = CliRunner().invoke(main, ["publish", "wordpress", "--help"])
    assert result.exit_code == 0 and "Drafts only: newsgen never publishes a post" in result.output
    assert "--password-env VAR" in result.output and "--password " not in result.output


def test_a_council_storys_content_keeps_its_state_table() -> None:
    """The post's content is the HTML story's body whatever the story: here Trafford's 2024
    council story, with its state-of-the-parties table."""
    from newsgen.outputs.text import html_body, to_html
    from newsgen.resources import TRAFFORD, bundled

    story = Dataset(bundled(TRAFFORD), election="2024-05-02").story(["Trafford Council"])
    html = to_html(story).splitlines()
    assert html[1].startswith("  <h1>") and html[-1] == "</article>"
    body = html_body(story)
    assert body.splitlines() == [line[2:] for line in without_chart(html[3:-1])]
    assert "<caption>Trafford Council: state of the parties</caption>" in body and "<h1>" not in body
