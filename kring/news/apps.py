from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "kring.news"
    label = "news"
    verbose_name = _("News and announcements")

    def ready(self) -> None:
        from django.db.models.signals import post_init

        from kring.content.links import register_post_url
        from kring.core.sitesettings.models import SiteSettings
        from kring.news.banners import load_with_site_settings
        from kring.news.views import article_url

        register_post_url("article", article_url)
        post_init.connect(
            load_with_site_settings, sender=SiteSettings, dispatch_uid="news-banners-warm"
        )
