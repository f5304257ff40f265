"""The angle rules: small pure functions from a seat's facts to an Angle, or None.

Register a rule with ``@rule``; ``ANGLE_IDS`` lists them all. A rule fires only when
the facts support it, and its evidence names the facts it rests on.
"""

from __future__ import annotations

from collections.abc import Callable

from newsgen.angles.model import Angle
from newsgen.angles.thresholds import Thresholds
from newsgen.facts.parties import GROUP_NAMES, HISTORY_GROUP
from newsgen.facts.seat import CandidateFacts, SeatFacts

Rule = Callable[[SeatFacts, Thresholds], Angle | None]
SEAT_RULES: dict[str, Rule] = {}


def rule(angle_id: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        SEAT_RULES[angle_id] = fn
        return fn

    return register


def _n(value: int) -> str:
    return f"{value:,}"


@rule("gain")
def gain(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.result != "gain" or f.previous_party is None:
        return None
    basis = (
        "the notional 2019 result on the new boundaries"
        if f.baseline_kind == "notional"
        else f"the {f.baseline_year} result"
    )
    return Angle(
        "gain",
        t.score_gain,
        f"{_cap(f.winning_party.noun)} took the seat from {f.previous_party.noun} (against {basis})",
        {
            "result_summary": f.result_summary,
            "winner_party": f.winning_party.code,
            "previous_party": f.previous_party.code,
            "baseline": f.baseline_kind,
        },
    )


@rule("by_election")
def by_election(f: SeatFacts, t: Thresholds) -> Angle | None:
    """A Westminster by-election: the story says so and sets the result against the last
    general election (the baseline the facts already use)."""
    if not f.extras.get("by_election"):
        return None
    return Angle(
        "by_election",
        t.score_by_election,
        f"a by-election, compared with the {f.baseline_year} general election"
        + (f" ({f.result} for {f.winning_party.noun})" if f.result else ""),
        {"result": f.result, "baseline_year": f.baseline_year, "previous_majority": f.previous_majority},
    )


@rule("hold")
def hold(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.result != "hold":
        return None
    return Angle(
        "hold",
        t.score_hold,
        f"{_cap(f.winning_party.noun)} kept the seat",
        {"result_summary": f.result_summary, "winner_party": f.winning_party.code},
    )


@rule("historic_first")
def historic_first(f: SeatFacts, t: Thresholds) -> Angle | None:
    h = f.history
    if h is None or f.result != "gain" or h.winner_group_won or not h.complete:
        return None  # a gap in the seat's history (a name we could not follow) leaves "never" unknown
    if f.winner.sitting_mp:
        return None  # already an MP here (e.g. elected under another label): no "first" to claim
    # The history file lumps smaller parties into "others", so for them winner_group_won is
    # already true wherever any "other" candidate ever won: no first is claimed there.
    code = f.winning_party.code
    seats = " or ".join(s for s in h.seats if s != f.seat_name)
    where = "this seat" + (f" or {seats}" if seats else "")
    since = f", {h.single_group_name} at every election since {h.first_year}" if h.single_group_name else ""
    span = "" if h.from_start else f" in {h.elections} general elections since {h.first_year}"
    if h.created:
        span = f" since the seat was created in {h.created}"
    return Angle(
        "historic_first",
        t.score_historic_first,
        f"{f.winning_party.name} has never won {where}{span}{since}",
        {
            "winner_party": code,
            "history_seats": list(h.seats),
            "history_from": h.first_year,
            "history_to": h.last_year,
            "elections_checked": h.elections,
            "single_group": h.single_group,
            # "in its history" only when the file (1918 on) covers the seat and what it was formed from
            "from_start": h.from_start,
            # first fought under its name after 1918: "since it was created in 1997"
            "created": h.created,
        },
    )


@rule("ousted_incumbent")
def ousted_incumbent(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.uncontested or not f.defeated_mps:
        return None
    mp = f.defeated_mps[0]
    elsewhere = "" if f.sat_here(mp) else f", MP for {mp.sat_for}"
    return Angle(
        "ousted_incumbent",
        _defeat_score(mp, t.score_ousted_incumbent, t),
        f"sitting MP {mp.name} ({mp.party.name}{elsewhere}) lost, finishing {_ord(mp.position)}",
        {
            "mp": mp.name,
            "mp_party": mp.party.code,
            "mp_votes": mp.votes,
            "mp_position": mp.position,
            "mp_sat_for": mp.sat_for,
            "mp_sat_here": f.sat_here(mp),
        },
    )


def _defeat_score(mp: CandidateFacts, score: int, t: Thresholds) -> int:
    """A defeated MP's story leads unless they had left their party and finished far back."""
    return t.score_ousted_far_back if mp.changed_label and mp.position > 2 else score


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _years(years: tuple[int, ...]) -> str:
    text = [str(y) for y in years]
    return ", ".join(text[:-1]) + " or " + text[-1] if len(text) > 1 else "".join(text)


def _ord(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


@rule("regained_seat")
def regained_seat(f: SeatFacts, t: Thresholds) -> Angle | None:
    """A former MP wins back the seat (or its predecessor) they lost: Anna Turley, Redcar 2024."""
    w = f.winner
    if f.uncontested or not w.regained:
        return None
    return Angle(
        "regained_seat",
        t.score_regained_seat,
        f"{w.name} won back the seat they won in {w.won_here_last} and lost in {w.lost_here}",
        {"winner": w.name, "won_here_last": w.won_here_last, "lost_here": w.lost_here},
    )


@rule("defended_seat")
def defended_seat(f: SeatFacts, t: Thresholds) -> Angle | None:
    """The seat's MP kept a seat the result counts as a gain: elected at a by-election since the
    last general election (Sarah Edwards, Tamworth 2024), or elected for another party (Lee
    Anderson, Ashfield 2024). Not a challenger's win."""
    w = f.winner
    by_election = w.byelection_year is not None or w.sat_for is None  # not a general-election winner
    # ... or an MP who changed party and kept the seat under the new one (Lee Anderson, Ashfield 2024)
    if f.uncontested or f.result != "gain" or not f.defended or not f.earlier_elections:
        return None
    if not (by_election or w.changed_label):
        return None
    return Angle(
        "defended_seat",
        t.score_defended_seat,
        f"{w.name} was already the MP (elected at a by-election since {f.earlier_elections[-1]}) and kept the seat, "
        f"a gain only against the {f.baseline_kind} {f.baseline_year} result",
        {"winner": w.name, "since_election": f.earlier_elections[-1], "baseline": f.baseline_kind},
    )


@rule("long_tenure_ended")
def long_tenure_ended(f: SeatFacts, t: Thresholds) -> Angle | None:
    for mp in f.defeated_mps:
        if mp.tenure_since is not None and f.year - mp.tenure_since >= t.long_tenure_years:
            since = f"before {mp.tenure_since}" if mp.tenure_before else str(mp.tenure_since)
            return Angle(
                "long_tenure_ended",
                _defeat_score(mp, t.score_long_tenure_ended, t),
                f"{mp.name} had been an MP since {since} and lost",
                {"mp": mp.name, "mp_since": mp.tenure_since, "mp_since_before": mp.tenure_before},
            )
    return None


@rule("big_name_defeat")
def big_name_defeat(f: SeatFacts, t: Thresholds) -> Angle | None:
    for c in f.candidates[1:]:
        if c.notable and c.role and (c.sitting_mp or c.position == 2):
            return Angle(
                "big_name_defeat",
                t.score_big_name_defeat,
                f"{c.name}, {c.role}, lost",
                {"candidate": c.name, "role": c.role, "position": c.position},
            )
    return None


@rule("big_name_survives")
def big_name_survives(f: SeatFacts, t: Thresholds) -> Angle | None:
    w = f.winner
    if w.notable and w.role and w.sitting_mp:
        return Angle(
            "big_name_survives",
            t.score_big_name_survives,
            f"{w.name}, {w.role}, held on",
            {"candidate": w.name, "role": w.role, "majority": f.majority},
        )
    return None


@rule("big_name_win")
def big_name_win(f: SeatFacts, t: Thresholds) -> Angle | None:
    w = f.winner
    if w.notable and w.role and not w.sitting_mp:
        return Angle(
            "big_name_win", t.score_big_name_win, f"{w.name}, {w.role}, won", {"candidate": w.name, "role": w.role}
        )
    return None


@rule("narrow_majority")
def narrow_majority(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.uncontested or f.majority >= t.narrow_majority_votes:
        return None
    score = t.score_tiny_majority if f.majority < t.tiny_majority_votes else t.score_narrow_majority
    return Angle(
        "narrow_majority",
        score,
        f"majority of just {_n(f.majority)} votes over {f.runner_up.party.name if f.runner_up else ''}".rstrip(),
        {"majority": f.majority, "majority_share": round(f.majority_share, 2), "tie": f.tie},
    )


@rule("landslide")
def landslide(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.uncontested or f.winner.speaker:
        return None
    if f.majority_share >= t.landslide_share or f.majority >= t.landslide_votes:
        return Angle(
            "landslide",
            t.score_landslide,
            f"majority of {_n(f.majority)} ({f.majority_share:.1f} points)",
            {"majority": f.majority, "majority_share": round(f.majority_share, 2)},
        )
    return None


@rule("overturned_majority")
def overturned_majority(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.result != "gain" or f.previous_majority_share is None or f.previous_majority_share < t.overturned_share:
        return None
    if f.defended:
        return None  # the winner already held the seat (a by-election): the lead was overturned before
    return Angle(
        "overturned_majority",
        t.score_overturned_majority,
        f"{_cap(f.previous_party.noun) if f.previous_party else 'The previous winner'} led by "
        f"{f.previous_majority_share:.1f} points in {f.baseline_year} and still lost",
        {
            "previous_majority_share": round(f.previous_majority_share, 2),
            "baseline": f.baseline_kind,
            "baseline_year": f.baseline_year,
        },
    )


@rule("party_first_seat")
def party_first_seat(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.party_wins_before is not False or not f.earlier_elections or f.winning_party.code in ("Ind", "Spk"):
        return None
    if f.winner.sitting_mp:
        return None  # already the party's MP (a by-election, a defection): not its first seat
    return Angle(
        "party_first_seat",
        t.score_party_first_seat,
        f"{f.winning_party.name} won no seats at the {_years(f.earlier_elections)} general elections",
        {
            "winner_party": f.winning_party.code,
            "earlier_elections": list(f.earlier_elections),
            "party_seats_now": f.seat_count_for_party,
        },
    )


@rule("independent_win")
def independent_win(f: SeatFacts, t: Thresholds) -> Angle | None:
    if f.winning_party.code != "Ind":
        return None
    return Angle(
        "independent_win", t.score_independent_win, f"{f.winner.name} won as an independent", {"winner": f.winner.name}
    )


@rule("speaker_seat")
def speaker_seat(f: SeatFacts, t: Thresholds) -> Angle | None:
    if not f.winner.speaker:
        return None
    return Angle(
        "speaker_seat", t.score_speaker_seat, f"{f.winner.name} was re-elected as Speaker", {"winner": f.winner.name}
    )


@rule("third_place_battle")
def third_place_battle(f: SeatFacts, t: Thresholds) -> Angle | None:
    third = f.third
    if third is None or len(f.candidates) < 4:
        return None
    fourth = f.candidates[3]
    close = third.share - fourth.share <= t.third_place_close_points
    if f.previous_party is not None and third.party.code == f.previous_party.code and f.result == "gain":
        return None  # last time's winner in third: a collapse, not a battle for third
    changed = f.previous_third is not None and third.party.code != f.previous_third
    if not (close or changed):
        return None
    why = []
    if changed:
        before = next((c.party.noun for c in f.candidates if c.party.code == f.previous_third), f.previous_third)
        why.append(f"{_cap(third.party.noun)} took third place from {before} ({f.baseline_kind} {f.baseline_year})")
    if close:
        gap = _n(third.votes - fourth.votes)
        why.append(f"{_cap(third.party.noun)} beat {fourth.party.noun} to third by {gap} votes")
    return Angle(
        "third_place_battle",
        t.score_third_place_battle,
        "; ".join(why),
        {
            "third": third.name,
            "third_party": third.party.code,
            "third_votes": third.votes,
            "fourth_party": fourth.party.code,
            "fourth_votes": fourth.votes,
            "previous_third": f.previous_third,
        },
    )


@rule("collapse")
def collapse(f: SeatFacts, t: Thresholds) -> Angle | None:
    """The party that won the seat last time finished third or lower: Telford 2024, where the
    Conservatives fell behind Reform UK. Not a 'third-place battle'."""
    prev = f.previous_party
    if f.uncontested or prev is None or prev.code == f.winning_party.code or f.baseline_year is None:
        return None
    fallen = next((c for c in f.candidates if c.party.code == prev.code), None)
    if fallen is None or fallen.position < 3:
        return None
    return Angle(
        "collapse",
        t.score_collapse,
        f"{_cap(prev.noun)} won the seat in {f.baseline_year} ({f.baseline_kind}) and finished {_ord(fallen.position)}",
        {"party": prev.code, "position": fallen.position, "votes": fallen.votes, "baseline": f.baseline_kind},
    )


@rule("safe_seat_falls")
def safe_seat_falls(f: SeatFacts, t: Thresholds) -> Angle | None:
    """A gain from a party that had won the seat at every general election for a long run, by the
    history file: "Conservative at every general election since 1950" (South Norfolk 2024).

    Not where ``historic_first`` fires: the winner's party never won the seat is the bigger
    story, and its lede already says whose the seat had been (a historic first outranks, so this
    angle stays out of the way rather than repeat it). Not where the winner was already the
    seat's MP (a by-election winner defending a notional gain, see ``defended_seat``): the run
    ended at the by-election, not now. The run needs the history to be complete from its start.
    """
    h = f.history
    prev = f.previous_party
    if f.uncontested or f.result != "gain" or prev is None or h is None or not h.complete:
        return None
    since = h.loser_run_since
    if since is None or f.year - since < t.safe_seat_years or f.defended:
        return None
    if f.byelection_gain_party is not None:
        return None  # the run ended at a by-election since the last general election, not now
    if historic_first(f, t) is not None:
        return None
    group = HISTORY_GROUP.get(prev.code, "oth")
    # the history file has one group for Liberals and Liberal Democrats: name the run as it does
    held_by = GROUP_NAMES[group] if group == "lib" else prev.adj
    # "its first Labour MP since 1945": only for a party the history file names alone
    last_won = h.winner_group_last_won if HISTORY_GROUP.get(f.winning_party.code) in ("con", "lab") else None
    return Angle(
        "safe_seat_falls",
        t.score_safe_seat_falls,
        f"{held_by} at every general election since {since} ({f.year - since} years) until "
        f"{f.winning_party.noun} took it" + (f"; {f.winning_party.noun} last won it in {last_won}" if last_won else ""),
        {
            "previous_party": prev.code,
            "held_by": held_by,
            "run_since": since,
            "run_years": f.year - since,
            "winner_party": f.winning_party.code,
            "winner_last_won": last_won,
            "history_seats": list(h.seats),
        },
    )


def _share_before(c: CandidateFacts) -> float | None:
    """A candidate's party's share last time, from the published change (None if it did not stand)."""
    return None if c.share_change is None else c.share - c.share_change


@rule("runner_up_surge")
def runner_up_surge(f: SeatFacts, t: Thresholds) -> Angle | None:
    """The runner-up's party came from far back: third or lower last time and up at least
    ``runner_up_surge_points`` (Reform UK second in 98 seats in 2024, often from fourth or
    fifth); or, in a hold, it cut a lead of ``runner_up_closed_from`` points or more to under
    ``runner_up_closed_to`` (a safe seat made marginal).

    Places last time come from the published share changes of the parties standing now: the
    runner-up was third or lower when at least two of them had a bigger share then. A party with
    no published change (it did not stand last time, or an independent) is left out: there is no
    rise to vouch for.
    """
    r = f.runner_up
    if f.uncontested or r is None or r.party.code in ("Ind", "Spk"):
        return None
    before = _share_before(r)
    if before is None or r.share_change is None or r.share_change <= 0:
        return None
    ahead = [c.party.code for c in f.candidates if c is not r and (b := _share_before(c)) is not None and b > before]
    jumped = len(ahead) >= 2 and r.share_change >= t.runner_up_surge_points
    closed = (
        f.result == "hold"
        and f.byelection_gain_party is None  # the seat changed hands since (Mid Bedfordshire, 2023)
        and f.previous_majority_share is not None
        and f.previous_majority_share >= t.runner_up_closed_from
        and f.majority_share < t.runner_up_closed_to
    )
    if not (jumped or closed):
        return None
    kind = "jump" if jumped else "closed"
    if jumped:
        why = f"{_cap(r.party.noun)} came second, up {r.share_change:.1f} points, from behind {' and '.join(ahead)}"
    else:
        why = (
            f"{_cap(r.party.noun)} cut the lead of {f.winning_party.noun} from {f.previous_majority_share or 0:.1f} "
            f"points ({f.baseline_kind} {f.baseline_year}) to {f.majority_share:.1f}"
        )
    return Angle(
        "runner_up_surge",
        t.score_runner_up_surge,
        why,
        {
            "kind": kind,
            "runner_up": r.name,
            "runner_up_party": r.party.code,
            "share_change": round(r.share_change, 2),
            "previous_third": f.previous_third,
            "behind_last_time": ahead,
            "previous_majority_share": None
            if f.previous_majority_share is None
            else round(f.previous_majority_share, 2),
            "majority_share": round(f.majority_share, 2),
        },
    )


@rule("turnout_change")
def turnout_change(f: SeatFacts, t: Thresholds) -> Angle | None:
    change = f.shown_turnout_change
    if change is None or abs(change) < t.turnout_change_points:
        return None
    base = (
        f"{f.predecessor} in {f.baseline_year}"
        if f.predecessor_turnout_change is not None
        else f"the notional {f.baseline_year} figure"
    )
    return Angle(
        "turnout_change",
        t.score_turnout_change,
        f"turnout {'fell' if change < 0 else 'rose'} {abs(change):.2f} points on {base}",
        {"turnout": round(f.turnout, 2), "turnout_change": round(change, 2), "baseline": base},
    )


ANGLE_IDS: tuple[str, ...] = (*SEAT_RULES, "area_sweep")
