"""Read PA's election feed: XML messages checked against PA's own schemas.

On election night PA sends one file per message, each with a revision number
(``..._Strathkelvin___Bearsden_1.xml``, then ``_2.xml`` for a correction):

``FirstPastThePostResult``          a constituency's declared result (votes, elected, sitting member,
                                    PA's gain or hold, majority, share changes), and the previous
                                    election's result for it
``FirstPastThePostRush``            a winner declared before the figures: no votes yet
``FirstPastThePostStateOfParties``  seats and votes so far, party by party
``LocalElectionResult``             a council's result: seats won, changes, the new council

Every file is validated against its XSD (bundled in ``fixtures/pa-feed/xsd``) with lxml; a
file that fails is refused with its line and PA's reason. ``--results`` takes one file or a
folder of them (the latest revision of each constituency or council counts). Results of
a general election (type G) become a general election's contests; those of the Scottish
Parliament or the Senedd become contests of that body, written like wards (the member is an
MSP or MS); a council result becomes the council's seats from PA's own figures. Rush and
state-of-the-parties messages carry no result to write a story from: they are noted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from newsgen.errors import DataError, UnknownElection
from newsgen.readers.common import CONTROL_C0, LoadedResults, refuse_unless_file
from newsgen.readers.parties import pa_party
from newsgen.records.checks import check_contest
from newsgen.records.models import Candidate, Contest, Council, CouncilTotals, Election, SourceRef
from newsgen.resources import fixtures_dir

__all__ = ["BODIES", "ROOTS", "load_results", "read_message"]

#: root element -> its schema file
ROOTS = {
    "FirstPastThePostResult": "FirstPastThePostResult.xsd",
    "FirstPastThePostRush": "FirstPastThePostRush.xsd",
    "FirstPastThePostStateOfParties": "FirstPastThePostStateOfParties.xsd",
    "LocalElectionResult": "LocalResult.xsd",
}
#: PA's election types: the body elected, and what stories call its members
BODIES = {
    "G": ("House of Commons", "MP"),
    "B": ("House of Commons", "MP"),
    "S": ("Scottish Parliament", "MSP"),
    "W": ("Senedd", "MS"),
    "NI": ("Northern Ireland Assembly", "MLA"),
}
_MAX_BYTES = 5_000_000  # PA's largest message, the 650-seat state of the parties, is 55 kB
_REVISION = re.compile(r"_(\d+)(?:\.reconstructed)?\.xml$", re.IGNORECASE)


@dataclass
class _Message:
    file: str
    root: str
    revision: int
    tree: etree._ElementTree


@dataclass
class _Read:
    contests: dict[str, tuple[int, Contest]] = field(default_factory=dict)
    councils: dict[str, tuple[int, Council, CouncilTotals]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rejected: dict[str, list[DataError]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    date: dt.date | None = None
    kind: str | None = None
    body: str | None = None
    #: each result's previous election, as the message gives it: (polling day, contest)
    previous: dict[str, tuple[dt.date, Contest]] = field(default_factory=dict)


@cache
def _schema(name: str) -> etree.XMLSchema:
    path = fixtures_dir() / "pa-feed" / "xsd" / name
    return etree.XMLSchema(etree.parse(str(path), _parser()))


def _parser() -> etree.XMLParser:
    """No entities resolved, no network, no huge trees: a feed file is data, nothing more."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def read_message(path: Path) -> _Message:
    """Parse and validate one PA file (DataError naming the file, line and PA's reason)."""
    refuse_unless_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    if len(data) > _MAX_BYTES:
        raise DataError(f"is {len(data):,} bytes; a PA message is under 100 kB", file=path.name)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise DataError(
            f"is not well-formed XML ({exc.msg})",
            file=path.name,
            row=exc.lineno,
            hint="a file still being copied is incomplete: it is read again when it changes",
        ) from None
    root = tree.getroot().tag
    if root not in ROOTS:
        raise DataError(
            f"is XML but not a PA election message (its root is <{root}>)",
            file=path.name,
            row=1,
            hint="pass PA's FirstPastThePostResult, Rush, StateOfParties or LocalElectionResult files",
        )
    schema = _schema(ROOTS[root])
    if not schema.validate(tree):
        e = schema.error_log[0]
        raise DataError(
            f"does not follow PA's {ROOTS[root]} schema: {e.message}",
            file=path.name,
            row=e.line,
            hint="check the file against PA's specification, or ask PA to resend it",
        )
    revision = int(tree.getroot().get("revision") or _revision_from_name(path.name))
    return _Message(path.name, root, revision, tree)


def _revision_from_name(name: str) -> int:
    m = _REVISION.search(name)
    return int(m.group(1)) if m else 1


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() == ".xml")
    return [path]


def load_results(path: str | Path, *, election: str | None = None) -> LoadedResults:
    """Load one PA file, or a folder of them (the latest revision of each result), for one
    polling day: ``election`` (a date), or the latest day the messages cover."""
    path = Path(path)
    messages: list[_Message] = []
    rejected: dict[str, list[DataError]] = {}
    for file in _files(path):
        try:
            messages.append(read_message(file))
        except DataError as exc:
            rejected[file.name] = [exc]
    return results_from_messages(messages, path, election=election, rejected=rejected)


def results_from_messages(
    messages: list[_Message],
    path: Path,
    *,
    election: str | None = None,
    rejected: dict[str, list[DataError]] | None = None,
) -> LoadedResults:
    """The results in messages already read (``path``: the file or folder they came from;
    ``rejected``: files that could not be read, by name). ``newsgen watch`` reads each file
    once and builds its results from that message."""
    read = _Read()
    read.rejected.update(rejected or {})
    if not messages:
        if read.rejected:
            raise next(iter(read.rejected.values()))[0]
        raise DataError(
            "holds no PA messages (.xml files)", file=path.name, hint="check the folder PA's files arrive in"
        )
    days = sorted({d for m in messages if (d := _date(m)) is not None})
    if election is not None and election not in [d.isoformat() for d in days]:
        raise UnknownElection(
            f"{path.name}: holds no election on {election!r}",
            hint="pass --election with one of: " + ", ".join(d.isoformat() for d in days),
        )
    day = dt.date.fromisoformat(election) if election else (days[-1] if days else None)
    for m in messages:
        if _date(m) not in (day, None):
            read.notes.append(f"{m.file}: election of {_date(m)}, not {day}: left out (pass --election to read it)")
            continue
        _take(m, read)
    contests = tuple(c for _, c in sorted(read.contests.values(), key=lambda rc: rc[1].name))
    standing: frozenset[int] = frozenset()
    if read.kind in ("general", "by-election") and (read.date or day):
        contests, standing = _with_commons_library(contests, read.date or day)
    councils = tuple(c for _, c, _ in read.councils.values())
    kind = read.kind or ("local" if read.councils else "general")
    result = Election(
        polling_date=read.date or day or dt.date.today(),
        kind=kind,
        body=read.body or ("councils" if read.councils else "House of Commons"),
        id=f"pa.{(read.date or day or dt.date.today()).isoformat()}",
        contests=contests,
        councils=councils,
        council_totals=tuple(t for _, _, t in read.councils.values()),
        source=SourceRef(file=path.name),
    )
    earlier: dict[dt.date, list[Contest]] = {}
    for day_before, contest in read.previous.values():
        earlier.setdefault(day_before, []).append(contest)
    loaded = LoadedResults(
        election=result,
        all_seats=[c.name for c in contests] + list(read.rejected),
        winner_codes=[x.party_code for c in contests for x in c.candidates if x.elected],
        rejected=read.rejected,
        warnings=read.warnings + read.notes,
        member_ids=standing,
    )
    loaded.earlier = tuple(
        result.model_copy(update={"polling_date": d, "contests": tuple(cs), "id": f"pa.previous.{d.isoformat()}"})
        for d, cs in sorted(earlier.items())
    )
    return loaded


def _with_commons_library(
    contests: tuple[Contest, ...], day: dt.date | None
) -> tuple[tuple[Contest, ...], frozenset[int]]:
    """PA gives no GSS codes and no MNIS ids. Where the bundled Commons Library file of the same
    general election has the seat (a replay of 2024), its GSS code, and each candidate's member
    id, gender and former-MP flag where name and party agree, are taken from it: the seat's
    baselines and the people's records are then found as for that file, and its candidates are
    who stood (so "did not stand again" can be said). On a night with no such file, PA's own
    figures stand alone, and who stood elsewhere is not known (no such sentence is written)."""
    from newsgen.baselines.names import normalise
    from newsgen.resources import GE_FILES, bundled

    match = next((p for p in GE_FILES.values() if day is not None and day.strftime("%d-%m-%Y") in p), None)
    if match is None:
        return contests, frozenset()
    nominations, known = _commons_library(str(bundled(match)))
    out = []
    for contest in contests:
        cl = known.get(normalise(contest.name))
        if cl is None:
            out.append(contest)
            continue
        people = {(normalise(c.given_name), normalise(c.family_name), c.party_code): c for c in cl.candidates}
        candidates = []
        for c in contest.candidates:
            twin = people.get((normalise(c.given_name), normalise(c.family_name), c.party_code))
            if twin is not None:
                update = {
                    "member_id": twin.member_id,
                    "gender": c.gender or twin.gender,
                    "former_mp": twin.former_mp,
                    "speaker": twin.speaker,
                }
                # PA rounds a share change to two places; the file's own figure, where they agree
                if (
                    c.share_change is not None
                    and twin.share_change is not None
                    and abs(c.share_change - twin.share_change) < 0.00006
                ):
                    update["share_change"] = twin.share_change
                c = c.model_copy(update=update)
            candidates.append(c)
        out.append(contest.model_copy(update={"seat_id": cl.seat_id, "candidates": tuple(candidates)}))
    return tuple(out), nominations.member_ids


@cache
def _commons_library(path: str) -> tuple[LoadedResults, dict[str, Contest]]:
    """The bundled file, and its contests by normalised name (made once: a night's watcher
    asks for every message, and 650 look-ups must not each index 650 seats)."""
    from newsgen.baselines.names import normalise
    from newsgen.readers import commons_library

    loaded = commons_library.load_results(path)
    return loaded, {normalise(c.name): c for c in loaded.election.contests}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "council"


def _council_name(name: str) -> str:
    return name if name.lower().endswith("council") else f"{name} Council"


def _date(message: _Message) -> dt.date | None:
    el = message.tree.getroot().find("Election")
    try:
        return dt.date.fromisoformat(el.get("date", "")[:10]) if el is not None else None
    except ValueError:
        return None


def _election_of(el: etree._Element | None, read: _Read) -> None:
    """Note the message's election: its date, and the body it elects."""
    if el is None:
        return
    if el.get("date"):
        read.date = dt.date.fromisoformat(el.get("date", "")[:10])
    kind = el.get("type", "G")
    read.body = BODIES.get(kind, (el.get("name") or "the election", "member"))[0]
    read.kind = "general" if kind == "G" else "by-election" if kind == "B" else "devolved"


def _take(message: _Message, read: _Read) -> None:
    root = message.tree.getroot()
    if message.root == "LocalElectionResult":
        _election_of(root.find("Election"), read)
        read.kind = "local"
        read.body = "councils"
        for el in root.iter("Council"):
            council, totals = _council(el)
            if council.id not in read.councils or read.councils[council.id][0] <= message.revision:
                read.councils[council.id] = (message.revision, council, totals)
        return
    if message.root == "FirstPastThePostStateOfParties":
        read.notes.append(
            f"{message.file}: state of the parties after {root.get('numberOfResults')} of "
            f"{root.get('totalNumberOfConstituencies')} results (no story is written from it)"
        )
        return
    _election_of(root.find("Election"), read)
    if message.root == "FirstPastThePostRush":
        for c in root.iter("Constituency"):
            read.notes.append(
                f"{message.file}: rush (revision {message.revision}): {c.get('paStyleMessageText') or c.get('name')}"
                " -- no figures yet, so no story"
            )
        return
    for el in root.find("Election").iter("Constituency"):
        name = el.get("name", "")
        try:
            contest = _contest(el, message)
        except DataError as exc:
            read.rejected[name] = [exc]
            continue
        held = read.contests.get(contest.seat_id)
        if held is not None and held[0] > message.revision:
            read.notes.append(f"{message.file}: revision {message.revision} of {name} is older than {held[0]}: ignored")
            continue
        read.contests[contest.seat_id] = (message.revision, contest)
        read.warnings.extend(check_contest(contest, file=message.file, columns=_COLUMNS))
        before = _previous(root, name, contest.seat_id, message)
        if before is not None:
            read.previous[contest.seat_id] = before


def _previous(root: etree._Element, name: str, seat_id: str, message: _Message) -> tuple[dt.date, Contest] | None:
    """The message's previous result for the constituency, under this result's id so the two
    are matched: the PreviousElection held there, or the PreviousNotionalElection (the last
    result worked out on new boundaries: parties' votes, no candidates)."""
    prev = root.find("PreviousElection")
    notional = prev is None
    if notional:
        prev = root.find("PreviousNotionalElection")
    if prev is None or not prev.get("date"):
        return None
    found = [el for el in prev.iter("Constituency") if el.get("name") == name] or list(prev.iter("Constituency"))
    if len(found) != 1:
        return None
    try:
        contest = _notional(found[0], message) if notional else _contest(found[0], message)
    except (DataError, ValueError):
        return None
    winner = contest.candidates[0] if contest.candidates else None
    candidates = tuple(c.model_copy(update={"elected": c is winner}) for c in contest.candidates)
    return dt.date.fromisoformat(prev.get("date", "")[:10]), contest.model_copy(
        update={"seat_id": seat_id, "candidates": candidates, "counts_unknown": True, "notional": notional}
    )


def _notional(el: etree._Element, message: _Message) -> Contest:
    """A notional result: each party's votes as a nameless candidate, PA's turnout and majority."""
    parties = sorted(el.iter("Party"), key=lambda p: -(_int(p.get("votes")) or 0))
    candidates = tuple(
        Candidate(
            given_name="",
            family_name=p.get("name", ""),
            party=pa_party(p.get("abbreviation", ""), p.get("name", "")),
            votes=_int(p.get("votes")) or 0,
            position=i,
            row=p.sourceline or 0,
        )
        for i, p in enumerate(parties, start=1)
    )
    return Contest(
        seat_id=f"pa:{el.get('number')}",
        name=el.get("name", ""),
        country="",
        electorate=_int(el.get("electorate")) or 0,
        valid_votes=sum(c.votes for c in candidates),
        invalid_votes=0,
        published_turnout=float(el.get("percentageTurnout")) if el.get("percentageTurnout") else None,
        published_majority=_int(el.get("majority")),
        counts_unknown=True,
        candidates=candidates,
        source=SourceRef(file=message.file),
    )


_COLUMNS = {
    "Electorate": "electorate",
    "Election valid vote count": "turnout",
    "Candidate vote count": "votes",
    "Candidate result position": "votes",
    "Candidate family name": "surname",
    "Majority": "majority",
}


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def _code(abbreviation: str | None) -> str | None:
    """A party code from PA's abbreviation alone ("C": "Con"; "Ind" for no party)."""
    if not abbreviation:
        return None
    party = pa_party(abbreviation, abbreviation)
    return party.code if party else "Ind"


def _fraction(points: str | None) -> float | None:
    """PA publishes a share change in points ("-11.57"); the records hold a fraction, as the
    Commons Library does."""
    return float(points) / 100 if points else None


def _candidate(c: etree._Element, party: etree._Element, votes: int, position: int, line: int) -> Candidate:
    speaker = party.get("abbreviation") == "Spk" or party.get("name") == "Speaker"
    return Candidate(
        given_name=c.get("firstName") or "",
        family_name=c.get("surname") or "",
        party=None if speaker else pa_party(party.get("abbreviation", ""), party.get("name", "")),
        speaker=speaker,
        votes=votes,
        position=position,
        sitting_mp=c.get("previousSittingMember") == "*",
        gender={"F": "female", "M": "male"}.get(c.get("sex") or ""),
        share_change=_fraction(party.get("percentageShareChange")),
        elected=c.get("elected") == "*",
        person_id=c.get("paId"),
        row=line,
    )


def _counts(el: etree._Element, message: _Message) -> None:
    """PA's schema types votes, the electorate, the turnout and the majority as plain
    integers, so a negative one passes it: refuse it here, naming the line."""
    name = el.get("name", "")
    for node in (el, *el.iter("Party")):
        for attribute in ("votes", "electorate", "turnout", "majority"):
            value = _int(node.get(attribute))
            if value is not None and value < 0:
                whose = ""
                if node.tag == "Party" and (person := node.getparent()) is not None and person.tag == "Candidate":
                    whose = f"{person.get('firstName') or ''} {person.get('surname') or ''}".strip() + " has "
                raise DataError(
                    f"{whose}{value:,} {attribute}" if whose else f"the {attribute} is {value:,}",
                    file=message.file,
                    row=node.sourceline,
                    seat=name,
                    field=attribute,
                    hint="a count cannot be negative: ask PA to resend the file",
                )


def _one_line_names(el: etree._Element, message: _Message) -> None:
    """The seat's, the candidates' and the parties' names, each one line of text: a line
    break in one (written as &#10;) would split the story's headline and the watcher's log
    line. The characters are those every reader refuses in a name (``CONTROL_C0``)."""
    for node, attribute in [
        (el, "name"),
        *((c, a) for c in el.iter("Candidate") for a in ("firstName", "surname")),
        *((p, "name") for p in el.iter("Party")),
    ]:
        value = node.get(attribute) or ""
        if CONTROL_C0.search(value):
            raise DataError(
                f"the {node.tag.lower()}'s {attribute} {value!r} holds a line break or control character",
                file=message.file,
                row=node.sourceline,
                seat=el.get("name", "").strip() or None,
                field=attribute,
                hint="a name is one line of text: ask PA to resend the file",
            )


def _contest(el: etree._Element, message: _Message) -> Contest:
    name = el.get("name", "")
    if not name.strip():  # the schema requires the attribute, not that it says anything
        raise DataError(
            "the constituency's name is blank",
            file=message.file,
            row=el.sourceline,
            field="name",
            hint="a story needs the seat's name: ask PA to resend the file",
        )
    _counts(el, message)
    _one_line_names(el, message)
    people = []
    for c in el.iter("Candidate"):
        party = c.find("Party")
        people.append(
            (
                c.sourceline or 0,
                c,
                party,
                _int(party.get("votes")) or 0,
            )
        )
    people.sort(key=lambda p: (-p[3], p[1].get("elected") != "*", p[0]))
    candidates = tuple(
        _candidate(el_c, party, votes, position, line) for position, (line, el_c, party, votes) in enumerate(people, 1)
    )
    valid = sum(c.votes for c in candidates)
    ballots = _int(el.get("turnout"))
    winner = _code(el.get("winningParty"))
    sitting = _code(el.get("sittingParty"))
    gain_or_hold = el.get("gainOrHold")
    summary = ""
    if winner and gain_or_hold == "hold":
        summary = f"{winner} hold"
    elif winner and gain_or_hold == "gain" and sitting:
        summary = f"{winner} gain from {sitting}"
    return Contest(
        seat_id=f"pa:{el.get('number')}",
        name=name,
        country="Scotland" if message.tree.getroot().find("Election").get("type") == "S" else "",
        electorate=_int(el.get("electorate")) or 0,
        valid_votes=valid,
        invalid_votes=max((ballots or valid) - valid, 0),
        ballots=ballots,
        published_turnout=float(el.get("percentageTurnout")) if el.get("percentageTurnout") else None,
        result_summary=summary,
        published_majority=_int(el.get("majority")),
        counts_unknown=not el.get("electorate"),
        candidates=candidates,
        source=SourceRef(file=message.file, rows=tuple(c.row for c in candidates)),
    )


def _parties(el: etree._Element | None, attribute: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in el.iter("Party") if el is not None else ():
        party = pa_party(p.get("name", ""), p.get("name", ""))
        code = party.code if party else "Ind"
        out[code] = out.get(code, 0) + int(p.get(attribute, "0").replace("+", ""))
    return out


def _council(el: etree._Element) -> tuple[Council, CouncilTotals]:
    def code(value: str | None) -> str | None:
        if not value:
            return None
        party = pa_party(value, value)
        return party.code if party else "Ind"

    name = el.get("name", "")
    council = Council(
        id=_slug(name), name=_council_name(name), seats=sum(_parties(el.find("NewCouncil"), "seats").values()) or None
    )
    return council, CouncilTotals(
        council_id=council.id,
        proportion=el.get("proportion"),
        winning_party=code(el.get("winningParty")),
        gain_or_hold=el.get("gainOrHold"),
        sitting_party=code(el.get("sittingParty")),
        won=_parties(el.find("ElectedCouncillors"), "seats"),
        changes=_parties(el.find("Changes"), "change"),
        after=_parties(el.find("NewCouncil"), "seats"),
    )
