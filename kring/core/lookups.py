"""Filters written once and applied from wherever a model is reached.

A rule such as "the posts a viewer may read" is a filter on Post; the same rule on the post of a
topic is the same filter with every lookup prefixed by "post__". `lookup(path, name)` makes that
prefix, so each rule stays in one function that takes a `path`.
"""

from __future__ import annotations


def lookup(path: str, name: str) -> str:
    """`name` reached through the relation `path` ("" for the model itself)."""
    return f"{path}__{name}" if path else name
