"""Posting to Bluesky (a PDS, through the atproto SDK): images with alt text and aspect
ratio, links and hashtags as facets at UTF-8 byte offsets, replies naming root and parent."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from atproto import Client, models
from atproto_client import exceptions as at
from atproto_client.utils.facet_detection import detect_facets

from storykit.posting.credentials import BlueskyAccount, scrub
from storykit.posting.images import upload
from storykit.posting.kit import KitImage, KitPost
from storykit.posting.ledger import Sent
from storykit.posting.problems import Refused, patiently, transport_failure

T = TypeVar("T")
POST = "app.bsky.feed.post"
IMAGE_LIMIT = 2_000_000  # bytes per image: app.bsky.embed.images' blob maxSize (the PDS checks it)
WEB = "https://bsky.app"  # where a post is seen on the web
TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as atproto writes record keys


@dataclass(frozen=True)
class Facet:
    """A link or hashtag of a post: what it points to and its UTF-8 byte range [start, end)."""

    kind: Literal["link", "tag"]
    value: str  # the link's address, or the tag without '#'
    start: int
    end: int


def facets(text: str) -> list[Facet]:
    """The links and hashtags in *text*, found as Bluesky's own apps find them (the SDK's
    port of their detection), at UTF-8 byte offsets."""
    found = []
    for facet in detect_facets(text):
        for feature in facet.features:
            if isinstance(feature, models.AppBskyRichtextFacet.Link):
                kind: Literal["link", "tag"] = "link"
                value = feature.uri
            elif isinstance(
                feature, models.AppBskyRichtextFacet.Tag
            ) and not feature.tag.startswith("$"):
                kind, value = "tag", feature.tag
            else:
                continue
            found.append(Facet(kind, value, facet.index.byte_start, facet.index.byte_end))
    return found


def record_key(now_us: int | None = None) -> str:
    """A new record key: a TID (the time in microseconds and a random clock id, 13
    base32-sortable characters), chosen before the post is sent so that sending it again
    cannot make a second post."""
    micros = time.time_ns() // 1000 if now_us is None else now_us
    value = (micros << 10) | secrets.randbelow(1024)
    return "".join(TID_CHARS[(value >> (5 * i)) & 31] for i in range(12, -1, -1))


def web_url(handle: str, uri: str) -> str:
    """A post's address on the web, from its at:// URI."""
    return f"{WEB}/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


class BlueskyPoster:
    """One signed-in Bluesky account posting a story's kit."""

    platform = "bluesky"
    image_limit = IMAGE_LIMIT

    def __init__(self, account: BlueskyAccount, language: str):
        self.account, self.language = account, language
        self.client = Client(account.service)
        self.did = ""
        self.handle = account.handle

    def sign_in(self) -> str:
        """Sign in with the app password; the account's name as the ledger keeps it."""

        def login() -> None:
            self.client.login(self.account.handle, self.account.password, fetch_bsky_profile=False)
            session = self.client.com.atproto.server.get_session()
            self.did, self.handle = session.did, session.handle

        self._call(login, signing_in=True)
        return f"{self.handle} on {self.account.service}"

    def new_key(self, story: str, number: int, digest: str, round: int) -> str:
        return record_key()

    def close(self) -> None:
        self.client.request.close()

    def already_sent(self, key: str) -> Sent | None:
        """The post of record key *key*, if a run stopped after sending it."""

        def get() -> Sent | None:
            try:
                found = self.client.com.atproto.repo.get_record(
                    models.ComAtprotoRepoGetRecord.Params(repo=self.did, collection=POST, rkey=key)
                )
            except at.BadRequestError as err:
                if _error_name(err) == "RecordNotFound":
                    return None
                raise
            return Sent(found.uri, web_url(self.handle, found.uri), found.cid or "")

        return self._call(get)

    def send(self, post: KitPost, thread: list[Sent], key: str) -> Sent:
        """Post *post* under record key *key*, replying to the last of *thread* (its first is
        the root) when there is one."""
        images = [self._image(image) for image in post.images]
        record = models.AppBskyFeedPost.Record(
            text=post.text,
            created_at=self.client.get_current_time_iso(),
            facets=[_model(f) for f in facets(post.text)] or None,
            embed=models.AppBskyEmbedImages.Main(images=images) if images else None,
            reply=_reply(thread) if thread else None,
            langs=[self.language],
        )
        data = models.ComAtprotoRepoCreateRecord.Data(
            repo=self.did, collection=POST, record=record, rkey=key
        )
        made = self._call(lambda: self.client.com.atproto.repo.create_record(data))
        return Sent(made.uri, web_url(self.handle, made.uri), made.cid)

    def _image(self, image: KitImage) -> models.AppBskyEmbedImages.Image:
        """Upload one image (made to fit the limit); the embed naming it, its alt and shape."""
        item = upload(image.path, self.image_limit)
        headers = {"Content-Type": item.mime}
        blob = self._call(
            lambda: self.client.com.atproto.repo.upload_blob(item.data, headers=headers)
        )
        ratio = models.AppBskyEmbedDefs.AspectRatio(width=item.width, height=item.height)
        return models.AppBskyEmbedImages.Image(alt=image.alt, image=blob.blob, aspect_ratio=ratio)

    def _call(self, call: Callable[[], T], signing_in: bool = False) -> T:
        """*call*, a server's refusal turned into a Refused (waiting out a rate limit)."""

        def once() -> T:
            try:
                return call()
            except at.AtProtocolError as err:
                raise self._refused(err, signing_in) from None

        return patiently(once)

    def _refused(self, err: at.AtProtocolError, signing_in: bool) -> Refused:
        detail = scrub(_atproto_error_text(err), self.account.secrets)
        if isinstance(err, at.RateLimitExceededError):
            wait = err.retry_after
            if wait is None and err.reset_at is not None:
                wait = max(0.0, err.reset_at.timestamp() - time.time())
            return Refused("ratelimit", detail, wait)
        if isinstance(err, at.NetworkError) or not isinstance(err, at.RequestErrorBase):
            return Refused("network", f"{self.account.service}: {detail}")
        status = err.response.status_code if err.response is not None else 0
        if signing_in or status == 401 or _error_name(err) in ("ExpiredToken", "InvalidToken"):
            return Refused("signin", detail)
        if status >= 500:
            return Refused("server", detail)
        return Refused("refused", detail)


def _error_name(err: at.RequestErrorBase) -> str:
    content = err.response.content if err.response is not None else None
    return getattr(content, "error", "") or ""


def _atproto_error_text(err: at.AtProtocolError) -> str:
    if isinstance(err, at.RequestErrorBase) and err.response is not None:
        content = err.response.content
        message = getattr(content, "message", None) or getattr(content, "error", None)
        return (
            f"{err.response.status_code}: {message}" if message else str(err.response.status_code)
        )
    if isinstance(err, at.NetworkError):
        return transport_failure(err)
    return str(err) or type(err).__name__


def _model(facet: Facet) -> models.AppBskyRichtextFacet.Main:
    feature: models.AppBskyRichtextFacet.Link | models.AppBskyRichtextFacet.Tag
    if facet.kind == "link":
        feature = models.AppBskyRichtextFacet.Link(uri=facet.value)
    else:
        feature = models.AppBskyRichtextFacet.Tag(tag=facet.value)
    index = models.AppBskyRichtextFacet.ByteSlice(byte_start=facet.start, byte_end=facet.end)
    return models.AppBskyRichtextFacet.Main(features=[feature], index=index)


def _reply(thread: list[Sent]) -> models.AppBskyFeedPost.ReplyRef:
    root, parent = thread[0], thread[-1]
    return models.AppBskyFeedPost.ReplyRef(
        root=models.ComAtprotoRepoStrongRef.Main(uri=root.id, cid=root.cid),
        parent=models.ComAtprotoRepoStrongRef.Main(uri=parent.id, cid=parent.cid),
    )
