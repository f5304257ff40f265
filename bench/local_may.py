"""Benchmark: a May-election-sized council night, as one whole `newsgen batch` process.

    python bench/local_may.py [--repeat 3] [--wards 5000] [--councils 150]

Writes a SYNTHETIC results file in the LGA standard (the layout councils publish, as
Trafford's bundled file): 150 councils, 5,000 ward contests on one polling day, a quarter of
them electing three councillors and a sixth two (all-out elections), three to ten candidates
each, votes drawn from a fixed seed. The names, parties and figures are made up for timing
only: nothing here is a real result, and the file is written to a scratch folder, never to
the repository.

Then it times `newsgen batch --results FILE --out DIR --format md` as a fresh process
(import, read, facts, angles, render, verify, write: 5,000 ward stories and 150 council
stories) onto tmpfs, and prints the best and median of the runs, the peak memory of the
process tree, and whether every story was written.

Target (issue #13): under 10 s whole process on the 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NEWSGEN, compile_bytecode, machine, run, scratch

HEADER = [
    "ElectionDate",
    "TypeofElection",
    "ElectedBodyURI",
    "ElectedBodyLabel",
    "ElectoralAreaURI",
    "ElectoralAreaLabel",
    "CandidateSurname",
    "CandidateForenames",
    "CommonlyUsedSurname",
    "CommonlyUsedForenames",
    "PoliticalPartyURI",
    "PoliticalPartyLabel",
    "VotesWon",
    "Elected",
    "VotesCast",
    "EligibleElectorate",
    "BallotsRejectedUnmarked",
    "PercentageTurnout",
]
PARTIES = [
    ("PP52", "Conservative and Unionist Party", 30),
    ("PP53", "Labour Party", 30),
    ("PP90", "Liberal Democrats", 15),
    ("PP63", "Green Party", 10),
    ("PP7931", "Reform UK", 12),
    ("", "Independent", 3),
]
GIVEN = ("Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Morgan", "Taylor", "Casey", "Drew", "Ali")
FAMILY = ("SMITH", "JONES", "TAYLOR", "BROWN", "WILLIAMS", "WILSON", "DAVIES", "WRIGHT", "EVANS", "WALKER")


def write_file(path: Path, wards: int, councils: int, seed: int = 2027) -> tuple[int, int]:
    """The synthetic file; returns (ward contests, councils)."""
    rng = random.Random(seed)
    per = [wards // councils + (1 if i < wards % councils else 0) for i in range(councils)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for c, count in enumerate(per):
            council = f"Synthetic Borough {c + 1:03d} Council"
            for w in range(count):
                seats = rng.choices([1, 2, 3], weights=[60, 15, 25])[0]
                n = rng.randint(max(3, seats + 1), min(10, seats * 2 + 4))
                parties = [rng.choices(PARTIES, weights=[p[2] for p in PARTIES])[0] for _ in range(n)]
                votes = sorted((rng.randint(40, 2400) for _ in range(n)), reverse=True)
                rejected = rng.randint(0, 40)
                # every voter has up to ``seats`` votes: at least this many ballot papers
                ballots = max(max(votes), -(-sum(votes) // seats)) + rejected
                electorate = max(rng.randint(5000, 12000), 2 * ballots)
                used = set()
                for k in range(n):
                    while True:
                        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
                        if (given, family) not in used:
                            used.add((given, family))
                            break
                    ec, label, _ = parties[k]
                    out.writerow(
                        [
                            "2027-05-06",
                            "DistrictAndBorough",
                            "",
                            council,
                            f"http://statistics.data.gov.uk/id/statistical-geography/E05{c:03d}{w:03d}",
                            f"Ward {c + 1:03d}-{w + 1:02d}",
                            family,
                            given,
                            "",
                            "",
                            f"http://search.electoralcommission.org.uk/English/Registrations/{ec}" if ec else "",
                            label,
                            votes[k],
                            "ELECTED" if k < seats else "NOT ELECTED",
                            ballots,
                            electorate,
                            rejected,
                            f"{100 * ballots / electorate:.1f}",
                        ]
                    )
    return wards, councils


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wards", type=int, default=5000)
    parser.add_argument("--councils", type=int, default=150)
    args = parser.parse_args()
    print(compile_bytecode())
    print("Machine:", machine())
    work = scratch("ram")
    results = work / "synthetic-may-2027-lga.csv"
    t0 = time.perf_counter()
    write_file(results, args.wards, args.councils)
    print(
        f"synthetic LGA file: {args.wards:,} wards, {args.councils} councils ({time.perf_counter() - t0:.1f} s to make)"
    )
    times, peaks = [], []
    status = 0
    for _ in range(args.repeat):
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak, status = run(
            [*NEWSGEN, "batch", "--results", str(results), "--out", str(out), "--format", "md"], sample_memory=True
        )
        times.append(seconds)
        peaks.append(peak)
        written = len(list(out.glob("*.md")))
    shutil.rmtree(work, ignore_errors=True)
    best, median = min(times), statistics.median(times)
    print(
        f"whole process, {written:,} stories (exit {status}): best {best:.2f} s, median {median:.2f} s, "
        f"peak memory {max(peaks):.0f} MB"
    )
    print(f"target < 10 s: {'MET' if best < 10 else 'NOT MET'}")


if __name__ == "__main__":
    main()
