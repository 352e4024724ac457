"""No run of 8 consecutive words on the built site appears in either seed article."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT
from guide.checks.originality import RUN_LENGTH, SEEDS, check, copied_runs, seed_runs, words

# A real sentence from a seed, with its punctuation and capitals.
SEED_SENTENCE = "Don’t automatically take it as a sign they’re unimpressed with your responses."


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not sorted(SEEDS.glob("*.txt")):
        pytest.fail(f"The seed articles are missing: expected *.txt in {SEEDS} (../shared/seeds beside the project, or set SEEDS_DIR).")
    return SEEDS


def test_no_page_copies_a_seed(site_dir: Path, seeds: Path) -> None:
    failures = check(site_dir, seeds)
    assert not failures, "\n".join(failures)


def test_the_sample_sentence_really_is_in_a_seed(seeds: Path) -> None:
    seed_text = " ".join(" ".join(words(f.read_text())) for f in seeds.glob("*.txt"))
    assert " ".join(words(SEED_SENTENCE)) in seed_text


def test_a_page_with_a_seed_sentence_fails_naming_page_and_run(tmp_path: Path, seeds: Path) -> None:
    own_words = "<h1>Stay calm</h1><p>A quiet interviewer may simply be a quiet person.</p>"
    # Re-cased and re-spaced: normalising must still catch it.
    copied = own_words + f"<p>{SEED_SENTENCE.upper().replace(' ', '  ')}</p>"
    for rel, body in {"index.html": own_words, "during/keep-calm/index.html": copied}.items():
        page = tmp_path / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<html><body><article class="md-content__inner">{body}</article></body></html>')
    failures = check(tmp_path, seeds)
    assert len(failures) == 1, failures
    assert failures[0].startswith("during/keep-calm/index.html: copied from a seed:")
    assert "dont automatically take it as a sign theyre unimpressed with your responses" in failures[0]


def test_seven_words_are_allowed_but_eight_are_not(seeds: Path) -> None:
    known = seed_runs(seeds)
    seven = "take it as a sign theyre unimpressed"
    assert len(seven.split()) == RUN_LENGTH - 1
    assert copied_runs(f"Please {seven} today.", known) == []
    assert copied_runs(f"Please {seven} with today.", known) == [f"{seven} with"]


def test_missing_seed_folder_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="No seed articles in"):
        seed_runs(tmp_path / "no-seeds-here")


def test_seed_folder_is_next_to_the_project_unless_seeds_dir_says_otherwise() -> None:
    expected = os.environ.get("SEEDS_DIR", ROOT.parent / "shared" / "seeds")
    assert SEEDS == Path(expected).resolve()
