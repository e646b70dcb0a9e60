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


@pytest.mark.django_db
def test_community_default_language_applies_to_visitors(client: Client) -> None:
    from kring.core.sitesettings.models import SiteSettings

    settings = SiteSettings.load()
    settings.default_language = "en"
    settings.save()
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert b"Welcome to" in response.content


@pytest.mark.django_db
def test_language_cookie_beats_the_community_default(client: Client) -> None:
    client.cookies["django_language"] = "en"
    assert client.get("/")["Content-Language"] == "en"


@pytest.mark.django_db
def test_server_error_page_renders_without_the_database(client: Client) -> None:
    from kring.core.views import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert b"500" in response.content


@pytest.mark.django_db
def test_throttled_request_answers_429_with_retry_after(rf) -> None:  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    from kring.core.middleware import RetryAfterMiddleware

    request = rf.get("/")
    request.throttled = True
    request.retry_after = 300
    response = RetryAfterMiddleware(lambda _request: HttpResponse("te vaak"))(request)
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
