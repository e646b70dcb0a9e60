"""Every write of the members app: profiles, avatars, the member's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kring.accounts.models import Member
from kring.core.events import publish_on_commit
from kring.core.markup import render_markdown
from kring.core.permissions import require
from kring.members.avatars import (
    ProcessedAvatar,
    change_avatar,
    delete_files,
    put_avatar,
    remove_avatar,
    take_avatar_off,
)
from kring.members.events import ProfileUpdated
from kring.members.interests import interests_for, normalise_interests, split_interests
from kring.members.models import Profile, ProfileVisibility
from kring.members.permissions import can_edit_profile

__all__ = ["change_avatar", "remove_avatar", "update_profile"]

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
PROFILE_FIELDS = [
    "bio", "bio_html", "job_title", "organisation", "location", "visibility",
    "avatar", "avatar_small", "updated_at",
]  # fmt: skip


def update_profile(
    actor: Member,
    *,
    member: Member,
    display_name: str | None = None,
    bio: str | None = None,
    job_title: str | None = None,
    organisation: str | None = None,
    location: str | None = None,
    interests: Iterable[str] | str | None = None,
    visibility: str | None = None,
    language: str | None = None,
    avatar: ProcessedAvatar | None = None,
    remove_current_avatar: bool = False,
) -> Profile:
    """Save `member`'s name, profile details, interests, visibility, language and avatar.

    An argument left at None keeps what is stored; `language=""` means the community's default;
    `interests` is a list of names or the comma-separated text a member typed.
    """
    require(can_edit_profile(actor, member), _("You can only edit your own profile."))
    texts = checked_texts(
        bio=bio, job_title=job_title, organisation=organisation, location=location
    )
    if display_name is not None:
        display_name = " ".join(display_name.split())
        if not display_name:
            raise ValidationError(_("Enter the name other members see."), code="required")
    if visibility is not None and visibility not in ProfileVisibility.values:
        raise ValidationError(_("Choose who can see your profile."), code="invalid_choice")
    if language and language not in LANGUAGE_CODES:
        raise ValidationError(_("Choose one of the offered languages."), code="invalid_choice")
    if isinstance(interests, str):
        interests = split_interests(interests)
    pairs = normalise_interests(interests) if interests is not None else None
    stored: list[str] = []
    try:
        with transaction.atomic():
            member.display_name = display_name or member.display_name
            member.language = member.language if language is None else language
            member.save(update_fields=["display_name", "language"])
            profile = Profile.objects.select_for_update().get(member=member)
            for field, value in texts.items():
                setattr(profile, field, value)
            if "bio" in texts:
                profile.bio_html = render_markdown(profile.bio)
            profile.visibility = visibility or profile.visibility
            if avatar is not None:
                stored = put_avatar(profile, avatar)
            elif remove_current_avatar:
                take_avatar_off(profile)
            profile.save(update_fields=PROFILE_FIELDS)
            if pairs is not None:
                profile.interests.set(interests_for(pairs))
            publish_on_commit(ProfileUpdated(member_id=member.pk, by=actor.pk))
    except BaseException:
        delete_files(stored)  # the row still points at the old files
        raise
    member.profile = profile
    return profile


def checked_texts(**texts: str | None) -> dict[str, str]:
    """The given profile texts, stripped; ValidationError when one is longer than its field."""
    checked = {}
    for name, value in texts.items():
        if value is None:
            continue
        field = cast("models.Field[Any, Any]", Profile._meta.get_field(name))
        if field.max_length is not None and len(value.strip()) > field.max_length:
            raise ValidationError(
                _("%(field)s has at most %(max)d characters.")
                % {"field": capfirst(field.verbose_name), "max": field.max_length},
                code="max_length",
            )
        checked[name] = value.strip()
    return checked
