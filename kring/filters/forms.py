"""Forms of the filters' pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.filters.models import PremoderationMode, WordAction
from kring.filters.services import FIRST_N_MAX


class WordFilterForm(forms.Form):
    phrase = forms.CharField(
        label=_("Word or phrase"),
        max_length=100,
        help_text=_("Case, accents and digits for letters (h4ck) are ignored."),
    )
    action = forms.ChoiceField(
        label=_("What happens to a text with it"),
        choices=WordAction.choices,
        initial=WordAction.BLOCK,
        widget=forms.RadioSelect,
    )
    whole_word = forms.BooleanField(
        label=_("Whole words only (not inside longer words)"), required=False, initial=True
    )
    replacement = forms.CharField(
        label=_("Replacement (with 'Replace the word')"),
        max_length=60,
        required=False,
        initial="***",
    )


class LinkRulesForm(forms.Form):
    new_member_days = forms.IntegerField(
        label=_("New for (days)"),
        min_value=0,
        max_value=365,
        help_text=_("Members whose account is younger than this count as new."),
    )
    new_member_contributions = forms.IntegerField(
        label=_("New until (published posts and comments)"),
        min_value=0,
        max_value=365,
        help_text=_("Members with fewer published posts and comments than this count as new."),
    )
    max_links = forms.IntegerField(
        label=_("Most links in one text"),
        min_value=0,
        max_value=365,
        help_text=_("A new member's text with more links than this waits for approval."),
    )
    blocked_domains = forms.CharField(
        label=_("Blocked domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One domain a line (e.g. example.com, which includes its subdomains). A new"
            " member's text linking to one waits for approval."
        ),
    )
    hold_new_member_links = forms.BooleanField(
        label=_("Hold every text with a link by a new member"), required=False
    )


class PremoderationForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Pre-moderation"),
        choices=PremoderationMode.choices,
        widget=forms.RadioSelect,
    )
    first_n = forms.IntegerField(
        label=_("Number of first posts"),
        min_value=1,
        max_value=FIRST_N_MAX,
        help_text=_(
            "With 'first posts of new members': a member's posts wait until this many of their"
            " posts in the group are published."
        ),
    )
