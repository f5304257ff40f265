"""``newsgen publish wordpress``: stories as WordPress drafts, through its REST API."""

from __future__ import annotations

import os
from pathlib import Path

import click

from newsgen.cli.common import context_option, handle_errors, load_dataset, results_option, templates_option
from newsgen.errors import NewsgenError, RequestError

STATE_NAME = "wordpress.json"


@click.group("publish")
def command() -> None:
    """Send stories to a newsroom's CMS as drafts, for an editor to check and publish."""


@command.command("wordpress")
@click.argument("seats", nargs=-1)
@click.option("--url", required=True, metavar="URL", help="The WordPress site (https://news.example).")
@click.option("--user", required=True, metavar="NAME", help="The WordPress user the drafts are written as.")
@click.option(
    "--password-env",
    default="WORDPRESS_APP_PASSWORD",
    show_default=True,
    metavar="VAR",
    help="The environment variable holding the user's application password (never given on the command line).",
)
@click.option(
    "--from",
    "folder",
    type=click.Path(file_okay=False),
    default=None,
    help="Publish the stories a batch wrote into this folder (the batch's formats must include json): "
    "all of them, or the SEATs named.",
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False),
    default=None,
    help=f"Where the post id of each story is remembered (default: {STATE_NAME} in the --from folder, "
    "or in the current folder).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each answer from the site.",
)
@results_option
@context_option
@templates_option
@handle_errors
def wordpress(
    seats: tuple[str, ...],
    url: str,
    user: str,
    password_env: str,
    folder: str | None,
    state: str | None,
    timeout: float,
    results: str | None,
    context_file: str | None,
    templates: str | None,
) -> None:
    """Write each story as a draft post on a WordPress site, through its REST API.

    Drafts only: newsgen never publishes a post, nor changes one that has been published
    or edited in WordPress since newsgen wrote it. A re-run updates each story's draft
    (the post ids are kept in the --state file), sends nothing for a story that has not
    changed, and makes a new draft for one whose post was deleted.

    The stories come from a batch's folder (--from DIR), or are written now from
    --results and --context for the SEATs named (each its own story).

    \b
    Examples:
      export WORDPRESS_APP_PASSWORD='abcd efgh ijkl mnop qrst uvwx'
      newsgen batch --out stories/ --format md,html,json
      newsgen publish wordpress --url https://news.example --user desk --from stories/
      newsgen publish wordpress --url https://news.example --user desk Chorley "North Herefordshire"
    """
    password = os.environ.get(password_env, "")
    if not password.strip():
        raise RequestError(
            f"{password_env} is not set: newsgen reads the application password from the environment",
            hint=f"make one in WordPress (Users > Profile > Application Passwords) for {user!r}, "
            f"then export {password_env}='...'",
        )
    try:
        import httpx  # noqa: F401  (the client's; imported here to say at once when it is missing)
    except ImportError as exc:
        raise NewsgenError(
            f"newsgen publish needs the 'publish' extra ({exc.name} is not installed)",
            hint="pip install 'newsgen[publish]'",
        ) from None
    from newsgen.publish.state import open_state
    from newsgen.publish.wordpress import Outcome, PublishReport, Site, WordPressClient, publish_stories

    site = Site.parse(url)
    report = PublishReport(site.root)
    if folder is not None:
        ctx = click.get_current_context()
        typed = [
            f"--{name}"
            for name in ("results", "election", "context", "templates")
            if ctx.get_parameter_source("context_file" if name == "context" else name)
            == click.core.ParameterSource.COMMANDLINE
        ]
        if typed:  # (from newsgen.toml or NEWSGEN_* they are the desk's defaults for writing stories: unused)
            raise RequestError(
                f"--from publishes the stories as the batch wrote them: {', '.join(typed)} "
                f"{'is' if len(typed) == 1 else 'are'} for writing stories now",
                hint="leave them out, or leave out --from",
            )
        from newsgen.publish.folder import stories_in_folder

        found = stories_in_folder(folder, seats)
        if not found.complete:
            click.echo(
                f"Warning: {folder}: index.json is a batch's partial index (a batch is writing the folder, "
                "or was stopped): publishing the stories it lists",
                err=True,
            )
        if found.batch_failed:
            click.echo(f"Warning: {folder}: {found.batch_failed} stories the batch could not write", err=True)
        stories = found.stories
        problems = found.problems
        state_path = Path(state) if state else Path(folder) / STATE_NAME
        if any(s.slug == Path(STATE_NAME).stem for s in stories) and not state:
            raise RequestError(
                f"{state_path} is a story's file in this folder", hint="keep the post ids elsewhere with --state FILE"
            )
    else:
        if not seats:
            raise RequestError(
                "no stories to publish", hint="name the SEATs, or give --from DIR (a batch's folder) to publish it all"
            )
        dataset = load_dataset(results, context_file, templates, only=list(seats), warn=True)
        stories, problems = [], []
        for seat in seats:
            try:
                stories.append(dataset.story([seat]))
            except NewsgenError as exc:
                problems.append((seat, str(exc).splitlines()[0]))
        state_path = Path(state) if state else Path(STATE_NAME)

    def show(outcome: Outcome) -> None:
        if outcome.action in ("failed", "held", "skipped"):
            word = {"failed": "FAILED", "held": "HELD", "skipped": "SKIPPED"}[outcome.action]
            click.echo(f"{word} {outcome.name}: {outcome.message}", err=True)
            return
        post = f" (post {outcome.post}{', ' + outcome.link if outcome.link else ''})" if outcome.post else ""
        note = f": {outcome.message}" if outcome.message else ""
        click.echo(f"{outcome.action} {outcome.name}{post}{note}")

    for name, reason in problems:
        outcome = Outcome("", name, "failed", message=reason)
        report.outcomes.append(outcome)
        show(outcome)
    with (
        open_state(state_path) as kept,
        WordPressClient(site, user, password, password_name=f"the password in {password_env}", timeout=timeout) as wp,
    ):
        publish_stories(stories, wp, kept, on_outcome=show, report=report)
    click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)
