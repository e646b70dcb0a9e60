"""axe-core in the browser: every page a journey visits must be free of serious violations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page; fail on any serious or critical violation, listing each.

    The browser context needs bypass_csp=True: the page's CSP refuses injected scripts.
    """
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
    blocking += invisible_text(result["incomplete"])
    if not blocking:
        return
    lines = [f"{len(blocking)} serious accessibility violation(s) on {page.url}:"]
    for violation in blocking:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"       {summary[:300]}")
    pytest.fail("\n".join(lines), pytrace=False)


def invisible_text(incomplete: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Text in exactly its background's colour, which axe files under "needs review" (it might
    be hidden on purpose) rather than as a violation; on Kring's pages it is always a bug."""
    found = []
    for result in incomplete:
        if result["id"] != "color-contrast":
            continue
        nodes = [
            node
            for node in result["nodes"]
            if any(check.get("data", {}).get("messageKey") == "equalRatio" for check in node["any"])
        ]
        if nodes:
            found.append({**result, "impact": "serious", "nodes": nodes})
    return found
