"""Forms of the accounts app."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks beyond e-mail and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members see you, e.g. your first and last name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: Any, user: Any) -> None:
        """Called by allauth after the account exists; the adapter already stored the name."""
