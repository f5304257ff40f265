"""House-style filters: (value, expected) tables."""

from __future__ import annotations

import pytest

from newsgen.facts.parties import party_name
from newsgen.render import filters
from newsgen.render.style import STYLES


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (1, "one"),
        (3, "three"),
        (9, "nine"),
        (10, "10"),
        (98, "98"),
        (16739, "16,739"),
        (1234567, "1,234,567"),
    ],
)
def test_number(n: int, expected: str) -> None:
    assert filters.number(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "one vote"), (2, "two votes"), (39, "39 votes"), (14790, "14,790 votes")]
)
def test_votes(n: int, expected: str) -> None:
    assert filters.votes(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (39, "39"),
        (7, "seven"),
        (98, "98"),
        (100, "100"),
        (132, "more than 100"),
        (1949, "more than 1,900"),
        (2000, "2,000"),
        (4027, "more than 4,000"),
        (21472, "more than 21,000"),
    ],
)
def test_rounded_never_rounds_up(n: int, expected: str) -> None:
    assert filters.rounded(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (11, "eleventh")]
)
def test_ordinal(n: int, expected: str) -> None:
    assert filters.ordinal(n) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Labour gain", "a Labour gain"),
        ("SNP hold", "an SNP hold"),
        ("independent gain", "an independent gain"),
        ("Green MP", "a Green MP"),
        ("Labour MP", "a Labour MP"),
        ("SDLP MP", "an SDLP MP"),
        ("UUP gain", "a UUP gain"),  # South Antrim 2024 read "an UUP gain"
        ("UK Independence Party gain", "a UK Independence Party gain"),
        ("UKIP MP", "a UKIP MP"),
        ("EU referendum", "an EU referendum"),
        ("MP", "an MP"),
        ("NHS trust", "an NHS trust"),
        ("Ulster Unionist gain", "an Ulster Unionist gain"),
        ("the Speaker hold", "the Speaker hold"),
    ],
)
def test_article(phrase: str, expected: str) -> None:
    assert filters.article(phrase) == expected


# party code: (article with adj, article with adj_alt) -- every adjective that reaches |a
_ARTICLES = {
    "Con": ("a Conservative gain", "a Tory gain"),
    "Lab": ("a Labour gain", "a Labour gain"),
    "LD": ("a Liberal Democrat gain", "a Lib Dem gain"),
    "Green": ("a Green gain", "a Green gain"),
    "RUK": ("a Reform UK gain", "a Reform gain"),
    "SNP": ("an SNP gain", "an SNP gain"),
    "PC": ("a Plaid Cymru gain", "a Plaid gain"),
    "DUP": ("a DUP gain", "a DUP gain"),
    "SF": ("a Sinn Féin gain", "a Sinn Féin gain"),
    "SDLP": ("an SDLP gain", "an SDLP gain"),
    "UUP": ("a UUP gain", "an Ulster Unionist gain"),
    "APNI": ("an Alliance gain", "an Alliance gain"),
    "TUV": ("a TUV gain", "a TUV gain"),
    "Ind": ("an independent gain", "an independent gain"),
}


@pytest.mark.parametrize(("code", "expected"), _ARTICLES.items())
def test_article_for_every_party_adjective(code: str, expected: tuple[str, str]) -> None:
    p = party_name(code, None)
    assert (filters.article(f"{p.adj} gain"), filters.article(f"{p.adj_alt} gain")) == expected
    assert filters.article(f"{p.adj} MP") == expected[0].removesuffix("gain") + "MP"


@pytest.mark.parametrize(
    ("value", "style", "places", "expected"),
    [(62.7097, "local", 2, "62.71 per cent"), (62.7097, "bbc", 2, "62.71%"), (66.9, "local", 1, "66.9 per cent")],
)
def test_percent(value: float, style: str, places: int, expected: str) -> None:
    assert filters.percent(value, STYLES[style], places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-5.07, "5.1 percentage points"), (1.0, "1.0 percentage point"), (12.345, "12.3 percentage points")],
)
def test_points(value: float, expected: str) -> None:
    assert filters.points(value) == expected


@pytest.mark.parametrize(
    ("items", "expected"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")]
)
def test_join_has_no_oxford_comma(items: list[str], expected: str) -> None:
    assert filters.join(items) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Labour", "Labour's"),
        ("Ms Firth", "Ms Firth's"),
        ("James", "James's"),
        ("the Greens", "the Greens'"),
        ("the SNP", "the SNP's"),
        ("Liverpool Community Independents", "Liverpool Community Independents'"),  # Garston 2024
        ("English Democrats", "English Democrats'"),
        ("Hampshire Independents", "Hampshire Independents'"),
        ("Consensus", "Consensus's"),
        ("Jones", "Jones's"),
        ("Ms Banks", "Ms Banks's"),
        ("Mr Clements", "Mr Clements's"),
        ("Liz Saville Roberts", "Liz Saville Roberts's"),
        ("Mr Evans", "Mr Evans's"),
        ("the Workers Party of Britain", "the Workers Party of Britain's"),
    ],
)
def test_possessive(name: str, expected: str) -> None:
    assert filters.possessive(name) == expected


# party code: (possessive of noun, possessive of noun_alt) -- every party noun that reaches it
_POSSESSIVES = {
    "Con": ("the Conservatives'", "the Tories'"),
    "Lab": ("Labour's", "Labour's"),
    "LD": ("the Liberal Democrats'", "the Lib Dems'"),
    "Green": ("the Greens'", "the Green Party's"),
    "RUK": ("Reform UK's", "Reform's"),
    "SNP": ("the SNP's", "the SNP's"),
    "PC": ("Plaid Cymru's", "Plaid's"),
    "DUP": ("the DUP's", "the DUP's"),
    "SF": ("Sinn Féin's", "Sinn Féin's"),
    "SDLP": ("the SDLP's", "the SDLP's"),
    "UUP": ("the UUP's", "the Ulster Unionists'"),
    "APNI": ("Alliance's", "the Alliance Party's"),
    "TUV": ("the TUV's", "the TUV's"),
    "Spk": ("the Speaker's", "the Speaker's"),
}


@pytest.mark.parametrize(("code", "expected"), _POSSESSIVES.items())
def test_possessive_for_every_party_noun(code: str, expected: tuple[str, str]) -> None:
    p = party_name(code, None)
    assert (filters.possessive(p.noun), filters.possessive(p.noun_alt)) == expected


@pytest.mark.parametrize(
    ("code", "data_name", "expected"),
    [
        ("LCI", "Liverpool Community Independents", "Liverpool Community Independents'"),
        ("ED", "English Democrats", "English Democrats'"),
        ("Si", "Swale Independents", "Swale Independents'"),
        ("Cnsn", "Consensus", "Consensus's"),
        ("WPB", "Workers Party of Britain", "the Workers Party of Britain's"),
        ("Green", "Scottish Green Party", "the Scottish Green Party's"),
    ],
)
def test_possessive_for_parties_named_by_the_data(code: str, data_name: str, expected: str) -> None:
    assert filters.possessive(party_name(code, data_name).noun) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Labour", "wins"),
        ("the Conservatives", "win"),
        ("the Lib Dems", "win"),
        ("Reform UK", "wins"),
        ("the SNP", "wins"),
        ("Liverpool Community Independents", "win"),
        ("the Ulster Unionists", "win"),
        ("Consensus", "wins"),
    ],
)
def test_verb_agrees_with_party(subject: str, expected: str) -> None:
    assert filters.verb(subject, "wins", "win") == expected


@pytest.mark.parametrize(
    ("text", "caps", "expected"),
    [
        ("Labour delivered a defeat.", True, "LABOUR delivered a defeat."),
        ("Labour delivered.", False, "Labour delivered."),
    ],
)
def test_lede_case(text: str, caps: bool, expected: str) -> None:
    assert filters.lede_case(text, caps) == expected


def test_party_nouns_for_names_the_data_writes_oddly() -> None:
    possessive = filters.possessive
    # results file: "The Yorkshire Party" (Yrks), "Liberal" (Lib): mid-sentence they read
    # "the Yorkshire Party's 1,581" and "the Liberal Party's 2,336", not "The ..." or "Liberal's"
    assert possessive(party_name("Yrks", "The Yorkshire Party").noun) == "the Yorkshire Party's"
    assert possessive(party_name("Lib", "Liberal").noun) == "the Liberal Party's"
    assert party_name("WPB", "Workers Party of Britain").noun == "the Workers Party of Britain"
    assert party_name("HI", "Hampshire Independents").noun == "Hampshire Independents"
