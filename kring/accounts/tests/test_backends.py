"""The session's member is loaded with their profile: the header's avatar costs no query."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import MemberFactory
from kring.accounts.backends import MemberAuthenticationBackend, MemberModelBackend

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [MemberModelBackend, MemberAuthenticationBackend])
def test_the_member_comes_with_their_profile(backend: Any, django_assert_num_queries: Any) -> None:
    member = MemberFactory()
    with django_assert_num_queries(1):
        loaded = backend().get_user(member.pk)
        assert loaded == member
        assert loaded.profile.member_id == member.pk


@pytest.mark.parametrize("backend", [MemberModelBackend, MemberAuthenticationBackend])
def test_no_member_for_a_missing_or_inactive_account(backend: Any) -> None:
    inactive = MemberFactory(is_active=False)
    assert backend().get_user(inactive.pk) is None
    assert backend().get_user(inactive.pk + 1000) is None
