"""Background work of the accounts app."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email_message(
    *, subject: str, body: str, from_email: str, to: list[str], html: str = ""
) -> None:
    """Deliver one rendered e-mail (rendering happened in the request, sending may be slow)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
