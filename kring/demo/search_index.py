"""The last demo step: builders write in bulk where they can, so the search index is rebuilt
once at the end instead of following every row."""

from __future__ import annotations

import random

from kring.demo.context import DemoContext
from kring.search.rebuild import rebuild_index


def build_search_index(context: DemoContext, rng: random.Random) -> str:
    counts = rebuild_index()
    return f"{sum(counts.values())} search entries"
