"""How prose names the parties the results file names.

Only the forms of the main parties are written down here (``the Tories`` is a house-style
synonym for the Conservatives, not a guess); any other party is named exactly as the data
names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: history-file party group for a results-file party code
HISTORY_GROUP = {"Con": "con", "Lab": "lab", "LD": "lib", "SNP": "natSW", "PC": "natSW"}
GROUP_NAMES = {"con": "Conservative", "lab": "Labour", "lib": "Liberal or Liberal Democrat", "natSW": "nationalist"}


@dataclass(frozen=True, slots=True)
class PartyName:
    code: str
    name: str  # as the data names it
    noun: str  # as a subject: "the Conservatives", "Labour"
    adj: str  # before a name: "Conservative Gavin Haran"
    noun_alt: str  # a house-style synonym, or the noun again
    adj_alt: str
    short: str  # for tables and result lines: "Con", "Lab"


_KNOWN: dict[str, tuple[str, str, str, str]] = {
    # code: (noun, adj, noun_alt, adj_alt)
    "Con": ("the Conservatives", "Conservative", "the Tories", "Tory"),
    "Lab": ("Labour", "Labour", "Labour", "Labour"),
    "LD": ("the Liberal Democrats", "Liberal Democrat", "the Lib Dems", "Lib Dem"),
    "Green": ("the Greens", "Green", "the Green Party", "Green"),
    "RUK": ("Reform UK", "Reform UK", "Reform", "Reform"),
    "SNP": ("the SNP", "SNP", "the SNP", "SNP"),
    "PC": ("Plaid Cymru", "Plaid Cymru", "Plaid", "Plaid"),
    "DUP": ("the DUP", "DUP", "the DUP", "DUP"),
    "SF": ("Sinn Féin", "Sinn Féin", "Sinn Féin", "Sinn Féin"),
    "SDLP": ("the SDLP", "SDLP", "the SDLP", "SDLP"),
    "UUP": ("the UUP", "UUP", "the Ulster Unionists", "Ulster Unionist"),
    "APNI": ("Alliance", "Alliance", "the Alliance Party", "Alliance"),
    "TUV": ("the TUV", "TUV", "the TUV", "TUV"),
    "Spk": ("the Speaker", "the Speaker", "the Speaker", "the Speaker"),
    "Ind": ("an independent", "independent", "an independent", "independent"),
}


@lru_cache(maxsize=4096)
def party_name(code: str, data_name: str | None) -> PartyName:
    """How stories name a party (cached: PartyName is frozen, and a file names few parties)."""
    known = _KNOWN.get(code)
    name = data_name or ("Speaker" if code == "Spk" else "Independent" if code == "Ind" else code)
    if known:
        noun, adj, noun_alt, adj_alt = known
        if code == "Green" and data_name and data_name != "Green Party":
            noun = noun_alt = f"the {data_name}"  # e.g. the Scottish Green Party
        return PartyName(code, name, noun, adj, noun_alt, adj_alt, code)
    words = set(name.lower().split())
    if name.startswith("The "):
        noun = "the " + name[4:]  # "the Yorkshire Party" mid-sentence; capfirst at a sentence's start
    elif name.lower() in _ADJECTIVE_NAMES:
        noun = f"the {name} Party"  # the data names the Liberal Party "Liberal": not "Liberal's 2,336"
    elif words & {"party", "coalition", "movement"}:
        noun = f"the {name}"
    else:
        noun = name
    return PartyName(code, name, noun, name, noun, name, code)


#: parties the results file names by an adjective alone
_ADJECTIVE_NAMES = frozenset({"liberal"})
