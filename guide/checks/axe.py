"""axe-core in a Playwright page: the WCAG 2.2 AA rules every page is held to, and the
report a failure prints, for tests/test_accessibility.py (every page) and the tests
that check a page after a reader has done something on it.

axe-core is pinned in package-lock.json and installed into ./node_modules by
`make node` (which `make test` runs).
"""
from __future__ import annotations

from pathlib import Path

from guide.errors import GuideError

ROOT = Path(__file__).resolve().parents[2]  # the project folder: guide/checks/ is two below it
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
    summary: v.nodes[0] ? v.nodes[0].failureSummary : "",
  }));
}"""


def source() -> str:
    """axe-core's script, for a context's init script: in every page from its start, with no
    640 KB transfer per page."""
    if not AXE.is_file():
        raise GuideError(f"{AXE.relative_to(ROOT)} is missing: run 'make node' (npm ci) or 'make test'.")
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """axe's violations of the page as it is now (each with its rule id, impact, help and targets)."""
    return page.evaluate(RUN, TAGS)


def report(where: str, found: list[dict]) -> str:
    """The violations as a failure prints them: each rule, with the CSS targets of up to eight elements."""
    lines = [f"{where}: {len(found)} axe violation(s)"]
    for v in found:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    target: {t}" for t in v["targets"][:8])
        if len(v["targets"]) > 8:
            lines.append(f"    ... and {len(v['targets']) - 8} more")
        lines.append("    " + v["summary"].replace("\n", "\n    "))
    return "\n".join(lines)
