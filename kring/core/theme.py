"""The stylesheet part that each organisation chooses: its colours as CSS variables."""

from kring.core.sitesettings.models import SiteSettings


def _channels(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _darken(hex_colour: str, factor: float) -> str:
    r, g, b = (round(c * factor) for c in _channels(hex_colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def accessible_primary(hex_colour: str) -> str:
    """The chosen colour, darkened just enough to reach WCAG AA (4.5:1) against white."""
    colour = hex_colour
    for _step in range(40):
        if contrast_ratio(colour, "#ffffff") >= 4.5:
            return colour
        colour = _darken(colour, 0.92)
    return "#000000"


def theme_css(settings: SiteSettings) -> str:
    primary = accessible_primary(settings.primary_colour)
    return (
        ":root{"
        f"--kr-primary:{primary};"
        f"--kr-primary-dark:{_darken(primary, 0.8)};"
        f"--kr-primary-contrast:#ffffff;"
        "}\n"
    )
