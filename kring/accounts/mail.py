"""Render an e-mail now, send it in the background."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from kring.accounts.tasks import send_email_message


def enqueue_email(message: EmailMessage) -> None:
    """Queue an already rendered message for delivery by the task worker."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next((str(c) for c, mime in message.alternatives if mime == "text/html"), "")
    if message.content_subtype == "html":
        html, body = str(message.body), ""
    else:
        body = str(message.body)
    send_email_message.enqueue(
        subject=str(message.subject),
        body=body,
        from_email=str(message.from_email),
        to=[str(address) for address in message.to],
        html=html,
    )


def enqueue_templated_email(
    template_prefix: str, *, to: str, context: dict[str, Any], language: str
) -> None:
    """Render `<prefix>_subject.txt` and `<prefix>_message.txt` in `language` and queue them.

    Called inside the service's transaction: with the database task backend the mail is queued
    exactly when the change commits (and never for a change that rolls back).
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_message.txt", context)
    enqueue_email(
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    )
