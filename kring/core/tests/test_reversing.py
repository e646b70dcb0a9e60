"""fast_reverse gives reverse()'s address for every URL pattern it can fill, and falls back
to reverse() for everything else."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from kring.core.reversing import fast_reverse
from kring.core.tests.security.routes import all_routes


def test_every_named_pattern_gives_reverses_address() -> None:
    checked = 0
    for name, arguments in _named_patterns():
        for args in (tuple(range(3, 3 + arguments)), tuple(f"a-{i}_b" for i in range(arguments))):
            try:
                expected = reverse(name, args=args or None)
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    fast_reverse(name, *args)
                continue
            assert fast_reverse(name, *args) == expected, name
            assert fast_reverse(name, *args) == expected, name  # the stored form, second time
            checked += 1
    assert checked > 100


def _named_patterns() -> list[tuple[str, int]]:
    """Every named pattern of the URLconf with its number of positional parameters."""
    return [(route.name, len(route.parameters)) for route in all_routes() if route.name]


@pytest.mark.parametrize(
    "args",
    [(-1,), ("twee woorden",), ("ü",), ("a/b",), (True,), (1.5,), ("{0}",)],
)
def test_unusual_arguments_go_to_reverse(args: tuple[object, ...]) -> None:
    try:
        expected = reverse("members:profile-detail", args=args)
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            fast_reverse("members:profile-detail", *args)
        return
    assert fast_reverse("members:profile-detail", *args) == expected


def test_a_different_script_prefix_gets_its_own_form() -> None:
    from django.urls import set_script_prefix

    plain = fast_reverse("members:profile-detail", 5)
    set_script_prefix("/community/")
    try:
        assert fast_reverse("members:profile-detail", 5) == "/community" + plain
    finally:
        set_script_prefix("/")
    assert fast_reverse("members:profile-detail", 5) == plain


@override_settings(ROOT_URLCONF="kring.config.urls")
def test_a_changed_urlconf_drops_the_stored_forms() -> None:
    assert fast_reverse("members:profile-detail", 7) == reverse("members:profile-detail", args=[7])
