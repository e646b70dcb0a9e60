import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_ok_with_the_database_checked(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_home_speaks_dutch_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
def test_missing_page_answers_404_in_the_community_layout(client: Client) -> None:
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert b'class="site-header"' in response.content


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_scripts(
    client: Client,
) -> None:
    csp = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_pages_never_show_another_members_email_address(client: Client, member, stranger) -> None:  # type: ignore[no-untyped-def]
    """The suite's client checks every page; this proves the check itself bites."""
    from conftest import assert_no_foreign_emails

    client.force_login(member)
    response = client.get("/")
    with pytest.raises(AssertionError):
        assert_no_foreign_emails(f"<p>{stranger.email}</p>", response.wsgi_request)
    assert_no_foreign_emails(f"<p>{member.email}</p>", response.wsgi_request)
