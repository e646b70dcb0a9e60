"""Results of a benchmark run: the Markdown table, the SVG chart and README's summary.

The targets are those of issue #6 (measured on PostgreSQL at medium scale, 16 connections);
on another database or scale the same checks are shown for reference.
"""

from __future__ import annotations

import math
import re
from html import escape
from pathlib import Path
from typing import Any

MEMBER_RATIO, VISITOR_RATIO = 0.20, 0.50
READ_P99_MS, WRITE_P99_MS = 100.0, 150.0
MAX_QUERIES = 10
MAX_RSS_MB = 250.0
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"
WHO = {
    "member": "member",
    "moderator": "moderator",
    "visitor": "visitor",
    "write": "member (write)",
}


TAGS = {"bare": "", "member": " [M]", "moderator": " [S]", "visitor": " [V]", "write": " [W]"}


def ms(microseconds: float) -> str:
    return f"{microseconds / 1000:.1f}"


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def skipped(target: Any) -> bool:
    """Too slow to put under load (the driver says so): every timing target fails."""
    return bool(target.load.get("skipped"))


def row_checks(target: Any, bare_rps: float) -> dict[str, bool]:
    if skipped(target):
        return {"queries": target.queries <= MAX_QUERIES, "p99": False, "ratio": False}
    ratio = target.load["rps"] / bare_rps if bare_rps else 0.0
    checks = {
        "queries": target.queries <= MAX_QUERIES,
        "p99": target.load["p99_us"] / 1000
        < (WRITE_P99_MS if target.who == "write" else READ_P99_MS),
        "errors": target.load["errors"] == 0,
    }
    if target.who != "write":
        checks["ratio"] = ratio >= (VISITOR_RATIO if target.who == "visitor" else MEMBER_RATIO)
    return checks


def transaction_statements(targets: list[Any]) -> str:
    """Which pages also sent transaction statements, and how many."""
    counted = [f"{t.name} {t.transactions}" for t in targets if t.transactions]
    return "; ".join(counted) if counted else "none"


def table(targets: list[Any], bare: tuple[dict[str, Any], dict[str, Any]]) -> list[str]:
    bare_rps = (bare[0]["rps"] + bare[1]["rps"]) / 2
    lines = [
        (
            "| page | as | req/s | x bare | p50 ms | p95 ms | p99 ms | queries | bytes "
            "| in-process ms | errors |"
        ),
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, numbers in (("Bare view, start", bare[0]), ("Bare view, end", bare[1])):
        lines.append(
            f"| {label} | visitor | {numbers['rps']:.0f} | {numbers['rps'] / bare_rps:.2f} "
            f"| {ms(numbers['p50_us'])} | {ms(numbers['p95_us'])} | {ms(numbers['p99_us'])} "
            f"| 0 | 2 | | {numbers['errors']} |"
        )
    for target in targets:
        load = target.load
        if skipped(target):
            lines.append(
                f"| {target.name} | {WHO[target.who]} | not loaded | | | | | {target.queries} "
                f"| {target.size:,} | {target.inprocess_ms:,.0f} | |"
            )
            continue
        lines.append(
            f"| {target.name} | {WHO[target.who]} | {load['rps']:.0f} "
            f"| {load['rps'] / bare_rps:.3f} | {ms(load['p50_us'])} | {ms(load['p95_us'])} "
            f"| {ms(load['p99_us'])} | {target.queries} | {target.size:,} "
            f"| {target.inprocess_ms:.1f} | {load['errors']} |"
        )
    return lines


def targets_section(
    targets: list[Any], bare_rps: float, rss: list[float], official: bool
) -> list[str]:
    lines = [
        "## Targets of issue #6",
        "",
        (
            "Measured on PostgreSQL at medium scale: these are the figures the targets are "
            "judged on."
            if official
            else "The targets are judged on PostgreSQL at medium scale; this run is for "
            "reference (same checks)."
        ),
        "",
        "| target | holds | where it does not |",
        "|---|---|---|",
    ]

    def failing(check: str, who: set[str]) -> list[str]:
        return [
            t.name for t in targets if t.who in who and not row_checks(t, bare_rps).get(check, True)
        ]

    rules = [
        (
            f"member read pages >= {MEMBER_RATIO:.2f}x the bare view",
            failing("ratio", {"member", "moderator"}),
        ),
        (
            f"anonymous public pages >= {VISITOR_RATIO:.2f}x the bare view",
            failing("ratio", {"visitor"}),
        ),
        (
            f"p99 < {READ_P99_MS:.0f} ms for read pages",
            failing("p99", {"member", "moderator", "visitor"}),
        ),
        (f"p99 < {WRITE_P99_MS:.0f} ms for writes", failing("p99", {"write"})),
        (f"queries per page <= {MAX_QUERIES}", failing("queries", set(WHO))),
        ("no errors under load", failing("errors", set(WHO))),
        (
            f"worker memory < {MAX_RSS_MB:.0f} MB RSS after the run",
            [f"{mb:.0f} MB" for mb in rss if mb >= MAX_RSS_MB],
        ),
    ]
    for rule, failures in rules:
        lines.append(f"| {rule} | {verdict(not failures)} | {', '.join(failures)} |")
    lines += [
        search_rule(targets),
        keyset_rule(targets),
        keyset_rule(
            targets,
            "Conversation newest page",
            "Conversation oldest page",
            "conversation",
        ),
    ]
    return lines


SEARCH_P95_MS = 50.0
# "As fast as": the last page keeps at least this share of the first page's req/s.
KEYSET_SHARE = 0.8


def _measured(targets: list[Any], prefix: str, who: str = "member") -> Any:
    return next(
        (t for t in targets if t.name.startswith(prefix) and t.who == who and not skipped(t)),
        None,
    )


def search_rule(targets: list[Any]) -> str:
    search = _measured(targets, "Search")
    if search is None:
        return f"| search p95 < {SEARCH_P95_MS:.0f} ms | not measured | no search index seeded |"
    p95 = search.load["p95_us"] / 1000
    ok = p95 < SEARCH_P95_MS
    return (
        f"| search p95 < {SEARCH_P95_MS:.0f} ms | {verdict(ok)} | {'' if ok else f'{p95:.0f} ms'} |"
    )


def keyset_rule(
    targets: list[Any],
    first_page: str = "Topic page 1",
    last_page: str = "Topic last page",
    what: str = "topic",
) -> str:
    first, last = _measured(targets, first_page), _measured(targets, last_page)
    rule = f"{what} last page as fast as the first"
    if first is None or last is None:
        return f"| {rule} | not measured | no {what} with more than one page seeded |"
    share = last.load["rps"] / first.load["rps"] if first.load["rps"] else 0.0
    ok = share >= KEYSET_SHARE
    return f"| {rule} | {verdict(ok)} | last page at {share:.2f}x the first page's req/s |"


def chart(targets: list[Any], bare: tuple[dict[str, Any], dict[str, Any]], title: str) -> str:
    """Horizontal bars of req/s per page, each labelled with its ratio to the bare view."""
    bare_rps = (bare[0]["rps"] + bare[1]["rps"]) / 2
    rows = [("Bare Django view (mean)", "bare", bare_rps)] + [
        (t.name, t.who, 0.0 if skipped(t) else t.load["rps"]) for t in targets
    ]
    width, left, bar_h, gap, top = 860, 300, 22, 8, 56
    plot = width - left - 150
    height = top + len(rows) * (bar_h + gap) + 40
    peak = max(rps for _, _, rps in rows) or 1.0
    colours = {
        "bare": "#6b7280",
        "member": "#1d4ed8",
        "moderator": "#7c3aed",
        "visitor": "#047857",
        "write": "#b45309",
    }
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t">'
        ),
        f'<title id="t">{escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        (
            f'<text x="16" y="26" font-family="sans-serif" font-size="16" font-weight="bold">'
            f"{escape(title)}</text>"
        ),
        (
            '<text x="16" y="44" font-family="sans-serif" font-size="12" fill="#374151">'
            "requests per second, log scale (longer is better); in brackets: the share of the "
            "bare view; [M] member, [S] moderator (staff), [V] visitor, [W] write</text>"
        ),
    ]
    for index, (name, who, rps) in enumerate(rows):
        y = top + index * (bar_h + gap)
        # A log scale: pages at 0.02x the bare view stay visible beside it.
        length = max(1.0, plot * math.log10(1 + rps) / math.log10(1 + peak))
        tag = TAGS[who]
        label = name if len(name) <= 38 else name[:37] + "…"
        parts += [
            (
                f'<text x="{left - 8}" y="{y + 16}" font-family="sans-serif" font-size="12" '
                f'text-anchor="end">{escape(label + tag)}</text>'
            ),
            (
                f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_h}" '
                f'fill="{colours[who]}"/>'
            ),
            (
                f'<text x="{left + length + 6:.1f}" y="{y + 16}" font-family="sans-serif" '
                f'font-size="12">{rps:,.0f} ({rps / bare_rps:.2f}x)</text>'
            ),
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def cache_lines(targets: list[Any]) -> list[str]:
    """What the visitor page cache answered right after each visitor page's load."""
    seen = [
        f"{t.name}: {t.cache}" for t in targets if t.who == "visitor" and getattr(t, "cache", "")
    ]
    if not seen:
        return []
    return [
        "Visitor page cache (kring/core/pagecache.py) after each visitor page's load: "
        + "; ".join(seen)
        + ". The visitor pages are measured first, before the run's writes (each write's event "
        "empties the cache); their warm-up fills it again after the driver's test writes.",
        "",
    ]


def write_results(
    *,
    results: Path,
    stem: str,
    db_label: str,
    scale: str,
    counts: dict[str, int],
    targets: list[Any],
    bare: tuple[dict[str, Any], dict[str, Any]],
    rss: list[float],
    versions: dict[str, str],
    command: str,
    seconds: int,
    warmup: int,
    connections: int,
    seed_log: str,
    readme: Path | None,
) -> list[Path]:
    bare_rps = (bare[0]["rps"] + bare[1]["rps"]) / 2
    database = versions["database"]
    title = f"Kring benchmark {stem[:10]}: {database}, {scale} scale"
    data = ", ".join(f"{n:,} {what}" for what, n in counts.items())
    official = db_label == "postgresql" and scale == "medium"
    lines = [
        f"# {title}",
        "",
        f"Command: `{command}`",
        "",
        (
            f"- Machine: {versions['cpus']} CPUs ({versions['cpu']}), {versions['memory']} memory, "
            f"Linux {versions['kernel']}"
        ),
        (
            f"- Versions: Python {versions['python']}, Django {versions['django']}, "
            f"{versions['server']} ({versions['server_setup']}, DEBUG off), {database}, "
            f"{versions['wrk']}"
        ),
        f"- Code: commit {versions['commit']}",
        (
            f"- Load average of the machine (1, 5, 15 min): {versions['load']} (a shared machine: "
            "other work on it slows pages and the bare view alike; the ratios absorb part of it)"
        ),
        f"- Data: {data}",
        (
            f"- Load: wrk on 127.0.0.1, 1 thread, {connections} connections, {seconds} s per page "
            f"after a {warmup} s warm-up; writes go round 50 posts as one member"
        ),
        (
            f"- Bare view: /bench/ok under the same server, {bare[0]['rps']:.0f} req/s at the "
            f"start and {bare[1]['rps']:.0f} at the end; ratios (x bare) are to the mean, "
            f"{bare_rps:.0f} req/s"
        ),
        (
            "- Queries: SQL statements, counted once per page with Django's test client (a "
            "logged-in request includes loading its session, when it is not in the cache), "
            "without the transaction statements Django also logs (BEGIN, COMMIT, savepoints: "
            f"{transaction_statements(targets)}); bytes: the page's HTML; in-process ms: the test "
            "client's time per request, without HTTP (profiles: "
            f"[{stem}-profiles.txt]({stem}-profiles.txt))"
        ),
        f"- Worker memory (RSS) after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)}",
        "",
        f"![req/s per page]({stem}.svg)",
        "",
        *table(targets, bare),
        "",
        *cache_lines(targets),
        *targets_section(targets, bare_rps, rss, official),
        "",
        *scale_curve(results, stem=stem, db_label=db_label, scale=scale, targets=targets),
    ]
    if seed_log:
        lines += ["## Seeding this database", "", "```", seed_log.strip(), "```", ""]
    markdown = results / f"{stem}.md"
    markdown.write_text("\n".join(lines), encoding="utf-8")
    svg = results / f"{stem}.svg"
    svg.write_text(chart(targets, bare, title), encoding="utf-8")
    if readme is not None:
        update_readme(readme, stem=stem, title=title, targets=targets, bare_rps=bare_rps, rss=rss)
    return [markdown, svg, results / f"{stem}-profiles.txt"]


# The scale curve (issue #6, point 5): a page's in-process time from small to medium scale.
CURVE_SCALES = ("small", "medium")
GROWS, GROWS_WITH_QUERIES = 2.0, 1.5  # growth factors of the in-process time


def page_key(name: str, who: str) -> tuple[str, str]:
    """A page as both scales name it: without the data in brackets ("Hot post (621 comments)")."""
    return re.sub(r"\s*\([^()]*\)$", "", name), who


def parse_table(markdown: str) -> dict[tuple[str, str], tuple[int, float]]:
    """Queries and in-process ms per page from the table `table()` wrote into a results file."""
    lines = markdown.splitlines()
    header = next((i for i, ln in enumerate(lines) if ln.startswith("| page | as |")), None)
    if header is None:
        return {}
    columns = [c.strip() for c in lines[header].strip().strip("|").split("|")]
    if "queries" not in columns or "in-process ms" not in columns:  # an older results file
        return {}
    queries, inprocess = columns.index("queries"), columns.index("in-process ms")
    pages = {}
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        try:
            numbers = int(cells[queries]), float(cells[inprocess].replace(",", ""))
        except (IndexError, ValueError):  # the bare view's rows have no in-process time
            continue
        pages[page_key(cells[0], cells[1])] = numbers
    return pages


def other_scale_file(results: Path, *, stem: str, db_label: str, scale: str) -> Path | None:
    """The newest results file of the same database (and server) at the other curve scale."""
    if scale not in CURVE_SCALES:
        return None
    other = CURVE_SCALES[1 - CURVE_SCALES.index(scale)]
    variant = stem.partition(f"-{db_label}-{scale}")[2]  # "-granian" for a granian run
    pattern = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}-{re.escape(db_label)}-{other}{variant}\.md")
    found = sorted(p for p in results.glob("*.md") if pattern.fullmatch(p.name))
    return found[-1] if found else None


def scale_curve(
    results: Path, *, stem: str, db_label: str, scale: str, targets: list[Any]
) -> list[str]:
    """Small against medium scale, per page in both runs: a page whose time grows with the
    data is a bug. Empty when there is no run of the other scale yet."""
    other = other_scale_file(results, stem=stem, db_label=db_label, scale=scale)
    if other is None:
        return []
    theirs = parse_table(other.read_text(encoding="utf-8"))
    ours = {page_key(t.name, WHO[t.who]): (t.queries, t.inprocess_ms) for t in targets}
    small, medium = (ours, theirs) if scale == "small" else (theirs, ours)
    lines = [
        "## Scale curve (small → medium)",
        "",
        (
            f"This run against [{other.name}]({other.name}). In-process ms: the test client's time "
            "per request (no HTTP, no load). A page grows with the data when its time grows more "
            f"than {GROWS:.0f}x, or more than {GROWS_WITH_QUERIES}x with a different number of "
            "queries; the two runs may be hours apart on a shared machine, so small factors are "
            "noise."
        ),
        "",
        "| page | as | in-process ms small → medium | growth | queries small → medium | verdict |",
        "|---|---|--:|--:|--:|---|",
    ]
    for key in [k for k in ours if k in theirs]:
        (q_small, ms_small), (q_medium, ms_medium) = small[key], medium[key]
        growth = ms_medium / ms_small if ms_small else math.inf
        grows = growth > GROWS or (growth > GROWS_WITH_QUERIES and q_small != q_medium)
        lines.append(
            f"| {key[0]} | {key[1]} | {ms_small:,.1f} → {ms_medium:,.1f} | {growth:.2f}x "
            f"| {q_small} → {q_medium} | {'**grows with the data**' if grows else 'flat'} |"
        )
    for label, only in (
        (f"Only in this run ({scale})", [k[0] for k in ours if k not in theirs]),
        (f"Only in {other.name}", [k[0] for k in theirs if k not in ours]),
    ):
        if only:
            lines += ["", f"{label}: {', '.join(only)}."]
    return [*lines, ""]


def update_readme(
    readme: Path, *, stem: str, title: str, targets: list[Any], bare_rps: float, rss: list[float]
) -> None:
    """Replace the summary between the bench markers in README.md with this run's."""
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return
    summary = [
        README_START,
        (
            f"Newest run: [{title}](bench/results/{stem}.md) (bare Django view: {bare_rps:.0f} "
            f"req/s; worker memory after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)})."
        ),
        "",
        "| page | as | req/s | x bare | p99 ms | queries |",
        "|---|---|--:|--:|--:|--:|",
        *[
            f"| {t.name} | {WHO[t.who]} | not loaded: {t.inprocess_ms / 1000:.1f} s in-process "
            f"| | | {t.queries} |"
            if skipped(t)
            else f"| {t.name} | {WHO[t.who]} | {t.load['rps']:.0f} "
            f"| {t.load['rps'] / bare_rps:.3f} | {ms(t.load['p99_us'])} | {t.queries} |"
            for t in targets
        ],
        README_END,
    ]
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.DOTALL)
    readme.write_text(pattern.sub(lambda _m: "\n".join(summary), text), encoding="utf-8")
