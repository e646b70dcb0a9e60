"""Who is who in the demo community, for the builders after the members step.

The cast is decided by the member specs (the seed), never by the order of rows in the
database; only members who can still take part are in it. A visitor who deleted or deactivated
a demo account simply drops out of what the later steps build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kring.accounts import roles
from kring.accounts.models import Member
from kring.demo.context import DemoContext
from kring.demo.members import DEMO_LOGINS, MemberSpec, community_specs
from kring.spaces.queries import is_participant


@dataclass
class Cast:
    """The demo's participants: the logins by key, and the community in spec order."""

    logins: dict[str, Member]
    employees: list[Member]  # community employees (the logins left out)
    customers: list[Member]  # community members who are not employees
    interests: dict[int, tuple[str, ...]] = field(default_factory=dict)  # by member id

    @property
    def everyone(self) -> list[Member]:
        return [*self.logins.values(), *self.employees, *self.customers]

    @property
    def staff_and_employees(self) -> list[Member]:
        """Everyone with the Employee badge or a staff role (they count as employees)."""
        return [member for member in self.everyone if roles.is_employee(member)]

    def login(self, key: str) -> Member | None:
        return self.logins.get(key)


def cast_of(context: DemoContext) -> Cast:
    """The cast as the member specs describe it and the database still has it (one query)."""
    specs = community_specs(context.random_for("members"))
    login_specs = {login.key: login.spec for login in DEMO_LOGINS}
    emails = [spec.email.lower() for spec in (*login_specs.values(), *specs)]
    found = {
        member.email.lower(): member
        for member in Member.objects.filter(email__in=emails).select_related("profile")
        if is_participant(member)
    }

    def present(spec: MemberSpec) -> Member | None:
        return found.get(spec.email.lower())

    logins = {key: m for key, spec in login_specs.items() if (m := present(spec)) is not None}
    employees: list[Member] = []
    customers: list[Member] = []
    interests: dict[int, tuple[str, ...]] = {}
    for spec in specs:
        member = present(spec)
        if member is None:
            continue
        interests[member.pk] = spec.interests
        (employees if roles.is_employee(member) else customers).append(member)
    for key, spec in login_specs.items():
        if key in logins:
            interests[logins[key].pk] = spec.interests
    return Cast(logins=logins, employees=employees, customers=customers, interests=interests)
