"""Render an e-mail now, send it in the background."""

from django.core.mail import EmailMessage, EmailMultiAlternatives

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
