"""Realistic synthetic general-election results, in the Commons Library candidate-level CSV schema.

For benchmarks and scale tests: any number of seats, written row by row (constant memory),
the same file for the same seed. Each seat has a unique name and GSS-style code
(``E9`` + seven digits, never a real code), a country and English region in the 2024
proportions, four to ten candidates with vote shares drawn around each country's 2024 party
strengths, valid votes that are exactly the sum of the candidates' votes, no ties, the
majority as 1st minus 2nd, and a "Lab gain from Con"/"Lab hold" summary against a
previous winner (whose candidate is usually the sitting MP).

    python -m newsgen.synthetic --seats 100000 --out synthetic.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from newsgen import resources

# country: (share of seats, GSS prefix letter)
COUNTRIES = {"England": (543, "E"), "Scotland": (57, "S"), "Wales": (32, "W"), "Northern Ireland": (18, "N")}
REGIONS = {
    "South East": 91,
    "London": 75,
    "North West": 73,
    "East of England": 61,
    "South West": 58,
    "West Midlands": 57,
    "Yorkshire and The Humber": 54,
    "East Midlands": 47,
    "North East": 27,
}
# (code, name, mean share) per country
PARTIES: dict[str, list[tuple[str, str, float]]] = {
    "England": [
        ("Lab", "Labour", 0.34),
        ("Con", "Conservative", 0.25),
        ("RUK", "Reform UK", 0.16),
        ("LD", "Liberal Democrat", 0.13),
        ("Green", "Green Party", 0.07),
    ],
    "Scotland": [
        ("Lab", "Labour", 0.36),
        ("SNP", "Scottish National Party", 0.30),
        ("Con", "Conservative", 0.13),
        ("LD", "Liberal Democrat", 0.10),
        ("RUK", "Reform UK", 0.07),
        ("Green", "Scottish Green Party", 0.04),
    ],
    "Wales": [
        ("Lab", "Labour", 0.37),
        ("Con", "Conservative", 0.18),
        ("RUK", "Reform UK", 0.17),
        ("PC", "Plaid Cymru", 0.15),
        ("LD", "Liberal Democrat", 0.07),
        ("Green", "Green Party", 0.05),
    ],
    "Northern Ireland": [
        ("SF", "Sinn Féin", 0.27),
        ("DUP", "Democratic Unionist Party", 0.22),
        ("APNI", "Alliance", 0.15),
        ("UUP", "Ulster Unionist Party", 0.12),
        ("SDLP", "Social Democratic & Labour Party", 0.11),
        ("TUV", "Traditional Unionist Voice", 0.06),
    ],
}
MINOR = [
    ("WPB", "Workers Party of Britain"),
    ("SDP", "Social Democratic Party"),
    ("HPUK", "Heritage Party"),
    ("TUSC", "Trade Unionist and Socialist Coalition"),
    ("Yrks", "The Yorkshire Party"),
    ("UKIP", "UK Independence Party"),
    ("MRLP", "Official Monster Raving Loony Party"),
]
_TOWN_A = [
    "Ash",
    "Brad",
    "Carl",
    "Dun",
    "Elm",
    "Fen",
    "Glen",
    "Hart",
    "Kings",
    "Lang",
    "Mar",
    "Nor",
    "Oak",
    "Pen",
    "Red",
    "Stan",
    "Thorn",
    "Wal",
    "Whit",
    "Brom",
    "Chel",
    "Dor",
    "Frod",
    "Gran",
    "Hol",
    "Ilk",
    "Kel",
    "Lud",
    "Mal",
    "Nest",
    "Orm",
    "Pud",
    "Ross",
    "Sal",
    "Tad",
    "Ux",
    "Ven",
    "Wy",
    "Yar",
    "Zel",
]
_TOWN_B = [
    "ford",
    "ton",
    "ley",
    "bury",
    "field",
    "ham",
    "wick",
    "mouth",
    "borough",
    "stead",
    "worth",
    "combe",
    "dale",
    "minster",
    "port",
]
_QUALIFIER = ("", "North ", "South ", "East ", "West ", "Mid ")
_GIVEN = [
    "Alex",
    "Amira",
    "Ben",
    "Carys",
    "Chris",
    "Deborah",
    "Dev",
    "Eilidh",
    "Emma",
    "Farah",
    "Fiona",
    "Gareth",
    "Grace",
    "Harjit",
    "Helen",
    "Ian",
    "Imran",
    "Jade",
    "James",
    "Jo",
    "Kate",
    "Kieran",
    "Laura",
    "Liam",
    "Mairead",
    "Mark",
    "Nadia",
    "Neil",
    "Olivia",
    "Owen",
    "Priya",
    "Rachel",
    "Rhys",
    "Sam",
    "Sarah",
    "Sean",
    "Tariq",
    "Tom",
    "Una",
    "Yasmin",
]
_FAMILY = [
    "Ahmed",
    "Baker",
    "Bell",
    "Brown",
    "Campbell",
    "Clarke",
    "Davies",
    "Doherty",
    "Evans",
    "Fraser",
    "Green",
    "Hall",
    "Hughes",
    "Jones",
    "Kaur",
    "Khan",
    "Lewis",
    "Macdonald",
    "Martin",
    "Morgan",
    "Murphy",
    "Norris",
    "O'Neill",
    "Patel",
    "Price",
    "Quinn",
    "Roberts",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wright",
    "Young",
]


def header() -> list[str]:
    """The Commons Library file's own header (all 52 columns), read from the bundled 2024 file."""
    with open(resources.bundled(resources.DEFAULT_RESULTS), encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def seat_name(i: int) -> str:
    """A unique place-like name for seat ``i`` (unique for i below 3.4 million)."""
    towns = len(_TOWN_A) * len(_TOWN_B)
    t1, rest = i % towns, i // towns
    q, t2 = rest % len(_QUALIFIER), rest // len(_QUALIFIER)
    town = _TOWN_A[t1 // len(_TOWN_B)] + _TOWN_B[t1 % len(_TOWN_B)]
    name = _QUALIFIER[q] + town
    if t2:
        other = (t2 - 1 + t1 + 1) % towns  # never the seat's own town
        name += " and " + _TOWN_A[other // len(_TOWN_B)] + _TOWN_B[other % len(_TOWN_B)]
        if t2 > towns:
            name += f" {t2 // towns + 1}"
    return name


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def seats(n: int, *, seed: int = 2029, polling_date: dt.date = dt.date(2029, 5, 3)) -> Iterator[list[dict[str, str]]]:
    """The candidate rows of each seat in turn (dicts keyed by the file's header names)."""
    rng = random.Random(seed)
    country_weights = {c: w for c, (w, _) in COUNTRIES.items()}
    for i in range(n):
        country = _weighted(rng, country_weights)
        region = _weighted(rng, REGIONS) if country == "England" else ""
        parties = [(code, name, share * rng.lognormvariate(0, 0.45)) for code, name, share in PARTIES[country]]
        if country != "Northern Ireland":
            parties = [p for p in parties if p[0] in ("Lab", "Con", "SNP", "PC") or rng.random() < 0.95]
            for code, name in rng.sample(MINOR, rng.choice((0, 0, 1, 1, 2, 3))):
                parties.append((code, name, rng.uniform(0.002, 0.02)))
        if rng.random() < 0.15:
            parties.append(("", "", rng.uniform(0.003, 0.05)))  # an independent
        electorate = int(rng.gauss(73000, 6000))
        turnout = min(0.8, max(0.4, rng.gauss(0.6, 0.07)))
        total = sum(s for _, _, s in parties)
        ballots = int(electorate * turnout)
        votes = sorted(((max(20, round(ballots * s / total)), code, name) for code, name, s in parties), reverse=True)
        votes = [(v + (len(votes) - k), code, name) for k, (v, code, name) in enumerate(votes)]  # no ties
        valid = sum(v for v, _, _ in votes)
        invalid = int(valid * rng.uniform(0.001, 0.006))
        winner, second = votes[0], votes[1]
        others = [code for _, code, _ in votes[1:4] if code]
        previous = winner[1] if rng.random() < 0.62 or not others or not winner[1] else rng.choice(others)
        summary_w = winner[1] or "Ind"
        summary = f"{summary_w} hold" if previous == winner[1] else f"{summary_w} gain from {previous}"
        code_letter = COUNTRIES[country][1]
        gss = f"{code_letter}9{i:07d}"
        name = seat_name(i)
        rows = []
        for pos, (v, code, pname) in enumerate(votes, start=1):
            sitting = code == previous and code != "" and rng.random() < 0.85
            member = str(900000 + i) if sitting else ""
            given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
            rows.append(
                {
                    "General election polling date": polling_date.isoformat(),
                    "General election is notional": "false",
                    "Country name": country,
                    "English region name": region,
                    "Constituency name": name,
                    "Constituency geographic code": gss,
                    "Constituency designation": rng.choice(("County", "Borough"))
                    if pos == 1
                    else rows[0]["Constituency designation"],
                    "Electorate": str(electorate),
                    "Election polling date": polling_date.isoformat(),
                    "Election is by-election": "false",
                    "Election valid vote count": str(valid),
                    "Election invalid vote count": str(invalid),
                    "Election result summary": summary,
                    "Candidate family name": family,
                    "Candidate given name": given,
                    "Candidate MNIS ID": member,
                    "Candidate is sitting MP": "true" if sitting else "false",
                    "Candidate is former MP": "true" if sitting else "false",
                    "Main party name": pname,
                    "Main party abbreviation": code,
                    "Candidate is standing as Commons Speaker": "false",
                    "Candidate is standing as independent": "false" if code else "true",
                    "Candidate vote count": str(v),
                    "Candidate vote share": f"{v / valid:.6f}",
                    "Candidate vote change": "",
                    "Majority": str(winner[0] - second[0]) if pos == 1 else "",
                    "Candidate result position": str(pos),
                }
            )
        yield rows


def write(path: str | Path, n: int, *, seed: int = 2029, polling_date: dt.date = dt.date(2029, 5, 3)) -> Path:
    """Write ``n`` synthetic seats to ``path``; returns the path."""
    path = Path(path)
    columns = header()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="")
        writer.writeheader()
        for rows in seats(n, seed=seed, polling_date=polling_date):
            writer.writerows(rows)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seats", type=int, default=1000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=2029)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2029, 5, 3), help="polling date")
    args = parser.parse_args(argv)
    write(args.out, args.seats, seed=args.seed, polling_date=args.date)


if __name__ == "__main__":
    main()
