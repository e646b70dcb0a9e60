from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "kring.news"
    label = "news"
    verbose_name = _("News and announcements")

    def ready(self) -> None:
        from kring.content.links import register_post_url
        from kring.news.views import article_url

        register_post_url("article", article_url)
