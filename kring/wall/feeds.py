"""RSS and Atom feeds of what anyone may read: the public community stream and public groups.

Whoever asks (logged in or not), the feeds read as an anonymous visitor through
`visible_posts(AnonymousUser())`: a feed reader shares its URL with no one's permissions.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kring.content.links import post_url
from kring.content.models import Post
from kring.core.sitesettings.models import SiteSettings
from kring.spaces.models import Audience, Space, SpaceKind, Visibility
from kring.spaces.queries import readable_spaces
from kring.wall.queries import stream_posts

FEED_LENGTH = 30
# Characters XML 1.0 cannot carry: Django refuses to write them (a 500 for the whole feed), and
# members can type them into titles, names and the community's name.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value: Any) -> Any:
    return NOT_IN_XML.sub("", value) if isinstance(value, str) else value


def public_posts() -> Any:
    return stream_posts(AnonymousUser()).select_related("author", "space")


class _PostFeed(Feed[Post, Any]):
    def get_feed(self, obj: Any, request: HttpRequest) -> SyndicationFeed:
        feed = super().get_feed(obj, request)
        feed.feed = {name: _xml_text(value) for name, value in feed.feed.items()}
        feed.items = [
            {name: _xml_text(value) for name, value in item.items()} for item in feed.items
        ]
        return feed

    def item_title(self, item: Post) -> str:
        title = self._plain_title(item)
        # Paid content is labelled on every surface, a feed reader included.
        return f"{title} ({_('Sponsored')})" if item.is_sponsored else title

    def _plain_title(self, item: Post) -> str:
        if item.title:
            return item.title
        text = " ".join(html.unescape(strip_tags(item.body_html)).split())
        text = Truncator(text).chars(80) if text else _("Photos and files")
        return f"{item.author.display_name}: {text}"

    def item_description(self, item: Post) -> str:
        return item.body_html  # sanitised at write time; the feed escapes it as text

    def item_link(self, item: Post) -> str:
        return post_url(item)

    def item_pubdate(self, item: Post) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.edited_at or item.created_at

    def item_author_name(self, item: Post) -> str:
        return item.author.display_name


class CommunityFeed(_PostFeed):
    """The newest posts of the community space and its public groups."""

    def title(self) -> str:
        return _("%(community)s: public posts") % {"community": SiteSettings.load().community_name}

    def link(self) -> str:
        return reverse("core:home")

    def description(self) -> str:
        return SiteSettings.load().tagline or self.title()

    def items(self) -> list[Post]:
        posts = public_posts().filter(space__kind__in=[SpaceKind.COMMUNITY, SpaceKind.GROUP])
        return list(posts.order_by("-created_at", "-id")[:FEED_LENGTH])


class CommunityAtomFeed(CommunityFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class GroupFeed(_PostFeed):
    """The newest posts of one public group for everyone."""

    def get_object(self, request: HttpRequest, slug: str) -> Space:
        space = (
            readable_spaces(AnonymousUser())
            .filter(
                kind=SpaceKind.GROUP,
                slug=slug,
                visibility=Visibility.PUBLIC,
                audience=Audience.EVERYONE,
            )
            .first()
        )
        if space is None:
            raise Http404
        return space

    def title(self, obj: Space) -> str:
        return _("%(group)s · %(community)s") % {
            "group": obj.name,
            "community": SiteSettings.load().community_name,
        }

    def link(self, obj: Space) -> str:
        return reverse("spaces:group-detail", args=[obj.slug])

    def description(self, obj: Space) -> str:
        return obj.description or self.title(obj)

    def items(self, obj: Space) -> list[Post]:
        posts = public_posts().filter(space_id=obj.pk)
        return list(posts.order_by("-created_at", "-id")[:FEED_LENGTH])


class GroupAtomFeed(GroupFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Space) -> str:
        return self.description(obj)
