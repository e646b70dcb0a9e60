"""Background work of the wall."""

from django_tasks import task

from kring.wall.previews import fill_link_preview


@task()
def fetch_link_preview(preview_id: int) -> None:
    """Fetch the page behind a post's first link, safely, and store its preview."""
    fill_link_preview(preview_id)
