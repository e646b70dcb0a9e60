"""docs/roles.md holds the permission matrix; this test checks it cell by cell against the real
permission functions, for one person of each column. A row without a predicate here fails."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.models import Post
from kring.content.tests.samples import join, make_group, post_in
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db

MATRIX = Path(settings.BASE_DIR) / "docs" / "roles.md"
COLUMNS = (
    "Member",
    "Employee",
    "Editor",
    "Product manager",
    "Group moderator",
    "Moderator",
    "Community manager",
    "Admin",
)
YES, NO, OWN_GROUP = "✓", "✗", "own group"


def parse_matrix(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The header's columns and each row's cells, from between the matrix markers."""
    block = text.split("<!-- matrix:start -->", 1)[1].split("<!-- matrix:end -->", 1)[0]
    lines = [line.strip() for line in block.strip().splitlines() if line.strip().startswith("|")]
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    header, rows = cells[0], cells[2:]
    return header[1:], {row[0]: row[1:] for row in rows}


@dataclass
class Place:
    """Where a capability is tried: a group, a post in it, a member to act on."""

    group: Space
    post: Post
    target: Member


def fn(path: str) -> Callable[..., Any]:
    """The permission function at `path`, or a clear failure when its app does not offer it."""
    module, _dot, name = path.rpartition(".")
    try:
        function = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        pytest.fail(f"docs/roles.md names a capability whose predicate {path} does not exist")
    return function  # type: ignore[no-any-return]


def case_in(place: Place) -> Any:
    from kring.moderation.models import FlagCase

    return FlagCase(post=place.post, space=place.group)


def topic_in(place: Place) -> Any:
    from kring.forum.models import Topic

    return Topic(post=place.post)


def sanction_of(place: Place) -> Any:
    from kring.sanctions.models import Sanction

    return Sanction(member=place.target, kind="silence", reason_code="other")


def reads_log_of(actor: Member, place: Place) -> bool:
    audit = "kring.audit.permissions"
    if not fn(f"{audit}.can_read_audit_log")(actor):
        return False
    return bool(
        fn(f"{audit}.can_read_whole_audit_log")(actor)
        or place.group.pk in fn(f"{audit}.moderated_group_ids")(actor)
    )


Predicate = Callable[[Member, Place], bool]

PREDICATES: dict[str, Predicate] = {
    "Report (flag) posts, comments, profiles and messages": lambda a, _p: fn(
        "kring.moderation.permissions.can_flag"
    )(a),
    "See the moderation queue": lambda a, _p: fn("kring.moderation.permissions.can_see_queue")(a),
    "Act on queue items (approve, hide, delete, edit)": lambda a, p: fn(
        "kring.moderation.permissions.can_moderate_case"
    )(a, case_in(p)),
    "Hide or delete other members' posts and comments": lambda a, p: fn(
        "kring.content.permissions.can_delete_post"
    )(a, p.post),
    "Edit other members' posts, with a note in the history": lambda a, p: fn(
        "kring.content.permissions.can_edit_post"
    )(a, p.post),
    "Move, merge and split topics": lambda a, p: fn("kring.forum.permissions.moderates_topic")(
        a, topic_in(p)
    ),
    "Lock topics (with a public reason)": lambda a, p: fn("kring.forum.permissions.can_lock_topic")(
        a, topic_in(p)
    ),
    "Pin posts and topics": lambda a, p: fn("kring.forum.permissions.can_pin_topic")(
        a, topic_in(p)
    ),
    "Switch slow mode on a thread": lambda a, p: fn(
        "kring.mediation.permissions.can_set_slow_mode"
    )(a, p.post),
    "Warn a member": lambda a, p: fn("kring.sanctions.permissions.can_sanction_member")(
        a, p.target, "warning"
    ),
    "Silence a member": lambda a, p: fn("kring.sanctions.permissions.can_sanction_member")(
        a, p.target, "silence"
    ),
    "Suspend a member": lambda a, p: fn("kring.sanctions.permissions.can_sanction_member")(
        a, p.target, "suspension"
    ),
    "Ban a member": lambda a, p: fn("kring.sanctions.permissions.can_sanction_member")(
        a, p.target, "ban"
    ),
    "Decide appeals against sanctions": lambda a, p: fn(
        "kring.sanctions.permissions.can_decide_appeal"
    )(a, sanction_of(p)),
    "Keep warning templates": lambda a, _p: fn(
        "kring.sanctions.permissions.can_manage_warning_templates"
    )(a),
    "Manage word filters and link rules": lambda a, _p: fn(
        "kring.filters.permissions.can_manage_filters"
    )(a),
    "Set a group's pre-moderation": lambda a, p: fn(
        "kring.filters.permissions.can_set_premoderation"
    )(a, p.group),
    "Manage a group's members": lambda a, p: fn("kring.spaces.permissions.can_manage_group")(
        a, p.group
    ),
    "Open and lead mediation cases": lambda a, _p: fn(
        "kring.mediation.permissions.can_open_mediation"
    )(a),
    "Read mediation notes": lambda a, _p: fn(
        "kring.mediation.permissions.can_read_mediation_notes"
    )(a),
    "See a member's history (reports, sanctions, cases)": lambda a, p: fn(
        "kring.mediation.permissions.can_see_member_history"
    )(a, p.target),
    "Read the audit log": reads_log_of,
    "Export the audit log as CSV": lambda a, _p: fn("kring.audit.permissions.can_export_audit_log")(
        a
    ),
    "See the transparency page": lambda a, _p: fn("kring.audit.permissions.can_see_transparency")(
        a
    ),
    "Change the flag threshold (moderation settings)": lambda a, _p: fn(
        "kring.moderation.permissions.can_change_moderation_settings"
    )(a),
    "Give members another role": lambda a, p: fn("kring.accounts.permissions.can_assign_role")(
        a, p.target, Role.EMPLOYEE
    ),
    "Approve registrations and invite members": lambda a, _p: bool(
        fn("kring.accounts.permissions.can_review_applications")(a)
        and fn("kring.accounts.permissions.can_invite_members")(a)
    ),
    "Edit knowledge pages and write news (editor)": lambda a, _p: bool(
        fn("kring.knowledge.permissions.can_edit_knowledge")(a)
        and fn("kring.news.permissions.can_write_articles")(a)
    ),
    "Answer as official (employee badge, internal notes)": lambda a, _p: bool(
        fn("kring.accounts.roles.is_employee")(a)
        and fn("kring.content.permissions.can_write_internal_notes")(a)
    ),
    "Change the site settings": lambda a, _p: fn(
        "kring.accounts.permissions.can_edit_site_settings"
    )(a),
}


def person(**fields: Any) -> Member:
    return cast(Member, MemberFactory(**fields))


@pytest.fixture
def people(
    member: Member, employee: Member, moderator: Member, manager: Member, admin: Member
) -> tuple[dict[str, Member], Place, Place]:
    """One person per column, their own group and another group, each with a stranger's post."""
    editor = person(display_name="Henk Editor", role=Role.EMPLOYEE, is_editor=True)
    product_manager = person(display_name="Ilse Product", role=Role.EMPLOYEE, is_editor=True)
    group_moderator = person(display_name="Jan Groep", role=Role.MEMBER)
    author = person(display_name="Karin Schrijver", role=Role.MEMBER)
    own = make_group(name="Thuisbatterij", slug="thuisbatterij")
    other = make_group(name="Warmtepomp", slug="warmtepomp")
    join(own, product_manager, role=GroupRole.MODERATOR)
    join(own, group_moderator, role=GroupRole.MODERATOR)
    for group in (own, other):
        join(group, author)
    columns = dict(
        zip(
            COLUMNS,
            (
                member,
                employee,
                editor,
                product_manager,
                group_moderator,
                moderator,
                manager,
                admin,
            ),
            strict=True,
        )
    )
    return (
        columns,
        Place(own, post_in(own, author, "Mijn batterij laadt niet op"), author),
        Place(other, post_in(other, author, "Pomp maakt lawaai"), author),
    )


def expected_cell(own: bool, other: bool) -> str:
    if own and other:
        return YES
    if own:
        return OWN_GROUP
    return NO if not other else "only in other groups (?)"


def test_the_matrix_in_docs_matches_the_permission_functions(
    people: tuple[dict[str, Member], Place, Place],
) -> None:
    columns, own, other = people
    header, rows = parse_matrix(MATRIX.read_text(encoding="utf-8"))
    assert tuple(header) == COLUMNS
    missing = [label for label in rows if label not in PREDICATES]
    assert not missing, f"rows of docs/roles.md without a predicate in this test: {missing}"
    wrong = []
    for label, cells in rows.items():
        assert len(cells) == len(COLUMNS), f"row {label!r} has {len(cells)} cells"
        for column, cell in zip(COLUMNS, cells, strict=True):
            actor = columns[column]
            found = expected_cell(PREDICATES[label](actor, own), PREDICATES[label](actor, other))
            if found != cell:
                wrong.append(f"{label} / {column}: docs say {cell!r}, the code says {found!r}")
    assert not wrong, "docs/roles.md is out of step with the code:\n" + "\n".join(wrong)


def test_every_predicate_has_its_row() -> None:
    _header, rows = parse_matrix(MATRIX.read_text(encoding="utf-8"))
    assert set(PREDICATES) == set(rows)
