"""Every URL pattern of the URLconf (Kring's, allauth's, the admin's), made concrete with the
objects of the security world. A pattern this module cannot fill is reported, so that a new URL
cannot escape the probes: teach `PARAMETERS` (by parameter name) or `SPECIFIC` (by pattern)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from kring.core.sitesettings.models import SiteSettings

if TYPE_CHECKING:
    from kring.core.tests.security.conftest import World

ADMIN_PREFIX = "django-admin/"


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full pattern text, its name ("" if unnamed) and its view."""

    pattern: str
    name: str
    view: Callable[..., Any]
    parameters: tuple[str, ...]
    is_regex: bool

    def __str__(self) -> str:
        return f"{self.name or '(unnamed)'} {self.pattern}"


def _walk(resolver: URLResolver, prefix: str, namespace: str, regex: bool) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        is_regex = regex or not isinstance(entry.pattern, RoutePattern)
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, text, inner, is_regex)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            parameters = tuple(
                re.findall(r"<(?:\w+:)?(\w+)>", text) + re.findall(r"\(\?P<(\w+)>", text)
            )
            yield Route(
                pattern=text,
                name=name,
                view=entry.callback,
                parameters=parameters,
                is_regex=is_regex,
            )


def all_routes() -> list[Route]:
    """Every pattern of the URLconf, in the order Django tries them."""
    return list(_walk(get_resolver(), "", "", regex=False))


# How each route parameter is filled from the world (a parameter name means the same thing
# wherever Kring uses it; a new name must be added here).
PARAMETERS: dict[str, Callable[[World], Any]] = {
    "post_id": lambda w: w.post.pk,
    "comment_id": lambda w: w.comment.pk,
    "member_id": lambda w: w.stranger.pk,
    "slug": lambda w: w.group.slug,
    "space_id": lambda w: w.group.pk,
    "membership_id": lambda w: w.membership.pk,
    "request_id": lambda w: w.friend_request.pk,
    "invitation_id": lambda w: w.invitation.pk,
    "token": lambda w: w.invitation.token,
    "attachment_id": lambda w: w.attachment.pk,
    "name": lambda w: w.attachment.original_name,
    "space_slug": lambda w: w.group.slug,
    "category_id": lambda w: w.category.pk,
    "page_id": lambda w: w.page.pk,
    "review_id": lambda w: w.review.pk,
    "revision_id": lambda w: w.revision.pk,
    "announcement_id": lambda w: w.announcement.pk,
    "sanction_id": lambda w: w.sanction.pk,
    "appeal_id": lambda w: w.appeal.pk,
    "template_id": lambda w: w.warning_template.pk,
    "mediation_id": lambda w: w.mediation_case.pk,
    "filter_id": lambda w: w.word_filter.pk,
    "case_id": lambda w: w.flag_case.pk,
    "message_id": lambda w: w.flagged_message.pk,
    "conversation_id": lambda w: w.conversation.pk,
    "message_attachment_id": lambda w: w.message_attachment.pk,
    "version": lambda _: SiteSettings.load().version,
    "path": lambda _: "avatars/nothing-here.webp",
}


def _confirmation_key(world: World) -> str:
    address = EmailAddress.objects.get(user=world.pending, email=world.pending.email)
    return EmailConfirmationHMAC(address).key


def _reset_key(world: World) -> str:
    uid = user_pk_to_url_str(world.member)
    return f"{uid}-{default_token_generator.make_token(world.member)}"


def _page_path(world: World, *, rest: str) -> str:
    return f"/kennisbank/{world.page.slug}/{rest}"


# Patterns that need more than their parameters say (regular expressions, specific objects).
SPECIFIC: dict[str, Callable[[World], str]] = {
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": (
        lambda w: f"/accounts/confirm-email/{_confirmation_key(w)}/"
    ),
    r"accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        lambda w: f"/accounts/password/reset/key/{_reset_key(w)}/"
    ),
    "accounts/manage/applications/<int:member_id>/approve/": (
        lambda w: f"/accounts/manage/applications/{w.pending.pk}/approve/"
    ),
    "accounts/manage/applications/<int:member_id>/decline/": (
        lambda w: f"/accounts/manage/applications/{w.pending.pk}/decline/"
    ),
    "django-admin/r/<path:content_type_id>/<path:object_id>/": (
        lambda w: f"/django-admin/r/{ContentType.objects.get_for_model(w.admin).pk}/{w.admin.pk}/"
    ),
    r"django-admin/^(?P<app_label>audit|auth|account|mfa|django_tasks_database)/$": (
        lambda _: "/django-admin/auth/"
    ),
    r"django-admin/(?P<url>.*)$": lambda _: "/django-admin/nothing-here/",
    # Knowledge pages are named by their own address, not a group's.
    **{
        f"kennisbank/<str:slug>/{rest}": partial(_page_path, rest=rest)
        for rest in (
            "",
            "bewerken/",
            "verplaatsen/",
            "verwijderen/",
            "geschiedenis/",
            "beoordelen/",
        )
    },
    "kennisbank/<str:slug>/geschiedenis/<int:revision_id>/": (
        lambda w: f"/kennisbank/{w.page.slug}/geschiedenis/{w.revision.pk}/"
    ),
    "forum/c/<str:space_slug>/<str:slug>/": (
        lambda w: f"/forum/c/{w.category.space.slug}/{w.category.slug}/"
    ),
    "forum/onderwerp/<int:post_id>/": lambda w: f"/forum/onderwerp/{w.topic.pk}/",
    "nieuws/<int:post_id>/": lambda w: f"/nieuws/{w.article.pk}/",
}


class Unfillable(Exception):  # noqa: N818  (reads as `raise Unfillable(reason)`)
    pass


def _admin_object_id(route: Route) -> str:
    """The pk of an object of the model an admin pattern is about (…/<app>/<model>/<id>/…)."""
    app_label, model_name = route.pattern.removeprefix(ADMIN_PREFIX).split("/")[:2]
    model = apps.get_model(app_label, model_name)
    first = model._default_manager.order_by("pk").first()
    if first is None:
        raise Unfillable(f"the world has no {app_label}.{model_name} for {route}")
    return str(first.pk)


def fill(route: Route, world: World) -> str:
    """The concrete path of `route`; Unfillable when neither table knows how."""
    if route.pattern in SPECIFIC:
        return SPECIFIC[route.pattern](world)
    if route.is_regex:
        raise Unfillable(f"a regular expression: add {route.pattern!r} to SPECIFIC")

    def value(match: re.Match[str]) -> str:
        parameter = match.group(1)
        if parameter == "object_id" and route.pattern.startswith(ADMIN_PREFIX):
            return _admin_object_id(route)
        if parameter not in PARAMETERS:
            raise Unfillable(f"unknown parameter {parameter!r}: add it to PARAMETERS ({route})")
        return str(PARAMETERS[parameter](world))

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route.pattern)
