"""The comparison bench/servers writes: the same pages under each WSGI server in turn, on the
same database, as `<date>-<db>-<scale>-servers.md`.

Each part is one server's run, as bench/driver.py --servers-part saves it: the server and its
version, the bare view at the start and at the end, the pages' wrk numbers, the load average and
the workers' memory after the run.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from bench.report import WHO, ms

# Closer than this to 1x (the geometric mean of the pages' granian/gunicorn) names no winner:
# two short runs in turn on a shared machine differ by that much on their own.
NOISE = 0.10


def bare_rps(part: dict[str, Any]) -> float:
    start, end = part["bare"]
    return float(start["rps"] + end["rps"]) / 2


def loaded(page: dict[str, Any] | None) -> bool:
    return page is not None and not page["load"].get("skipped") and page["load"]["rps"] > 0


def cells(part: dict[str, Any], page: dict[str, Any] | None) -> list[str]:
    """req/s, x bare, p50, p99 of one page under one server (empty when not measured)."""
    if not loaded(page):
        return ["not loaded" if page else "not measured", "", "", ""]
    load = page["load"]  # type: ignore[index]
    ratio = load["rps"] / bare_rps(part) if bare_rps(part) else 0.0
    return [f"{load['rps']:.0f}", f"{ratio:.3f}", ms(load["p50_us"]), ms(load["p99_us"])]


def table(parts: list[dict[str, Any]]) -> tuple[list[str], list[float]]:
    """The table, and the last server's req/s as a share of the first's, per real page."""
    first, last = parts[0], parts[-1]
    names = [p["server"] for p in parts]
    header = ["page", "as"]
    for name in names:
        header += [f"{name} req/s", "x bare", "p50 ms", "p99 ms"]
    header.append(f"{last['server']}/{first['server']} req/s")
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|---|" + "--:|--:|--:|--:|" * len(parts) + "--:|",
    ]
    bare_row = ["Bare view (mean of start and end)", "visitor"]
    for part in parts:
        start, end = part["bare"]
        bare_row += [
            f"{bare_rps(part):.0f}",
            "1",
            ms((start["p50_us"] + end["p50_us"]) / 2),
            ms((start["p99_us"] + end["p99_us"]) / 2),
        ]
    ratio = bare_rps(last) / bare_rps(first) if bare_rps(first) else 0.0
    lines.append("| " + " | ".join([*bare_row, f"{ratio:.2f}"]) + " |")
    shares = []
    order = [(p["name"], p["who"]) for p in first["pages"]]
    order += [
        k for part in parts[1:] for p in part["pages"] if (k := (p["name"], p["who"])) not in order
    ]
    for name, who in order:
        found = [
            next((p for p in part["pages"] if (p["name"], p["who"]) == (name, who)), None)
            for part in parts
        ]
        row = [name, WHO[who]]
        for part, page in zip(parts, found, strict=True):
            row += cells(part, page)
        share = ""
        if loaded(found[0]) and loaded(found[-1]):
            value = found[-1]["load"]["rps"] / found[0]["load"]["rps"]  # type: ignore[index]
            shares.append(value)
            share = f"{value:.2f}"
        lines.append("| " + " | ".join([*row, share]) + " |")
    return lines, shares


def write_comparison(
    *,
    results: Path,
    stem: str,
    parts: list[dict[str, Any]],
    versions: dict[str, str],
    command: str,
    seconds: int,
    warmup: int,
    connections: int,
) -> Path:
    first, last = parts[0], parts[-1]
    rows, shares = table(parts)
    mean = math.exp(sum(math.log(s) for s in shares) / len(shares)) if shares else 0.0
    if abs(mean - 1) < NOISE:
        verdict = f"no clear winner (within {NOISE:.0%} of each other)"
    else:
        verdict = f"the faster here is **{last['server'] if mean > 1 else first['server']}**"
    errors = [
        f"{part['server']}: {page['name']} {page['load']['errors']}"
        for part in parts
        for page in part["pages"]
        if loaded(page) and page["load"].get("errors")
    ]
    lines = [
        f"# Kring server comparison {stem[:10]}: {versions['database']}, {first['scale']} scale",
        "",
        f"Command: `{command}`",
        "",
        (
            f"- Machine: {versions['cpus']} CPUs ({versions['cpu']}), {versions['memory']} memory, "
            f"Linux {versions['kernel']}"
        ),
        (
            f"- Versions: Python {versions['python']}, Django {versions['django']}, "
            + ", ".join(part["version"] for part in parts)
            + f", {versions['database']}, {versions['wrk']}"
        ),
        f"- Code: commit {versions['commit']}",
        "- Servers, in the order measured, each on a free port of 127.0.0.1 with DEBUG off: "
        + "; ".join(f"{part['server']} ({part['setup']})" for part in parts),
        (
            f"- Load: wrk on 127.0.0.1, 1 thread, {connections} connections, {seconds} s per page "
            f"after a {warmup} s warm-up; the bare view /bench/ok at the start and at the end of "
            "each server's run; x bare: the share of that server's own bare view"
        ),
        "- Load average of the machine (1, 5, 15 min): "
        + "; ".join(
            f"{part['server']}: {part['loads'][0]} at the start, {part['loads'][1]} at the end"
            for part in parts
        ),
        "- Worker memory (RSS) after each server's run: "
        + "; ".join(
            f"{part['server']}: {', '.join(f'{mb:.0f} MB' for mb in part['rss'])}" for part in parts
        ),
        "",
        *rows,
        "",
        (
            f"On the real pages (the bare view left out) {last['server']} serves {mean:.2f}x "
            f"the requests per second of {first['server']} (geometric mean of the last column): "
            f"{verdict}. The servers run in turn, {first['server']} first: compare the load "
            "averages above before trusting a small difference."
            if shares
            else "No page was measured under both servers."
        ),
        "",
    ]
    if errors:
        lines += [f"Errors under load: {'; '.join(errors)}.", ""]
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"{stem}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
