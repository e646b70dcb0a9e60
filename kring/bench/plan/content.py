"""Posts, comments and reactions of the planned community, with the counters they move."""

from __future__ import annotations

from bisect import bisect
from collections import Counter
from collections.abc import Callable

from kring.bench import community as cm
from kring.bench.plan.people import PeoplePlanner


class Planner(PeoplePlanner):
    """The whole community: people (members, groups, relations), then what they write."""

    # Posts ------------------------------------------------------------------------------

    def profile_space_id(self, owner: int, groups: int) -> int:
        if owner not in self.profile_space:
            self.profile_space[owner] = self.ids.space + groups + len(self.profile_space)
        return self.profile_space[owner]

    def posts(
        self, members: cm.Members, groups: list[cm.Group], relations: cm.Relations
    ) -> cm.Posts:
        rng, count = self.rng, self.scale.posts
        writers = members.participants
        author_weights = cm.cumulative([members.weight[i] for i in writers])
        group_weights = cm.cumulative([1 / (g.rank + 1) for g in groups if g.active] or [1.0])
        groups_with_members = [g for g in groups if g.active]
        posts = cm.Posts()
        for created in sorted(self.now - cm.SPAN * rng.random() ** 1.6 for _ in range(count)):
            place = rng.random()
            group_rank, friends_only = -1, False
            if place < cm.GROUP_SHARE and groups_with_members:
                group = groups_with_members[bisect(group_weights, rng.random() * group_weights[-1])]
                author = group.active[
                    bisect(group.author_weights, rng.random() * group.author_weights[-1])
                ]
                space_id, group_rank = self.group_id(group.rank), group.rank
            else:
                author = writers[bisect(author_weights, rng.random() * author_weights[-1])]
                if place < cm.GROUP_SHARE + cm.COMMUNITY_SHARE:
                    space_id = self.community_id
                else:
                    owner, friends = author, relations.friends.get(author)
                    if friends and rng.random() < 0.15:
                        owner = rng.choice(friends)  # a message on a friend's wall
                    space_id = self.profile_space_id(owner, len(groups))
                    friends_only = owner == author and rng.random() < cm.FRIENDS_ONLY_SHARE
            deleted = rng.random() < cm.DELETED_POST_SHARE
            posts.space.append(space_id)
            posts.group.append(group_rank)
            posts.author.append(author)
            posts.created.append(created)
            posts.friends_only.append(friends_only)
            posts.deleted.append(deleted)
            posts.body.append(rng.randrange(self.post_bodies))
            posts.comment_count.append(0)
            posts.last.append(created)
            posts.reaction_count.append(0)
            posts.reaction_counts.append({})
            totals = self.totals(space_id)
            totals.post_count += 0 if deleted else 1
            totals.last = max(totals.last, created)
        self.choose_hot_posts(posts, groups)
        return posts

    def choose_hot_posts(self, posts: cm.Posts, groups: list[cm.Group]) -> None:
        """A few recent posts everyone may read, in the community or a public group."""
        count = len(posts.space)
        readable = {self.community_id} | {
            self.group_id(g.rank) for g in groups if g.is_public_for_everyone
        }
        recent = [
            j
            for j in range(int(count * 0.7), count)
            if posts.space[j] in readable and not posts.deleted[j] and not posts.friends_only[j]
        ]
        posts.hot = sorted(
            self.rng.sample(recent, min(len(recent), max(3, count // cm.HOT_POST_EVERY)))
        )

    # Comments ---------------------------------------------------------------------------

    def commenter_pool(
        self, j: int, posts: cm.Posts, groups: list[cm.Group], relations: cm.Relations
    ) -> list[int] | None:
        """Who may comment on post `j` (None: any participant)."""
        if posts.group[j] >= 0:
            return groups[posts.group[j]].active
        if posts.friends_only[j]:
            return [posts.author[j], *relations.friends.get(posts.author[j], [])]
        return None

    def comments(
        self, members: cm.Members, groups: list[cm.Group], relations: cm.Relations, posts: cm.Posts
    ) -> cm.Comments:
        rng, total = self.rng, self.scale.comments
        hot = set(posts.hot)
        per_hot = min(rng.randint(200, 600), int(total * cm.HOT_COMMENT_SHARE / max(1, len(hot))))
        counts: Counter[int] = Counter(
            {j: max(1, int(per_hot * rng.uniform(0.7, 1.3))) for j in hot}
        )
        rest = max(0, total - sum(counts.values()))
        open_posts = [j for j in range(len(posts.space)) if not posts.deleted[j] and j not in hot]
        weights = cm.cumulative(
            [
                min(cm.PARETO_CAP, rng.paretovariate(1.3)) * (0.3 if posts.friends_only[j] else 1)
                for j in open_posts
            ]
        )
        if open_posts:
            counts.update(rng.choices(open_posts, cum_weights=weights, k=rest))
        writers = members.participants
        writer_weights = cm.cumulative([members.weight[i] + 1e-3 for i in writers])
        comments = cm.Comments()
        for j in sorted(counts):
            pool = self.commenter_pool(j, posts, groups, relations)
            pool_weights = groups[posts.group[j]].author_weights if posts.group[j] >= 0 else None
            mean_delay = 3 * cm.DAY if j in hot else 6 * cm.HOUR
            times = sorted(
                min(self.now - 1, posts.created[j] + rng.expovariate(1 / mean_delay))
                for _ in range(counts[j])
            )
            top_level: list[int] = []
            # Internal notes belong in customer threads: groups and the community stream.
            may_be_internal = posts.group[j] >= 0 or posts.space[j] == self.community_id
            for created in times:
                index = len(comments.post)
                internal = (
                    may_be_internal and bool(members.employees) and rng.random() < cm.INTERNAL_SHARE
                )
                if internal:
                    author = rng.choice(members.employees)
                elif pool is None:
                    author = writers[bisect(writer_weights, rng.random() * writer_weights[-1])]
                elif pool_weights is not None:
                    author = pool[bisect(pool_weights, rng.random() * pool_weights[-1])]
                else:
                    author = rng.choice(pool)
                parent = -1
                if not internal and top_level and rng.random() < cm.REPLY_SHARE:
                    parent = rng.choice(top_level)
                elif not internal:
                    top_level.append(index)
                deleted = rng.random() < cm.DELETED_COMMENT_SHARE
                comments.post.append(j)
                comments.parent.append(parent)
                comments.author.append(author)
                comments.created.append(created)
                comments.internal.append(internal)
                comments.deleted.append(deleted)
                comments.body.append(rng.randrange(self.comment_bodies))
                comments.reaction_count.append(0)
                comments.reaction_counts.append({})
                if not internal:
                    # comment_on_post: counted, moves the post and its space up; deleting it
                    # later takes it off the count but not the activity time.
                    posts.comment_count[j] += 0 if deleted else 1
                    posts.last[j] = max(posts.last[j], created)
                    totals = self.totals(posts.space[j])
                    totals.last = max(totals.last, created)
        return comments

    def spread(
        self,
        total: int,
        targets: list[int],
        cum_weights: list[float],
        capacity: Callable[[int], int],
    ) -> Counter[int]:
        """`total` draws over `targets` by weight, none above its capacity (one reaction per
        member per target): what overflows is drawn again, a few rounds, and what is still
        left goes to the first targets with room."""
        counts: Counter[int] = Counter()
        left = total if targets else 0
        for _round in range(8):
            if left <= 0:
                break
            counts.update(self.rng.choices(targets, cum_weights=cum_weights, k=left))
            left = 0
            for target, count in counts.items():
                room = capacity(target)
                if count > room:
                    left += count - room
                    counts[target] = room
        for target in targets:
            if left <= 0:
                break
            extra = min(left, capacity(target) - counts[target])
            if extra > 0:
                counts[target] += extra
                left -= extra
        return counts

    # Reactions --------------------------------------------------------------------------

    def reactions(
        self,
        members: cm.Members,
        groups: list[cm.Group],
        relations: cm.Relations,
        posts: cm.Posts,
        comments: cm.Comments,
    ) -> cm.Reactions:
        rng, total = self.rng, self.scale.reactions
        hot = set(posts.hot)
        reactions = cm.Reactions()
        on_posts = int(total * cm.POST_REACTION_SHARE)
        open_posts = [j for j in range(len(posts.space)) if not posts.deleted[j]]
        weights = cm.cumulative(
            [
                min(cm.PARETO_CAP, rng.paretovariate(1.5))
                * (1 + posts.comment_count[j]) ** 0.5
                * (30 if j in hot else 1)
                for j in open_posts
            ]
        )

        def pool_of_post(j: int) -> list[int]:
            return self.commenter_pool(j, posts, groups, relations) or members.participants

        post_counts = self.spread(on_posts, open_posts, weights, lambda j: len(pool_of_post(j)))
        for j in sorted(post_counts):
            self.react(
                reactions,
                pool_of_post(j),
                post_counts[j],
                target=(j, -1),
                since=posts.created[j],
                tally=posts.reaction_counts[j],
            )
            posts.reaction_count[j] += post_counts[j]
        open_comments = [
            c
            for c in range(len(comments.post))
            if not comments.deleted[c] and not comments.internal[c]
        ]
        comment_counts = self.spread(
            total - on_posts,
            open_comments,
            cm.cumulative([1.0] * len(open_comments)),
            lambda c: len(pool_of_post(comments.post[c])),
        )
        for c in sorted(comment_counts):
            self.react(
                reactions,
                pool_of_post(comments.post[c]),
                comment_counts[c],
                target=(-1, c),
                since=comments.created[c],
                tally=comments.reaction_counts[c],
            )
            comments.reaction_count[c] += comment_counts[c]
        return reactions

    def react(
        self,
        reactions: cm.Reactions,
        pool: list[int],
        count: int,
        *,
        target: tuple[int, int],
        since: float,
        tally: dict[str, int],
    ) -> None:
        """`count` members of `pool`, each reacting once to `target` (post, comment)."""
        rng = self.rng
        for member in rng.sample(pool, count):
            kind = bisect(cm.REACTION_WEIGHTS, rng.random() * cm.REACTION_WEIGHTS[-1])
            reactions.member.append(member)
            reactions.post.append(target[0])
            reactions.comment.append(target[1])
            reactions.kind.append(kind)
            reactions.created.append(min(self.now - 1, since + rng.expovariate(1 / (8 * cm.HOUR))))
            tally[cm.REACTION_KINDS[kind]] = tally.get(cm.REACTION_KINDS[kind], 0) + 1
