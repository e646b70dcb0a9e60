"""Markdown in, safe HTML out: rendered once at write time, stored, served as is."""

from kring.core.markup.render import ALLOWED_TAGS, render_markdown

__all__ = ["ALLOWED_TAGS", "render_markdown"]
