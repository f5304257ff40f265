"""Who and what a story can name: its candidates, parties, seats and quoted speakers.

Names are matched as whole tokens within one sentence ("The Conservatives" is a party, even
where a candidate's given name is "The"), with titles and honorifics understood: "Ms Firth",
"Sir Keir Starmer", "Dr Jane Smith". Each match becomes an :class:`Entity` the claims and
name checks read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from typing import Any, NamedTuple

from newsgen.facts.parties import party_name
from newsgen.verify.tokens import Token, tokenise

__all__ = ["FEMALE_TITLES", "MALE_TITLES", "TITLES", "Entity", "Lexicon", "Person", "split_title"]

MALE_TITLES = frozenset({"mr", "sir", "lord"})
FEMALE_TITLES = frozenset({"ms", "mrs", "miss", "dame", "lady", "baroness"})
NEUTRAL_TITLES = frozenset({"dr", "cllr", "prof", "professor", "rev", "revd"})
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES
_GENDER_OF_TITLE = {"Mr": "m", "Ms": "f"}

#: the main parties a story may name even where they did not stand (a gain "from" them)
_ALWAYS = ("Con", "Lab", "LD", "Green", "RUK", "SNP", "PC", "DUP", "SF", "SDLP", "UUP", "APNI")


def split_title(name: str) -> tuple[str | None, list[str]]:
    """("Dr", ["Jane", "Smith"]) for "Dr Jane Smith"; (None, [...]) without a title."""
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").lower() in TITLES:
        return words[0].rstrip("."), words[1:]
    return None, words


class Person(NamedTuple):
    """A candidate (seat and index) or a quoted speaker (seat None). (A named tuple: some ten
    are made for every story, and a frozen dataclass takes three times as long to build.)"""

    name: str
    given: str
    family: str
    gender: str | None  # "m", "f" from the data's title, or None
    seat: int | None = None
    index: int | None = None
    titles: tuple[str, ...] = ()  # honorifics the newsroom gives ("Sir", "Dr")


@dataclass(slots=True)
class Entity:
    first: int  # token range
    last: int
    kind: str  # "person", "party", "seat"
    people: list[Person] = field(default_factory=list)
    party: str | None = None  # party code
    seat: int | None = None  # seat number, for seats
    title: str | None = None  # the title printed before a person's name
    possessive: bool = False
    bare: bool = False  # a family name alone ("Kinnock"), as stories do where the data gives no title


def _low(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        return w[:-2]
    return w[:-1] if w.endswith("'") else w


class Lexicon:
    """Every name the story's facts know, keyed by first token, longest match first."""

    def __init__(self, facts: Sequence[Mapping[str, Any]], speakers: Iterable[str] = ()) -> None:
        self.facts = facts
        self.people: list[Person] = []
        # first token (lowercased) -> [(tokens, kind, what)], longest first: the seats and people
        self._phrases: dict[str, list[_Entry]] = {}
        self.families: dict[str, list[Person]] = {}
        self.givens: dict[str, list[Person]] = {}
        # every way each party is named in these seats (the Greens are "the Scottish Green Party" in Scotland)
        parties: dict[str, list[Mapping[str, Any]]] = {code: [] for code in _ALWAYS}
        for n, f in enumerate(facts):
            self._add(f["seat_name"], "seat", n)
            for pred in f.get("predecessor_names") or ():
                self._add(pred, "seat", n)
            for i, c in enumerate(f["candidates"]):
                gender = _GENDER_OF_TITLE.get(c.get("title") or "")
                honorific = c.get("honorific")
                person = Person(
                    c["name"], c["given_name"], c["family_name"], gender, n, i, (honorific,) if honorific else ()
                )
                self._person(person)
                parties.setdefault(c["party"]["code"], []).append(c["party"])
            for key in ("winning_party", "previous_party"):
                p = f.get(key)
                if p:
                    parties.setdefault(p["code"], []).append(p)
        for f in facts:
            if f.get("departing_mp"):  # an open seat's last MP, named as "did not stand again"
                words = f["departing_mp"].split()
                self._person(Person(f["departing_mp"], words[0], " ".join(words[1:]), None))
        known = {p.name for p in self.people} | {p.family for p in self.people}
        # "Sir Lindsay said": a knighted candidate by title and given name, not another speaker
        known |= {p.given for p in self.people if any(t.lower() in ("sir", "dame") for t in p.titles)}
        for speaker in speakers:
            title, words = split_title(speaker)
            if not words or " ".join(words) in known:
                continue  # a candidate quoted ("Mr Burton-Sampson said"): the same person
            person = Person(
                " ".join(words),
                words[0] if len(words) > 1 else "",
                words[-1],
                None,
                None,
                None,
                (title,) if title else (),
            )
            self._person(person)
        # the parties' phrases, the same in many stories: kept apart, built once per set of parties
        self._parties, self._party_pairs = _party_index(
            tuple((code, _forms(code, records)) for code, records in parties.items())
        )

    def _person(self, person: Person) -> None:
        self.people.append(person)
        name, given, family = person.name, person.given, person.family
        full = ""
        if given and family:
            full = f"{given} {family}"
            self._add(full, "person", person)
        if name and name != full:  # (a candidate's name is most often just that)
            self._add(name, "person", person)
        if family:
            if person.seat is not None:
                self._add(family, "surname", person)  # "Kinnock on 17,008" where the data gives no title
            words = family.split()
            self.families.setdefault(_low(words[-1]), []).append(person)
            self.families.setdefault(_low(words[0]), []).append(person)
        if given:
            self.givens.setdefault(_low(given.split()[0]), []).append(person)

    def _add(self, phrase: str, kind: str, ref: Any) -> None:
        words = _phrase_words(phrase)
        if not words:
            return
        entries = self._phrases.get(words[0])
        if entries is None:
            self._phrases[words[0]] = [(words, kind, ref)]
            return
        for w, k, r in entries:
            if r is ref and k == kind and w == words:
                return
        _insert(entries, (words, kind, ref))

    def starts(self, lows: Sequence[str]) -> list[int]:
        """The indices of the tokens (by their ``low``) where a name or a title may start: the
        only ones :meth:`entities` needs to look at, found for a whole text in one pass."""
        opening = self._phrases.keys() | self._parties.keys() | TITLES
        return list(compress(count(), map(opening.__contains__, lows)))

    def entities(self, tokens: list[Token], first: int, end: int, starts: Iterable[int] | None = None) -> list[Entity]:
        """Names in tokens[first:end], longest match first, left to right.

        ``starts``: the indices in that range where a name or title may start, in order
        (:meth:`starts`); every other token is passed over. Worked out here when not given."""
        out: list[Entity] = []
        if starts is None:
            starts = [k + first for k in self.starts([t.low for t in tokens[first:end]])]
        i = first
        for k in starts:
            if k < i:
                continue  # inside the name found before
            i = k
            t = tokens[i]
            low = t.low  # (a word's has no full stop: tokenise ends words before one)
            title = None
            j = i
            found = self._match(tokens, i, end)
            titled = (
                low in TITLES
                and t.capital
                and i + 1 < end
                and (tokens[i + 1].capital or tokens[i + 1].kind not in ("word", "nl"))  # a name opening with a sign
            )
            if titled and not (found is not None and found.kind == "person"):
                title, j = t.text.rstrip("."), i + 1
                found = self._match(tokens, j, end)
            if title is not None:
                ent = self._titled(tokens, title, i, j, end, found)
                if ent is not None:
                    out.append(ent)
                    i = ent.last + 1
                    continue
            if found is not None and (
                tokens[i].text[:1].isupper()
                or tokens[i].kind != "word"  # a name opening with a digit or a sign
                or (found.party == "Ind" and t.low in ("independent", "independents"))
                or (found.kind == "person" and any(_spelt(p, t.text) for p in found.people))  # "de Piero"
            ):
                out.append(found)
                i = found.last + 1
                continue
            i += 1
        return out

    def _match(self, tokens: list[Token], i: int, end: int) -> Entity | None:
        """The longest known name starting at token i (its phrases are sorted longest first)."""
        low = tokens[i].low
        names = self._phrases.get(low, ())
        by_second = self._party_pairs.get(low)
        if by_second is None:
            parties: tuple[_Entry, ...] = ()
        else:  # only the phrases the next token could continue ("the" opens a dozen)
            second = tokens[i + 1].low if i + 1 < end else None
            parties = by_second.get(second, by_second[None])
        if not names and not parties:
            return None
        size, hits = _spelt_from(names, tokens, i, end)
        if parties:
            party_size, party_hits = _spelt_from(parties, tokens, i, end)
            if party_size > size:
                size, hits = party_size, party_hits
            elif party_size == size:
                hits += party_hits  # of one length, names before parties
        if not size:
            return None
        last = i + size - 1
        if len(hits) == 1:  # most names: one candidate, party or seat
            kind, ref = hits[0]
            possessive = tokens[last].possessive
            if kind in ("person", "surname"):
                return Entity(i, last, "person", [ref], possessive=possessive, bare=kind == "surname")
            if kind == "party":
                return Entity(i, last, "party", party=ref, possessive=possessive)
            return Entity(i, last, "seat", seat=ref, possessive=possessive)
        kinds = {kind for kind, _ in hits}
        bare = "surname" in kinds and "person" not in kinds
        if "surname" in kinds:  # a family name alone is a person too ("Mr Hoyle said" makes one)
            hits = [("person", ref) if k == "surname" else (k, ref) for k, ref in hits]
            kinds = {kind for kind, _ in hits}
        kind = "person" if "person" in kinds else "party" if "party" in kinds else "seat"
        ent = Entity(i, last, kind, possessive=tokens[last].possessive, bare=bare)
        for k, ref in hits:
            if k != kind:
                continue
            if k == "person":
                ent.people.append(ref)
            elif k == "party" and ent.party is None:
                ent.party = ref
            elif k == "seat" and ent.seat is None:
                ent.seat = ref
        return ent

    def _titled(self, tokens: list[Token], title: str, i: int, j: int, end: int, found: Entity | None) -> Entity | None:
        """A title and what follows: a family name ("Ms Firth") or a full name ("Sir Keir Starmer")."""
        if found is not None and found.kind == "person":
            return Entity(i, found.last, "person", found.people, title=title, possessive=found.possessive)
        # "Mr Burton-Sampson", "Ms Van der Berg": the longest family name that follows
        fams = self.families.get(tokens[j].low, ())
        best: tuple[int, list[Person]] | None = None
        for p in fams:
            words = [_low(w) for w in p.family.split()]
            k = len(words)
            if j + k <= end and all(tokens[j + m].low == words[m] for m in range(k)):
                if best is None or k > best[0]:
                    best = (k, [p])
                elif k == best[0]:
                    best[1].append(p)
        if best is None and title.lower() in ("sir", "dame"):
            # a knight or dame the newsroom names so ("Sir Keir Starmer") is "Sir Keir" later on
            # (the whole given name, as tokens: a given name may be several words, or odd ones)
            for p in self.people:
                if not p.given or title.lower() not in (t.lower() for t in p.titles):
                    continue
                words = _phrase_words(p.given)
                k = len(words)
                if j + k <= end and tuple(tokens[j + m].low for m in range(k)) == words:
                    if best is None or k > best[0]:
                        best = (k, [p])
                    elif k == best[0]:
                        best[1].append(p)
        if best is None:
            return None
        last = j + best[0] - 1
        return Entity(i, last, "person", best[1], title=title, possessive=tokens[last].possessive)


#: a phrase a name is known by: its lower-cased tokens, what it names (seat, person, surname,
#: party) and which (the seat's number, the Person, the party's code)
_Entry = tuple[tuple[str, ...], str, Any]


def _insert(entries: list[_Entry], entry: _Entry) -> None:
    """Add ``entry`` after every entry as long or longer: the list stays longest first, and
    phrases of one length keep the order they were added in."""
    k = len(entry[0])
    at = len(entries)
    while at and len(entries[at - 1][0]) < k:
        at -= 1
    entries.insert(at, entry)


def _spelt_from(entries: Sequence[_Entry], tokens: list[Token], i: int, end: int) -> tuple[int, list[tuple[str, Any]]]:
    """The longest of ``entries`` (longest first, all keyed by token i's word) that the tokens
    from i spell: their length (0 for none) and (kind, what) of each of that length, in order."""
    size = 0
    hits: list[tuple[str, Any]] = []
    second = tokens[i + 1].low if i + 1 < end else None
    for words, kind, ref in entries:
        k = len(words)
        if k < size:
            break
        if i + k > end:
            continue
        # the first word is the key, so it matches: compare the second, then the rest
        if k > 1 and (words[1] != second or any(tokens[i + m].low != words[m] for m in range(2, k))):
            continue
        size = k
        hits.append((kind, ref))
    return size, hits


def _forms(code: str, records: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Every name the story's records give the party (its name, nouns and adjectives)."""
    if not records:
        return _default_forms(code)
    forms: set[str] = set()
    for names in records:
        forms.update((names["name"], names["noun"], names["adj"], names["noun_alt"], names.get("adj_alt", "")))
    return frozenset(forms)


@lru_cache(maxsize=1024)
def _default_forms(code: str) -> frozenset[str]:
    """How stories name a party that did not stand here (a gain "from" them)."""
    return _forms(code, [_record(code)])


#: party phrases by first token, then by second token (None: any other, or none), each list
#: keeping only the phrases that token lets match: one word, or that second word
_Pairs = dict[str, dict[str | None, tuple[_Entry, ...]]]


@lru_cache(maxsize=512)
def _party_index(parties: tuple[tuple[str, frozenset[str]], ...]) -> tuple[dict[str, tuple[_Entry, ...]], _Pairs]:
    """Every party phrase of these parties by first token, longest first (of one length, in the
    parties' order), and the same split by second token (a phrase of two words or more cannot
    match unless the next token is its second word, so leaving it out changes no match).
    Shared by the stories naming the same parties: read them, never change them."""
    index: dict[str, list[_Entry]] = {}
    for code, forms in parties:
        for words in _party_phrases(code, forms):
            _insert(index.setdefault(words[0], []), (words, "party", code))
    pairs: _Pairs = {}
    for first, entries in index.items():
        seconds = {words[1] for words, _, _ in entries if len(words) > 1}
        by_second: dict[str | None, tuple[_Entry, ...]] = {
            second: tuple(e for e in entries if len(e[0]) == 1 or e[0][1] == second) for second in seconds
        }
        by_second[None] = tuple(e for e in entries if len(e[0]) == 1)
        pairs[first] = by_second
    return {first: tuple(entries) for first, entries in index.items()}, pairs


@lru_cache(maxsize=1024)
def _party_phrases(code: str, forms: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """Every way a party may be named, as token tuples: its names, without "the", its code
    ("an independent, third last time" for independents). The same in every story: cached."""
    out: list[tuple[str, ...]] = []
    for form in sorted(forms):
        if form and form not in ("an independent", "independent"):
            out.append(_phrase_words(form))
            if form.lower().startswith("the "):
                out.append(_phrase_words(form[4:]))
    if code == "Ind":
        out.append(_phrase_words("independent"))
        out.append(_phrase_words("independents"))  # a council story: "independents won four seats"
    elif code != "Spk":
        out.append(_phrase_words(code))
    return tuple(w for w in dict.fromkeys(out) if w)


_PLAIN_NAME = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


@lru_cache(maxsize=32768)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    """A name's tokens, lower-cased: party and place names repeat in every story, so cached
    (room for every phrase of a 650-seat file: a smaller cache would miss on each of them)."""
    if _PLAIN_NAME.fullmatch(phrase):
        return tuple(phrase.lower().split())  # letters and spaces: what tokenise gives, quicker
    return tuple(t.low for t in tokenise(phrase))


def _spelt(person: Person, word: str) -> bool:
    """Does the person's name, as the data spells it, start with ``word`` (a lower-case "de")?"""
    return any(n.split()[0] == word for n in (person.name, person.family) if n)


def _record(code: str) -> dict[str, Any]:
    p = party_name(code, None)
    return {"code": p.code, "name": p.name, "noun": p.noun, "adj": p.adj, "noun_alt": p.noun_alt, "adj_alt": p.adj_alt}
