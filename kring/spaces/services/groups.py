"""Writes of groups themselves: starting a group and changing its name, text, settings, tags
and cover. The creator becomes the owner and first member."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kring.accounts import roles
from kring.accounts.models import Member
from kring.audit.services import record_action
from kring.core.events import publish_on_commit
from kring.core.markup import render_markdown
from kring.core.permissions import require
from kring.spaces.covers import delete_files, process_cover, put_cover, take_cover_off
from kring.spaces.events import GroupCreated, GroupUpdated
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    SpaceKind,
    Visibility,
)
from kring.spaces.permissions import can_create_group, can_edit_group
from kring.spaces.tags import parse_tags, tags_for

# Paths under /groepen/ that are pages, not groups: a group never gets one of them as address.
RESERVED_SLUGS = frozenset({"nieuw", "mijn"})
SLUG_BASE_LENGTH = 80
SLUG_ATTEMPTS = 5
NAME_LENGTH = Space._meta.get_field("name").max_length or 80
DESCRIPTION_LENGTH = Space._meta.get_field("description").max_length or 4000


# Creating and changing groups


@dataclass(frozen=True)
class GroupFields:
    name: str
    description: str
    visibility: str
    audience: str


def checked_group_fields(
    *, name: str, description: str, visibility: str, audience: str
) -> GroupFields:
    """The group's texts tidied and its choices checked; ValidationError names the field."""
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    description = (description or "").strip()
    if not name:
        errors["name"] = _("Give the group a name.")
    elif len(name) > NAME_LENGTH:
        errors["name"] = _("A group's name has at most %(max)d characters.") % {"max": NAME_LENGTH}
    if len(description) > DESCRIPTION_LENGTH:
        errors["description"] = _("A description has at most %(max)d characters.") % {
            "max": DESCRIPTION_LENGTH
        }
    if visibility not in Visibility.values:
        errors["visibility"] = _("Choose who can see and read the group.")
    if audience not in Audience.values:
        errors["audience"] = _("Choose who the group is for.")
    if errors:
        raise ValidationError(errors)
    return GroupFields(name=name, description=description, visibility=visibility, audience=audience)


def checked_tags(tags: Iterable[str] | str) -> list[tuple[str, str]]:
    try:
        return parse_tags(tags)
    except ValidationError as error:
        raise ValidationError({"tags": error.messages}) from None


def checked_cover(cover: Any) -> bytes | None:
    if not cover:
        return None
    try:
        return process_cover(cover)
    except ValidationError as error:
        raise ValidationError({"cover": error.messages}) from None


def slug_base(name: str) -> str:
    """The address a group's name suggests: "Fietsen & wandelen" -> "fietsen-wandelen"."""
    return slugify(name, allow_unicode=True)[:SLUG_BASE_LENGTH].strip("-") or "group"


def slug_candidates(base: str) -> Iterator[str]:
    if base not in RESERVED_SLUGS:
        yield base
    number = 2
    while True:
        yield f"{base}-{number}"
        number += 1


def save_with_unique_slug(space: Space) -> None:
    """Insert `space` under the first free address made from its name ("fietsen-2" …)."""
    base = slug_base(space.name)
    for _attempt in range(SLUG_ATTEMPTS):
        taken = set(Space.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        space.slug = next(slug for slug in slug_candidates(base) if slug not in taken)
        try:
            # A savepoint: a group with the same name may be created at the same moment.
            with transaction.atomic():
                space.save()
        except IntegrityError:
            if not Space.objects.filter(slug=space.slug).exists():
                raise  # another constraint: not ours to retry
            continue
        return
    raise ValidationError({"name": _("Another group was just given this name; try again.")})


def create_group(
    actor: Member,
    *,
    name: str,
    description: str = "",
    visibility: str = Visibility.PUBLIC,
    audience: str = Audience.EVERYONE,
    tags: Iterable[str] | str = "",
    cover: Any = None,
) -> Space:
    """Start a group with `actor` as its owner and only member."""
    require(
        can_create_group(actor), _("Only approved members who are not suspended can start a group.")
    )
    fields = checked_group_fields(
        name=name, description=description, visibility=visibility, audience=audience
    )
    require(
        can_create_group(actor, audience=fields.audience),
        _("Only employees can start an employees-only group."),
    )
    pairs = checked_tags(tags)
    cover_data = checked_cover(cover)
    now = timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            space = Space(
                kind=SpaceKind.GROUP,
                name=fields.name,
                description=fields.description,
                description_html=render_markdown(fields.description),
                visibility=fields.visibility,
                audience=fields.audience,
                member_count=1,
                last_activity_at=now,
            )
            if cover_data is not None:
                stored.append(put_cover(space, cover_data))
            save_with_unique_slug(space)
            Membership.objects.create(
                space=space,
                member=actor,
                role=GroupRole.OWNER,
                status=MembershipStatus.ACTIVE,
                joined_at=now,
            )
            space.tags.set(tags_for(pairs))
            publish_on_commit(GroupCreated(space_id=space.pk, owner_id=actor.pk))
    except BaseException:
        delete_files(stored)
        raise
    return space


def update_group(
    actor: Member,
    *,
    space: Space,
    name: str | None = None,
    description: str | None = None,
    visibility: str | None = None,
    audience: str | None = None,
    tags: Iterable[str] | str | None = None,
    cover: Any = None,
    remove_cover: bool = False,
) -> Space:
    """Change `space`'s name, description, visibility, audience, tags or cover.

    An argument left at None keeps what is stored. The address (slug) never changes, so links
    to the group keep working after a rename.
    """
    require(
        can_edit_group(actor, space),
        _("Only the group's owner and community managers can change this group."),
    )
    fields = checked_group_fields(
        name=space.name if name is None else name,
        description=space.description if description is None else description,
        visibility=visibility or space.visibility,
        audience=audience or space.audience,
    )
    require(
        fields.audience == space.audience or roles.is_employee(actor),
        _("Only employees can change who a group is for."),
    )
    pairs = checked_tags(tags) if tags is not None else None
    cover_data = checked_cover(cover)
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = Space.objects.select_for_update().get(pk=space.pk)
            before = _audited_fields(locked)
            locked.name = fields.name
            if fields.description != locked.description or not locked.description_html:
                locked.description_html = render_markdown(fields.description)
            locked.description = fields.description
            locked.visibility = fields.visibility
            locked.audience = fields.audience
            if cover_data is not None:
                stored.append(put_cover(locked, cover_data))
            elif remove_cover and locked.cover:
                take_cover_off(locked)
            locked.save(
                update_fields=[
                    "name", "description", "description_html", "visibility", "audience",
                    "cover", "updated_at",
                ]
            )  # fmt: skip
            if pairs is not None:
                locked.tags.set(tags_for(pairs))
            if not _owns(actor, locked):
                _audit_staff_edit(actor, locked, before, tags=pairs)
            publish_on_commit(GroupUpdated(space_id=locked.pk, by=actor.pk))
    except BaseException:
        delete_files(stored)  # the row still points at the old cover
        raise
    return locked


def _audited_fields(space: Space) -> dict[str, Any]:
    return {
        "name": space.name,
        "description": space.description,
        "visibility": space.visibility,
        "audience": space.audience,
        "cover": bool(space.cover),
    }


def _owns(actor: Member, space: Space) -> bool:
    """Whether `actor` owns `space`; only staff edit a group they do not own (can_edit_group),
    so members skip the query."""
    if not roles.may_manage(actor):
        return True
    return Membership.objects.filter(
        space_id=space.pk,
        member_id=actor.pk,
        role=GroupRole.OWNER,
        status=MembershipStatus.ACTIVE,
    ).exists()


def _audit_staff_edit(
    actor: Member, space: Space, before: dict[str, Any], *, tags: list[tuple[str, str]] | None
) -> None:
    """Staff changing someone else's group leave an entry with what changed."""
    after = _audited_fields(space)
    changed = [name for name in after if after[name] != before[name]]
    if not changed and tags is None:
        return  # saved as it was
    record_action(
        actor,
        action="group.update",
        target=space,
        space=space,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed}
        | ({"tags": sorted(name for name, _slug in tags)} if tags is not None else {}),
    )
