"""The bridge from Django templates (allauth's pages) to Kring's one Jinja2 layout."""

from typing import Any

from django import template
from django.template import engines
from django.template.base import NodeList, Parser, Token
from django.utils.safestring import mark_safe

from kring.core.forms_rendering import described_by

register = template.Library()


class JinjaLayoutNode(template.Node):
    def __init__(self, nodelist: NodeList, title_nodelist: NodeList | None) -> None:
        self.nodelist = nodelist
        self.title_nodelist = title_nodelist or NodeList()
        self.child_nodelists = ("nodelist", "title_nodelist")

    def render(self, context: template.Context) -> str:
        content = self.nodelist.render(context)
        # Rendered by the Django engine, which escaped every variable in it already.
        title = mark_safe(" ".join(self.title_nodelist.render(context).split()))  # noqa: S308
        layout = engines["jinja2"].get_template("core/bridge.html")
        request = context.get("request")
        html: str = layout.render(
            {"bridged_content": mark_safe(content), "bridged_title": title},  # noqa: S308
            request=request,
        )
        return html


@register.tag
def jinja_layout(parser: Parser, token: Token) -> JinjaLayoutNode:
    """{% jinja_layout %}{% jinja_title %}…{% end_jinja_title %}…{% endjinja_layout %}."""
    title_nodelist = None
    nodelist = parser.parse(("jinja_title", "endjinja_layout"))
    tok = parser.next_token()
    if tok.contents == "jinja_title":
        title_nodelist = parser.parse(("end_jinja_title",))
        parser.delete_first_token()
        rest = parser.parse(("endjinja_layout",))
        parser.delete_first_token()
        nodelist.extend(rest)
    return JinjaLayoutNode(nodelist, title_nodelist)


@register.simple_tag
def jinja_include(name: str, **context: Any) -> str:
    """Render a Jinja2 component from a Django template (no request-dependent globals)."""
    return mark_safe(engines["jinja2"].get_template(name).render(context))  # noqa: S308


@register.simple_tag
def aria_described_by(field_id: str, *, has_help: Any = False, has_errors: Any = False) -> str:
    """The ids an allauth `field` element points aria-describedby at (as the Jinja2 macros do)."""
    if not field_id:
        return ""
    return described_by(str(field_id), has_help=bool(has_help), has_errors=bool(has_errors))
