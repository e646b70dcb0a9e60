"""Kring's variants of allauth's own forms (settings.ACCOUNT_FORMS).

Kept apart from forms.py: allauth imports forms.py (ACCOUNT_SIGNUP_FORM_CLASS) while it builds
its own forms module, so forms.py cannot import allauth's forms without an import cycle.
"""

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms


class UnechoedEmailInput(forms.EmailInput):
    """An e-mail input that never renders a submitted value back into the page."""

    def format_value(self, value: Any) -> str | None:
        return None


class LoginForm(AllauthLoginForm):
    """allauth's login form, except that a failed attempt does not echo the address back.

    The page after a failed or throttled login may be seen by whoever uses the screen next
    (a shared or public computer); the address someone tried to log in with is not shown.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        attrs = {k: v for k, v in login.widget.attrs.items() if k != "type"}
        login.widget = UnechoedEmailInput(attrs=attrs)
