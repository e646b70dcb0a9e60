import pytest
from django.test import Client

from kring.core.sitesettings.models import SiteSettings
from kring.core.theme import accessible_primary, contrast_ratio


@pytest.mark.parametrize("colour", ["#0b6e4f", "#ffcc00", "#ffffff", "#7fdbff", "#000000"])
def test_primary_colour_is_darkened_until_white_text_reaches_wcag_aa(colour: str) -> None:
    assert contrast_ratio(accessible_primary(colour), "#ffffff") >= 4.5


def test_a_colour_with_enough_contrast_is_kept() -> None:
    assert accessible_primary("#0b6e4f") == "#0b6e4f"


@pytest.mark.django_db
def test_theme_stylesheet_carries_the_chosen_colour(client: Client) -> None:
    settings = SiteSettings.load()
    settings.primary_colour = "#123456"
    settings.save()
    response = client.get(f"/theme-{settings.version}.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--kr-primary:#123456" in response.content.decode()
