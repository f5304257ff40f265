"""Checks on one contest's records: the figures agree with each other and with what the file
publishes. Every reader runs them, whatever its source.

Hard problems set a seat aside (``LoadedResults.rejected``): every other seat still loads and
is written. Each is a :class:`~newsgen.errors.DataError` naming the file, row, seat and column
and saying what to do. Whole-file problems (missing, empty, not CSV, not UTF-8, required
columns missing) stop the load with one such error.

Soft problems are warnings (``LoadedResults.warnings``): the story still runs.

=====================================  ======  ===========================================
check                                  kind    what the tool does
=====================================  ======  ===========================================
candidates' votes sum to valid votes   hard    seat set aside, both totals in the message
published majority = 1st minus 2nd     hard    seat set aside
turnout between 0 and 100%             hard    seat set aside (more ballots than electors)
electorate of zero                     hard    seat set aside
negative or non-numeric count          hard    seat set aside (loader)
the same candidate listed twice        hard    seat set aside
positions out of order with votes      hard    seat set aside
summary's winner is not the winner     hard    seat set aside ("Lab gain" won by Con)
two candidates with one name           soft    warning; the story names their parties
tie for first place                    soft    warning: decided by lot, check the winner
contested seat with no votes at all    hard    seat set aside
more invalid ballots than valid votes  hard    seat set aside (at most 3.6% were rejected, 2010-24)
over 5% of the ballots rejected        soft    warning: check the invalid vote count
uncontested seat (no poll)             soft    warning; a story printing a turnout is refused
party code newsgen does not know       soft    warning; the party is named as the data does
published share differs from votes     soft    warning; newsgen uses the votes
=====================================  ======  ===========================================
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from newsgen.errors import DataError
from newsgen.records.models import Contest

#: every party abbreviation in the Commons Library files for 2010-2024, plus the loader's own
KNOWN_PARTY_CODES = frozenset(
    """AB ACWP AD ADF AGS ALC ANWP AONT APN APNI APP APPL AWA AWL AZNO Adv Alba Ash BBP BDP BEP BFB
    BGPV BI BIA BIB BIC BNP BPI BR BRX BSJP BUP Bean Beer Best BfL C28 CANDI CBP CCLA CDP CF CFLY CG
    CHM CHP CIP CISTA CITY CMU CMUK COTA CP CPA CSA CSP CURE CVP CW Cam Cli Cmps Cncd Cnsn Comm Con
    DD DDCP DDI DEM DFC DLP DRP DUP ECP ED EIP EPA EPGB EUR Elvis FA FAWG FDP FFR FPTP FVP Frnd GGG
    GMBE GMHV GSOT Green Gwld HI HOPO HPUK HSBP HWDI Hum IAK IDD IEAC IFB IFE IFED IGC ILEU INet IOA
    IPAP IPT ISDB ISGB ISP ISQM ISWSL IUK IVH IZB Impact Ind JACP JMB JOT JP JPP KHHC KIR KIRG LCI LD
    LIGB LLPB LNIN LP LPUK LU Lab Lib M.A.D. MACI MAIP MCCP MCP MEP MFP MIF MIP MK MPEA MPUK MRLP MRP
    MTW9 Main Mthr NBP NCDV NEP NEPF NF NHAP NIC NIP NLP NONPOL NP NRP NSOW NSPS NorP OBP OL PBP PBPA
    PC PCF PCFIRG PFGG PILP PIP PLP PNDP POPP POS POW PPE PPNV PPUK PSP PSY PUT Patr Poet Pool Popu
    Pro Prte R4U RBD REU RFAC RFCS RFP RS RTBP RUK RVIS Rad Ren Res Rest Roman SACL SDA SDLP SDP SEP
    SF SFAN SFP SG SHH SIA SIG SJ SJP SKGH SL SMA SMRA SN SNP SNav SPGB SPP SRef SSP SUN Sci ShI Shrp
    Si South Spk Svr T35C TBP TCD TCRP TEP TF TFB TI TLW TOC TRP TSP TUP TUSC TUV Transform Tru UGP
    UKIP UKPDP UKV UPS UUP UV UniP VCCA VPP VUK Vap WARP WEP WP WPB WPTS WR WRP WVP WY Whig YF YPP
    YPUK YRDPL Yesh You Yrks Yth""".split()  # noqa: SIM905 (a word list is easier to read)
) | {"Cam Soc", "Comm L", "D Nat", "Ref 2000", "S Alt", "Scot Libt"}

#: the largest share of a seat's ballots rejected in the 2010-2024 Commons Library files:
#: Blackburn 2010 and Buckingham 2017 (the Speaker's seat), both 3.6%; then Chorley 2024, 3.4%
INVALID_SHARE_SEEN = 0.036
#: above this share of a seat's ballots rejected, a warning asks for a check; more rejected
#: ballots than valid votes (a swapped or mistyped column) sets the seat aside
INVALID_SHARE_WARNING = 0.05

_SUMMARY = re.compile(r"^(?P<winner>\S+) (?:hold|gain from (?P<loser>\S+))$")
_SHARE_TOLERANCE = 0.0006  # the published share is rounded to six places of a fraction


def check_contest(
    contest: Contest,
    *,
    file: str,
    shares: dict[int, float] | None = None,
    columns: Mapping[str, str] | None = None,
) -> list[str]:
    """Raise the first hard problem of one seat as a DataError; return its soft warnings.

    ``shares`` maps a candidate's row to the vote share the file publishes, when it has one.
    ``columns`` names the source's own column for each Commons Library column the messages
    name (another reader's file has other headers); a party code is checked against the
    Commons Library's only where it is None.
    """
    seat = contest.name
    first_row = contest.source.rows[0] if contest.source.rows else None
    cands = contest.candidates
    warnings: list[str] = []
    counted = not contest.counts_unknown
    single = contest.seats == 1

    def where(field: str, row: int | None = first_row) -> dict[str, object]:
        return {"file": file, "row": row, "seat": seat, "field": columns.get(field, field) if columns else field}

    if counted and contest.electorate == 0:
        raise DataError(
            "the electorate is 0",
            hint="fill in the number of registered electors; turnout cannot be worked out without it",
            **where("Electorate"),  # type: ignore[arg-type]
        )
    # the same candidate listed twice; two people with one name is real (Mid Buckinghamshire 2024)
    folded = [c.name.casefold() for c in cands]
    seen: dict[tuple[str, str], int] = {}
    for c, name in zip(cands, folded, strict=True):
        key = (name, c.party_code)
        if key in seen:
            raise DataError(
                f"{c.name} ({c.party_code}) is listed twice (rows {seen[key]} and {c.row})",
                hint="delete the repeated row",
                **where("Candidate family name", c.row),  # type: ignore[arg-type]
            )
        seen[key] = c.row
    names: dict[str, list[str]] = {}
    for c, name in zip(cands, folded, strict=True):
        names.setdefault(name, []).append(c.party_code)
    for c, name in zip(cands, folded, strict=True):
        if len(names.get(name, ())) > 1:
            parties = " and ".join(names.pop(name))
            warnings.append(
                str(
                    DataError(
                        f"two candidates are called {c.name} ({parties}): the story tells them apart by party",
                        **where("Candidate family name", c.row),  # type: ignore[arg-type]
                    )
                )
            )
    uncontested = len(cands) == 1 and contest.valid_votes == 0 and cands[0].votes == 0
    if uncontested:
        warnings.append(
            str(DataError(f"{cands[0].name} was returned unopposed (no poll)", **where("Candidate vote count")))  # type: ignore[arg-type]
        )
    if counted and len(cands) > contest.seats and contest.valid_votes == 0:
        raise DataError(
            f"{len(cands)} candidates stood but no valid votes are recorded",
            hint="fill in the vote counts; only a seat with one candidate can be returned unopposed",
            **where("Election valid vote count"),  # type: ignore[arg-type]
        )
    if counted and contest.invalid_votes > contest.valid_votes:
        raise DataError(
            f"{contest.invalid_votes:,} invalid (rejected) ballots but "
            + (
                f"{cands[0].name} was returned unopposed: with no poll there are no ballots"
                if uncontested
                else f"only {contest.valid_votes:,} valid votes: rejected ballots are a small fraction of "
                f"the votes (at most {INVALID_SHARE_SEEN:.1%} of a seat's ballots in 2010-2024)"
            ),
            hint="check the invalid vote count against the declaration: the valid and invalid counts may be swapped",
            **where("Election invalid vote count"),  # type: ignore[arg-type]
        )
    total = sum(c.votes for c in cands)
    if counted and not single and total > contest.seats * contest.valid_votes:
        raise DataError(
            f"the candidates' votes add up to {total:,}, more than {contest.seats} votes for each of "
            f"{contest.valid_votes:,} valid ballot papers",
            hint="check each candidate's votes and the ballot count against the declaration",
            **where("Election valid vote count"),  # type: ignore[arg-type]
        )
    if counted and single and total != contest.valid_votes:
        raise DataError(
            f"the candidates' votes add up to {total:,} but the valid vote count is {contest.valid_votes:,} "
            f"(a difference of {total - contest.valid_votes:+,})",
            hint="check each candidate's votes and the valid vote count against the declaration",
            **where("Election valid vote count"),  # type: ignore[arg-type]
        )
    ballots = contest.ballots if contest.ballots is not None else contest.valid_votes + contest.invalid_votes
    if counted and ballots > contest.electorate:
        raise DataError(
            f"{ballots:,} ballots (valid plus invalid) but only {contest.electorate:,} electors: "
            f"turnout would be {100 * ballots / contest.electorate:.2f}%",
            hint="turnout must be between 0 and 100%: check the electorate and the vote counts",
            **where("Electorate"),  # type: ignore[arg-type]
        )
    if counted and ballots and contest.invalid_votes > INVALID_SHARE_WARNING * ballots:
        warnings.append(
            str(
                DataError(
                    f"{contest.invalid_votes:,} of {ballots:,} ballots ({contest.invalid_votes / ballots:.1%}) were "
                    f"rejected, more than in any seat in 2010-2024 (at most {INVALID_SHARE_SEEN:.1%})",
                    hint="check the invalid vote count against the declaration",
                    **where("Election invalid vote count"),  # type: ignore[arg-type]
                )
            )
        )
    # positions: 1..n, in order of votes
    positions = sorted(c.position for c in cands)
    if positions != list(range(1, len(cands) + 1)):
        raise DataError(
            f"positions are {positions}, not 1 to {len(cands)}",
            hint="number the candidates 1 (the winner) to the last, once each",
            **where("Candidate result position"),  # type: ignore[arg-type]
        )
    for above, below in itertools.pairwise(cands):
        if below.votes > above.votes:
            raise DataError(
                f"{above.name} is placed {above.position} with {above.votes:,} votes, "
                f"ahead of {below.name} (placed {below.position}) with more ({below.votes:,})",
                hint="the positions must follow the votes: correct the position or the vote count",
                **where("Candidate result position", above.row),  # type: ignore[arg-type]
            )
    last_in = contest.seats - 1  # the last candidate elected, and the first not
    if len(cands) > last_in + 1 and cands[last_in].votes == cands[last_in + 1].votes:
        a, b = cands[last_in], cands[last_in + 1]
        warnings.append(
            str(
                DataError(
                    f"{a.name} and {b.name} tied on {a.votes:,} votes; the file places {a.name} "
                    f"{'first' if single else 'ahead'} (decided by lot)",
                    hint="check the returning officer declared this winner",
                    **where("Candidate result position", a.row),  # type: ignore[arg-type]
                )
            )
        )
    elected = [c for c in cands if c.elected]
    if len(elected) > contest.seats:
        raise DataError(
            f"{len(elected)} candidates are marked elected but the contest fills {contest.seats}",
            hint="mark only the winners elected",
            **where("Candidate result position", elected[-1].row),  # type: ignore[arg-type]
        )
    for c in elected:
        if c.position > contest.seats and cands[contest.seats - 1].votes != c.votes:
            raise DataError(
                f"{c.name} is marked elected with {c.votes:,} votes, fewer than "
                f"{cands[contest.seats - 1].name} ({cands[contest.seats - 1].votes:,})",
                hint="the winners are the candidates with the most votes: correct the votes or who is marked elected",
                **where("Candidate result position", c.row),  # type: ignore[arg-type]
            )
    majority = cands[0].votes - cands[1].votes if len(cands) > 1 else cands[0].votes
    published = contest.published_majority
    if uncontested and published:
        raise DataError(
            f"the majority is given as {published:,} but {cands[0].name} was returned unopposed (no votes)",
            hint="leave the majority blank for an uncontested seat, or fill in the votes",
            **where("Majority"),  # type: ignore[arg-type]
        )
    if published is not None and not uncontested and published != majority:
        raise DataError(
            f"the majority is given as {published:,} but {cands[0].name} ({cands[0].votes:,}) minus "
            f"{cands[1].name if len(cands) > 1 else 'nobody'} ({cands[1].votes if len(cands) > 1 else 0:,}) "
            f"is {majority:,}",
            hint="the majority is the winner's votes minus the runner-up's: correct whichever is wrong",
            **where("Majority"),  # type: ignore[arg-type]
        )
    match = _SUMMARY.match(contest.result_summary.strip())
    if match and match["winner"] != cands[0].party_code:
        raise DataError(
            f"the result summary {contest.result_summary!r} names {match['winner']} as the winner, "
            f"but {cands[0].name} ({cands[0].party_code}) has the most votes",
            hint="correct the summary or the votes",
            **where("Election result summary"),  # type: ignore[arg-type]
        )
    # soft: party codes newsgen does not know, and published shares that differ from the votes
    for c in cands:
        if columns is None and c.party is not None and c.party_code not in KNOWN_PARTY_CODES:
            warnings.append(
                str(
                    DataError(
                        f"party code {c.party_code!r} ({c.party.name}) is not one newsgen knows; "
                        "the story names the party as the file does",
                        **where("Main party abbreviation", c.row),  # type: ignore[arg-type]
                    )
                )
            )
        if shares and c.row in shares and contest.valid_votes:
            share = shares[c.row]
            if abs(share - c.votes / contest.valid_votes) > _SHARE_TOLERANCE:
                warnings.append(
                    str(
                        DataError(
                            f"the published share {share:.4f} does not match {c.votes:,} of "
                            f"{contest.valid_votes:,} valid votes ({c.votes / contest.valid_votes:.4f}); "
                            "newsgen uses the votes",
                            **where("Candidate vote share", c.row),  # type: ignore[arg-type]
                        )
                    )
                )
    return warnings
