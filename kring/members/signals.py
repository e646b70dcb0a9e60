"""Every member has exactly one profile, created with the account."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from kring.accounts.models import Member
from kring.members.models import Profile


@receiver(post_save, sender=Member, dispatch_uid="members.create_profile")
def create_profile(sender: type[Member], instance: Member, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        Profile.objects.get_or_create(member=instance)
