"""The language libraries' answers kept between runs: the same words, without the imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsgen.render import filters, words

STORY = (
    "import sys; from newsgen.cli import run; sys.argv = ['newsgen', 'story', 'Southend West and Leigh']\n"
    "try:\n    run()\nexcept SystemExit:\n    pass\n"
    "print('IMPORTED', sorted(m for m in ('num2words', 'inflect') if m in sys.modules), file=sys.stderr)"
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("NEWSGEN_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(words, "_known", None)
    words._path.cache_clear()
    for fn in (filters._in_words, filters._ordinal, filters._plural_of, filters._article_of):
        fn.cache_clear()
    yield tmp_path / "cache" / "newsgen" / "kept"
    words._path.cache_clear()


def _story(env_home: Path) -> tuple[str, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(env_home)}
    env.pop("NEWSGEN_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", STORY], capture_output=True, text=True, env=env, check=True)
    return done.stdout, done.stderr.splitlines()[-1]


def test_a_second_story_says_the_same_words_without_importing_the_libraries(tmp_path: Path) -> None:
    first, imported = _story(tmp_path)
    assert imported == "IMPORTED ['inflect', 'num2words']"  # asked the libraries, and kept their answers
    second, imported = _story(tmp_path)
    assert second == first and imported == "IMPORTED []"


def test_the_kept_answers_are_the_libraries(cache_home: Path) -> None:
    from num2words import num2words

    said = [filters.number(n) for n in range(1, 10)] + [filters.ordinal(n) for n in (1, 3, 12, 21, 100)]
    said += [
        filters.plural("vote"),
        filters.plural("majority"),
        filters.article("SNP hold"),
        filters.article("Labour gain"),
    ]
    assert (
        said[:9]
        == [num2words(n, lang="en_GB") for n in range(1, 10)]
        == ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
    assert said[9:] == [
        "first",
        "third",
        "twelfth",
        "twenty-first",
        "one hundredth",
        "votes",
        "majorities",
        "an SNP hold",
        "a Labour gain",
    ]
    (kept,) = cache_home.glob("words-*.marshal")
    words._known = None  # a new run: from the file
    assert words.answer("ordinal", 21, lambda: "asked again") == "twenty-first"
    assert words.answer("plural", "seat", lambda: "seats") == "seats" and kept.exists()


def test_a_damaged_file_or_no_cache_means_asking_the_libraries(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert filters.ordinal(4) == "fourth"
    (kept,) = cache_home.glob("words-*.marshal")
    kept.write_bytes(b"not marshal data")
    words._known = None
    assert words.answer("ordinal", 4, lambda: "fourth, asked") == "fourth, asked"
    monkeypatch.setenv("NEWSGEN_NO_CACHE", "1")
    words._path.cache_clear()
    words._known = None
    kept.unlink()
    assert words.answer("ordinal", 5, lambda: "fifth") == "fifth" and not list(cache_home.glob("words-*"))
