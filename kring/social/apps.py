from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "kring.social"
    label = "social"
    verbose_name = _("Friendships, follows and blocks")
