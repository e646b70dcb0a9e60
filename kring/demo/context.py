"""What the demo builders share while they build: the seed, the demo password, the logins."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password

if TYPE_CHECKING:
    from kring.accounts.models import Member

# The one password of every demo account; printed by `kring demo` and written in the README.
DEMO_PASSWORD = "Zonnestroom-demo-2026"  # noqa: S105  (public on purpose: it is a demo)
DEFAULT_SEED = 2026


@dataclass
class DemoContext:
    seed: int = DEFAULT_SEED
    password: str = DEMO_PASSWORD
    # The share of the wall's posts to write: 1 is the whole demo (about 600), 0 none. Each
    # place keeps the first of its post slots, so a larger scale later adds the others.
    scale: float = 1.0
    # The demo logins by their role in the demo ("admin", "manager" …), filled by the first step.
    logins: dict[str, Member] = field(default_factory=dict)
    _password_hash: str = ""

    def random_for(self, step_name: str) -> random.Random:
        """A generator of its own per step, so a new step never changes what the others build."""
        return random.Random(f"{self.seed}:{step_name}")  # noqa: S311  (demo data, not secrets)

    def scaled(self, count: int) -> int:
        """How many of `count` things to make at this scale (at least one, unless none)."""
        if count <= 0 or self.scale <= 0:
            return 0
        return max(1, min(count, round(count * self.scale)))

    @property
    def password_hash(self) -> str:
        """Hashed once per run and shared: hashing sixty passwords would take most of a minute."""
        if not self._password_hash:
            self._password_hash = make_password(self.password)
        return self._password_hash
