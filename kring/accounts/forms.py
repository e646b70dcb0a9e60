"""Forms of the accounts app."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kring.accounts import queries
from kring.accounts.roles import Role

MAX_INVITATIONS_AT_ONCE = 50
NATIVE_NAMES = {"nl": "Nederlands", "en": "English"}


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


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To be sure it is you, enter the password you log in with."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        help_text=_("Sent to the applicant in the e-mail that tells them."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        help_text=_("One or more addresses, separated by commas, spaces or new lines."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=1000,
        help_text=_("Added to the invitation e-mail."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, show_addresses: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_addresses = show_addresses

    def clean_emails(self) -> list[str]:
        raw: str = self.cleaned_data["emails"]
        addresses: list[str] = []
        for part in re.split(r"[\s,;]+", raw):
            address = part.strip().strip("<>").lower()
            if address and address not in addresses:
                addresses.append(address)
        if not addresses:
            raise ValidationError(_("Enter at least one e-mail address."), code="required")
        if len(addresses) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(
                _("Invite at most %(max)d addresses at once."),
                code="too_many",
                params={"max": MAX_INVITATIONS_AT_ONCE},
            )
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(
                ngettext(
                    "This is not a valid e-mail address: %(addresses)s.",
                    "These are not valid e-mail addresses: %(addresses)s.",
                    len(invalid),
                ),
                code="invalid",
                params={"addresses": ", ".join(invalid)},
            )
        existing = [address for address in addresses if queries.email_has_account(address)]
        if existing:
            # Only admins may see members' addresses, so for anyone else the addresses that
            # belong to a member are taken out of the list shown again, without naming them.
            remaining = [address for address in addresses if address not in existing]
            self.data = {**self.data, self.add_prefix("emails"): "\n".join(remaining)}
            if self.show_addresses:
                raise ValidationError(
                    ngettext(
                        "This address already has an account: %(addresses)s.",
                        "These addresses already have an account: %(addresses)s.",
                        len(existing),
                    ),
                    code="has_account",
                    params={"addresses": ", ".join(existing)},
                )
            raise ValidationError(
                ngettext(
                    "%(count)d address already has an account and was taken out of the list;"
                    " that person can simply log in.",
                    "%(count)d addresses already have an account and were taken out of the"
                    " list; those people can simply log in.",
                    len(existing),
                ),
                code="has_account",
                params={"count": len(existing)},
            )
        return addresses


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class EditorForm(forms.Form):
    """Switch the editor capability on ("1") or off ("0")."""

    is_editor = forms.ChoiceField(choices=[("1", _("Editor")), ("0", _("Not an editor"))])


class RoleFilterForm(forms.Form):
    """The filter above the roles list (GET)."""

    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles")), *Role.choices],
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=80)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("The language of the pages and of the e-mails we send you."),
        # Each language in its own name, so that whoever reads it can find theirs.
        choices=[
            ("", _("The community's default")),
            *((code, NATIVE_NAMES.get(code, name)) for code, name in settings.LANGUAGES),
        ],
    )
