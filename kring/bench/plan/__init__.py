"""The seeded community, planned in memory before a row is written (see people.py)."""

from kring.bench.plan.content import Planner

__all__ = ["Planner"]
