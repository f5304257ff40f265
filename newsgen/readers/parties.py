"""One canonical list of parties for every source.

The Commons Library names a party by an abbreviation ("Con") and a short name
("Conservative"); councils' LGA files and Democracy Club use the Electoral Commission's
register ("Conservative and Unionist Party", "PP52" or "party:52"); PA uses its own
abbreviations ("C"). :func:`canonical_party` maps each to the Commons Library's code and
name, so "Conservative and Unionist Party", "Local Conservatives" and "Con" are one party in
facts, angles and prose, and keeps the register id where the source gives one.

Only ids and names seen in the bundled files are listed; any other party keeps the name the
source gives it (its code is that name), as the Commons Library reader does.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsgen.records.models import Party

__all__ = ["canonical_party", "is_independent", "pa_party"]

#: canonical code -> the name the Commons Library gives it
NAMES: dict[str, str] = {
    "Con": "Conservative",
    "Lab": "Labour",
    "LD": "Liberal Democrat",
    "Green": "Green Party",
    "RUK": "Reform UK",
    "BRX": "The Brexit Party",
    "UKIP": "UK Independence Party",
    "SNP": "Scottish National Party",
    "PC": "Plaid Cymru",
    "Lib": "Liberal",
    "SDP": "Social Democratic Party",
    "WPB": "Workers Party of Britain",
    "TUSC": "Trade Unionist and Socialist Coalition",
    "CPA": "Christian Peoples Alliance",
    "WEP": "Women's Equality Party",
    "REU": "Rejoin EU",
    "ED": "English Democrats",
    "Yrks": "The Yorkshire Party",
}

#: Electoral Commission register number -> canonical code, as the bundled LGA and Democracy
#: Club files pair them (Reform UK's registration was the Brexit Party's: told apart by name)
EC_IDS: dict[str, str] = {
    "52": "Con",
    "53": "Lab",
    "90": "LD",
    "63": "Green",
    "7931": "RUK",
    "85": "UKIP",
    "54": "Lib",
    "243": "SDP",
    "11382": "WPB",
    "804": "TUSC",
    "79": "CPA",
    "2755": "WEP",
    "11423": "REU",
    "17": "ED",
    "2055": "Yrks",
}

#: names (lower case, "&" as "and", curly apostrophes straightened) -> canonical code
ALIASES: dict[str, str] = {
    "conservative": "Con",
    "conservative party": "Con",
    "conservative and unionist party": "Con",
    "the conservative party": "Con",
    "local conservatives": "Con",
    "labour": "Lab",
    "labour party": "Lab",
    "labour and co-operative party": "Lab",
    "labour and co-operative": "Lab",
    "labour co-operative": "Lab",
    "liberal democrat": "LD",
    "liberal democrats": "LD",
    "green": "Green",
    "green party": "Green",
    "the green party": "Green",
    "reform uk": "RUK",
    "the brexit party": "BRX",
    "brexit party": "BRX",
    "uk independence party": "UKIP",
    "uk independence party (ukip)": "UKIP",
    "ukip": "UKIP",
    "scottish national party": "SNP",
    "scottish national party (snp)": "SNP",
    "plaid cymru": "PC",
    "plaid cymru - the party of wales": "PC",
    "liberal": "Lib",
    "the liberal party": "Lib",
    "liberal party": "Lib",
    "social democratic party": "SDP",
    "workers party of britain": "WPB",
    "workers party": "WPB",
    "trade unionist and socialist coalition": "TUSC",
    "christian peoples alliance": "CPA",
    "women's equality party": "WEP",
    "rejoin eu": "REU",
    "english democrats": "ED",
    "yorkshire party": "Yrks",
    "the yorkshire party": "Yrks",
}

#: PA's party abbreviations that differ from the Commons Library's (PA names the
#: Conservatives "C" and Reform UK "Reform"; "ND" is a candidate with no description)
PA_CODES: dict[str, str] = {"C": "Con", "Reform": "RUK", "Green": "Green", "SGP": "Green"}

#: names that mean no party
_INDEPENDENT = frozenset({"", "independent", "ind", "no description", "nd", "non-party", "none"})
_EC_ID = re.compile(r"(?:PP|party:|joint-party:)(\d+)", re.IGNORECASE)


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").replace("&", "and").lower().split())


def is_independent(name: str) -> bool:
    """Does the source's party name mean a candidate with no party?"""
    return _key(name) in _INDEPENDENT


@lru_cache(maxsize=1024)
def canonical_party(name: str, ec_id: str | None = None) -> Party | None:
    """The canonical party for a source's party name and register id; None for an independent.

    ``ec_id`` may be written "PP52", "party:52" or "joint-party:53-119" (Labour and
    Co-operative: the first party of a joint description). A name that is neither known nor
    carries a known id keeps its own name as both code and name.
    """
    if is_independent(name) and not ec_id:
        return None
    number = None
    if ec_id:
        m = _EC_ID.match(ec_id.strip())
        number = m.group(1) if m else None
    code = ALIASES.get(_key(name))
    if code is None and number is not None:
        code = EC_IDS.get(number)
        if code == "RUK" and "brexit" in name.lower():
            code = "BRX"
    register = f"PP{number}" if number else None
    if code is None:
        if is_independent(name):
            return None
        label = " ".join(name.split())
        return Party(code=label, name=label, ec_id=register)
    return Party(code=code, name=NAMES[code], ec_id=register)


def pa_party(abbreviation: str, name: str) -> Party | None:
    """The canonical party for a PA feed's abbreviation and name ("C", "Conservative")."""
    if is_independent(abbreviation) and (not name or is_independent(name)):
        return None
    code = PA_CODES.get(abbreviation) or (abbreviation if abbreviation in NAMES else None)
    if code is None:
        from newsgen.records.checks import KNOWN_PARTY_CODES

        if abbreviation in KNOWN_PARTY_CODES and name:  # a Commons Library code PA shares ("APNI", "SDLP")
            return Party(code=abbreviation, name=name)
        return canonical_party(name)
    return Party(code=code, name=name or NAMES[code])  # PA's own name: "Scottish Green Party"
