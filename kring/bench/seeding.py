"""Writing the planned community (plan.py) in bulk: `bulk_create` in batches, no services, no
signals. What the services and signals would have made as well is written here too: profiles
(members' post_save signal), verified allauth e-mail addresses, profile walls, rendered HTML
and the exact denormalised counters.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from kring.accounts.models import Member
from kring.bench import community as cm
from kring.bench.bulk import (
    Progress,
    Write,
    analyze,
    explicit_timestamps,
    first_free_ids,
    moment,
    reset_sequences,
)
from kring.bench.casework import seed_casework
from kring.bench.plan import Planner
from kring.bench.scales import Scale
from kring.bench.sections import index_everything, seed_sections
from kring.bench.texts import BIOS, COMMENT_BODIES, GROUP_THEMES, POST_BODIES, Body, rendered
from kring.content.models import Comment, Post, Reaction
from kring.demo import vocabulary
from kring.members.models import Interest, Profile
from kring.social.models import Block, Follow, FriendRequest, Friendship
from kring.spaces.models import Membership, Space, SpaceKind, SpaceTag
from kring.spaces.queries import community_space

# Every seeded member can log in with this password (the rows share one hash).
BENCH_PASSWORD = "kring-bench-2026"  # noqa: S105  (published on purpose: benchmark data only)
EMAIL_DOMAIN = "bench.example.org"


def group_names(count: int, taken: set[str]) -> tuple[list[str], list[str]]:
    """Names ("Warmtepomp", "Warmtepomp Zwolle" …) and unused addresses for `count` groups."""
    names, slugs = [], []
    for rank in range(count):
        theme = GROUP_THEMES[rank % len(GROUP_THEMES)]
        round_ = rank // len(GROUP_THEMES)
        place = vocabulary.PLACES[(round_ - 1) % len(vocabulary.PLACES)][0]
        name = theme if round_ == 0 else f"{theme} {place}"
        if round_ > len(vocabulary.PLACES):
            name = f"{name} {round_}"
        slug, number = slugify(name, allow_unicode=True), 2
        while slug in taken:
            slug, number = f"{slugify(name, allow_unicode=True)}-{number}", number + 1
        taken.add(slug)
        names.append(name)
        slugs.append(slug)
    return names, slugs


def display_name(index: int) -> str:
    first = vocabulary.FIRST_NAMES[index % len(vocabulary.FIRST_NAMES)]
    infix, surname = vocabulary.SURNAMES[(index * 7 + index // 97) % len(vocabulary.SURNAMES)]
    return " ".join(part for part in (first, infix, surname) if part)


class Seeder:
    """Plans the community, then writes it table by table."""

    def __init__(self, scale: Scale, *, seed: int, write: Write) -> None:
        self.scale = scale
        self.seed = seed
        self.progress = Progress(write)
        self.write = write
        self.now = timezone.now().timestamp()

    def run(self) -> dict[str, int]:
        community = community_space()
        ids = first_free_ids()
        post_bodies, comment_bodies = rendered(POST_BODIES), rendered(COMMENT_BODIES)
        planner = Planner(
            self.scale,
            seed=self.seed,
            now=self.now,
            ids=ids,
            community_id=community.pk,
            post_bodies=len(post_bodies),
            comment_bodies=len(comment_bodies),
        )
        began = time.monotonic()
        members = planner.members()
        names, slugs = group_names(
            self.scale.groups, set(Space.objects.values_list("slug", flat=True))
        )
        groups = planner.groups(members, names)
        relations = planner.relations(members, groups)
        posts = planner.posts(members, groups, relations)
        comments = planner.comments(members, groups, relations, posts)
        reactions = planner.reactions(members, groups, relations, posts, comments)
        self.progress.report("plan (in memory)", 0, time.monotonic() - began)

        models_with_timestamps = (
            Member, Profile, Space, Membership, Friendship, Follow, FriendRequest, Block,
            Post, Comment, Reaction,
        )  # fmt: skip
        with explicit_timestamps(*models_with_timestamps):
            self.write_members(planner, members)
            self.write_spaces(planner, members, groups, slugs)
            self.write_relations(planner, relations, groups)
            self.write_posts(planner, posts, post_bodies)
            self.write_comments(planner, comments, comment_bodies)
            self.write_reactions(planner, reactions)
            self.update_community(community, planner)
        seed_sections(
            self.scale,
            seed=self.seed,
            now=self.now,
            community_id=community.pk,
            progress=self.progress,
        )
        seed_casework(self.scale, seed=self.seed, now=self.now, progress=self.progress)
        reset_sequences()
        index_everything(self.progress)
        began = time.monotonic()
        analyze()
        self.progress.report("analyze", 0, time.monotonic() - began)
        self.write(f"  {'total':<18} {time.monotonic() - self.progress.started:>25.1f} s")
        return self.progress.counts

    # Members, addresses, profiles, interests --------------------------------------------

    def write_members(self, planner: Planner, members: cm.Members) -> None:
        password = make_password(BENCH_PASSWORD)
        self.progress.insert(
            "members",
            Member,
            (
                Member(
                    pk=planner.member_id(i),
                    email=f"lid{planner.member_id(i)}@{EMAIL_DOMAIN}",
                    display_name=display_name(planner.member_id(i)),
                    role=cm.ROLES[members.role[i]],
                    approval_status="approved" if members.approved[i] else "pending",
                    is_active=members.active[i],
                    date_joined=moment(members.joined[i]),
                    password=password,
                )
                for i in range(members.count)
            ),
        )
        self.progress.insert(
            "e-mail addresses",
            EmailAddress,
            (
                EmailAddress(
                    user_id=planner.member_id(i),
                    email=f"lid{planner.member_id(i)}@{EMAIL_DOMAIN}",
                    verified=True,
                    primary=True,
                )
                for i in range(members.count)
            ),
        )
        bios = rendered(BIOS)
        places = vocabulary.PLACES
        jobs = vocabulary.CUSTOMER_JOBS
        self.progress.insert(
            "profiles",
            Profile,
            (
                Profile(
                    member_id=planner.member_id(i),
                    bio=bios[i % len(bios)].text if i % 5 < 3 else "",
                    bio_html=bios[i % len(bios)].html if i % 5 < 3 else "",
                    job_title=jobs[i % len(jobs)][0] if i % 3 else "",
                    organisation=jobs[i % len(jobs)][1] if i % 3 else "",
                    location=", ".join(places[i % len(places)]) if i % 4 else "",
                    visibility=cm.PROFILE_VISIBILITIES[members.visibility[i]],
                    updated_at=moment(members.joined[i]),
                )
                for i in range(members.count)
            ),
        )
        interests = []
        for name in vocabulary.INTERESTS:
            interest, _created = Interest.objects.get_or_create(
                slug=slugify(name, allow_unicode=True), defaults={"name": name}
            )
            interests.append(interest.pk)
        link = Profile.interests.through
        self.progress.insert(
            "profile interests",
            link,
            (
                link(
                    profile_id=planner.member_id(i), interest_id=interests[(i + k) % len(interests)]
                )
                for i in range(members.count)
                if i % 5 < 2
                for k in range(1 + i % 3)
            ),
        )

    # Groups, memberships, tags, profile walls -------------------------------------------

    def write_spaces(
        self, planner: Planner, members: cm.Members, groups: list[cm.Group], slugs: list[str]
    ) -> None:
        def group_row(group: cm.Group) -> Space:
            space_id = planner.group_id(group.rank)
            totals = planner.totals(space_id)
            return Space(
                pk=space_id,
                kind=SpaceKind.GROUP,
                name=group.name,
                slug=slugs[group.rank],
                description=f"Alles over {group.name.lower()}: vragen, tips en ervaringen.",
                description_html=(
                    f"<p>Alles over {group.name.lower()}: vragen, tips en ervaringen.</p>"
                ),
                visibility=cm.VISIBILITIES[group.visibility],
                audience="employees" if group.employees_only else "everyone",
                member_count=len(group.active),
                post_count=totals.post_count,
                last_activity_at=moment(totals.last),
                created_at=moment(group.created),
                updated_at=moment(group.created),
            )

        def profile_row(owner: int, space_id: int) -> Space:
            totals = planner.totals(space_id)
            return Space(
                pk=space_id,
                kind=SpaceKind.PROFILE,
                name=display_name(planner.member_id(owner))[:80],
                slug=f"profiel-{planner.member_id(owner)}",
                owner_member_id=planner.member_id(owner),
                # The owner's side of who reads the wall (kring.spaces.walls.sync_walls).
                wall_visibility=(
                    cm.PROFILE_VISIBILITIES[members.visibility[owner]]
                    if members.approved[owner] and members.active[owner]
                    else ""
                ),
                post_count=totals.post_count,
                last_activity_at=moment(totals.last),
                created_at=moment(members.joined[owner]),
                updated_at=moment(members.joined[owner]),
            )

        self.progress.insert("groups", Space, (group_row(g) for g in groups))
        self.progress.insert(
            "profile walls",
            Space,
            (profile_row(owner, space_id) for owner, space_id in planner.profile_space.items()),
        )
        self.progress.insert(
            "memberships",
            Membership,
            (
                Membership(
                    space_id=planner.group_id(group.rank),
                    member_id=planner.member_id(index),
                    role=cm.GROUP_ROLES[role],
                    status=cm.STATUSES[status],
                    invited_by_id=(
                        planner.member_id(group.memberships[0][0])
                        if status == cm.STATUS_INVITED
                        else None
                    ),
                    created_at=moment(joined),
                    joined_at=moment(joined) if status == cm.STATUS_ACTIVE else None,
                )
                for group in groups
                for index, role, status, joined in group.memberships
            ),
        )
        tags = {}
        for theme in GROUP_THEMES:
            tag, _created = SpaceTag.objects.get_or_create(
                slug=slugify(theme, allow_unicode=True), defaults={"name": theme}
            )
            tags[theme] = tag.pk
        link = Space.tags.through
        self.progress.insert(
            "group tags",
            link,
            (
                link(
                    space_id=planner.group_id(group.rank),
                    spacetag_id=tags[GROUP_THEMES[(group.rank + k) % len(GROUP_THEMES)]],
                )
                for group in groups
                for k in range(1 + group.rank % 3)
            ),
        )

    # Friendships, follows, friend requests, blocks --------------------------------------

    def write_relations(
        self, planner: Planner, relations: cm.Relations, groups: list[cm.Group]
    ) -> None:
        mid = planner.member_id
        friendship_moments = [planner.recent(600) for _ in relations.friendships]
        self.progress.insert(
            "friendships (x2)",
            Friendship,
            (
                Friendship(member_id=mid(a), friend_id=mid(b), created_at=moment(at))
                for (x, y), at in zip(relations.friendships, friendship_moments, strict=True)
                for a, b in ((x, y), (y, x))
            ),
        )
        self.progress.insert(
            "member follows",
            Follow,
            (
                Follow(follower_id=mid(a), member_id=mid(b), created_at=moment(at))
                for a, b, at in relations.member_follows
            ),
        )
        self.progress.insert(
            "group follows",
            Follow,
            (
                Follow(follower_id=mid(a), space_id=planner.group_id(rank), created_at=moment(at))
                for a, rank, at in relations.group_follows
            ),
        )
        self.progress.insert(
            "friend requests",
            FriendRequest,
            (
                FriendRequest(sender_id=mid(a), recipient_id=mid(b), created_at=moment(at))
                for a, b, at in relations.friend_requests
            ),
        )
        self.progress.insert(
            "blocks",
            Block,
            (
                Block(blocker_id=mid(a), blocked_id=mid(b), created_at=moment(at))
                for a, b, at in relations.blocks
            ),
        )

    # Posts, comments, reactions ---------------------------------------------------------

    def write_posts(self, planner: Planner, posts: cm.Posts, bodies: list[Body]) -> None:
        def row(j: int) -> Post:
            body = bodies[posts.body[j]]
            created = moment(posts.created[j])
            author_id = planner.member_id(posts.author[j])
            return Post(
                pk=planner.ids.post + j,
                space_id=posts.space[j],
                author_id=author_id,
                audience="friends" if posts.friends_only[j] else "space",
                body=body.text,
                body_html=body.html,
                created_at=created,
                last_activity_at=moment(posts.last[j]),
                deleted_at=created if posts.deleted[j] else None,
                deleted_by_id=author_id if posts.deleted[j] else None,
                comment_count=posts.comment_count[j],
                reaction_count=posts.reaction_count[j],
                reaction_counts=posts.reaction_counts[j],
            )

        self.progress.insert("posts", Post, (row(j) for j in range(len(posts.space))))

    def write_comments(self, planner: Planner, comments: cm.Comments, bodies: list[Body]) -> None:
        def row(c: int) -> Comment:
            body = bodies[comments.body[c]]
            created = moment(comments.created[c])
            author_id = planner.member_id(comments.author[c])
            parent = comments.parent[c]
            return Comment(
                pk=planner.ids.comment + c,
                post_id=planner.ids.post + comments.post[c],
                parent_id=planner.ids.comment + parent if parent >= 0 else None,
                author_id=author_id,
                body=body.text,
                body_html=body.html,
                is_internal=comments.internal[c],
                created_at=created,
                deleted_at=created if comments.deleted[c] else None,
                deleted_by_id=author_id if comments.deleted[c] else None,
                reaction_count=comments.reaction_count[c],
                reaction_counts=comments.reaction_counts[c],
            )

        self.progress.insert("comments", Comment, (row(c) for c in range(len(comments.post))))

    def write_reactions(self, planner: Planner, reactions: cm.Reactions) -> None:
        def row(r: int) -> Reaction:
            post, comment = reactions.post[r], reactions.comment[r]
            return Reaction(
                member_id=planner.member_id(reactions.member[r]),
                post_id=planner.ids.post + post if post >= 0 else None,
                comment_id=planner.ids.comment + comment if comment >= 0 else None,
                kind=cm.REACTION_KINDS[reactions.kind[r]],
                created_at=moment(reactions.created[r]),
            )

        self.progress.insert("reactions", Reaction, (row(r) for r in range(len(reactions.member))))

    def update_community(self, community: Space, planner: Planner) -> None:
        """The community space existed before: add to its counters instead of setting them."""
        totals = planner.totals(community.pk)
        last = moment(totals.last) if totals.last else None
        if community.last_activity_at and (last is None or community.last_activity_at > last):
            last = community.last_activity_at
        Space.objects.filter(pk=community.pk).update(
            post_count=models.F("post_count") + totals.post_count, last_activity_at=last
        )


def seed_community(scale: Scale, *, seed: int, write: Write) -> dict[str, Any]:
    """Generate and write a community of `scale`; the rows written per phase."""
    return Seeder(scale, seed=seed, write=write).run()
