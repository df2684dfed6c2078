"""Posting to a Mastodon server (through Mastodon.py): images with descriptions and focus
points, replies in a thread, the language, and an Idempotency-Key on every post."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from mastodon import Mastodon, errors

from storykit.digests import digest
from storykit.posting.credentials import MastodonAccount, scrub
from storykit.posting.focus import mastodon_focus
from storykit.posting.images import upload
from storykit.posting.kit import KitImage, KitPost
from storykit.posting.ledger import Sent
from storykit.posting.problems import Refused, patiently, transport_failure

T = TypeVar("T")
IMAGE_LIMIT = 16 * 1024 * 1024  # bytes per image when the server does not say (Mastodon's default)


def idempotency_key(story: str, number: int, kit: str, round: int) -> str:
    """The key a post is sent with: the same for the same post of the same kit in the same
    round (a run resumed sends it again and the server answers with the post it made),
    another for a new round (--again) or a changed kit."""
    return "storykit-" + digest("mastodon", story, number, kit, round)


class MastodonPoster:
    """One Mastodon account (a server and a token) posting a story's kit."""

    platform = "mastodon"

    def __init__(self, account: MastodonAccount, language: str):
        self.account = account
        self.language = language.split("-", 1)[0]  # Mastodon takes ISO 639 codes
        self.client = Mastodon(
            access_token=account.token,
            api_base_url=account.url,
            ratelimit_method="throw",  # waits are ours: bounded, and said
            request_timeout=60,
        )
        self.image_limit = IMAGE_LIMIT

    def sign_in(self) -> str:
        """Check the token (and learn the server's image limit); the account's name."""
        me = self._call(self.client.account_verify_credentials, signing_in=True)
        try:
            configuration = self.client.instance_v2()["configuration"]
            self.image_limit = int(configuration["media_attachments"]["image_size_limit"])
        except (errors.MastodonError, KeyError, TypeError, ValueError):
            self.image_limit = IMAGE_LIMIT  # an older server: Mastodon's own default
        host = self.account.url.split("://", 1)[-1]
        return f"@{me['username']}@{host}"

    def new_key(self, story: str, number: int, kit: str, round: int) -> str:
        return idempotency_key(story, number, kit, round)

    def close(self) -> None:
        self.client.session.close()

    def already_sent(self, key: str) -> Sent | None:
        """Nothing to look up: sending again with the same Idempotency-Key is harmless."""
        return None

    def send(self, post: KitPost, thread: list[Sent], key: str) -> Sent:
        """Post *post* with Idempotency-Key *key*, replying to the last of *thread*."""
        media = [self._image(image) for image in post.images]
        status: Any = self._call(
            lambda: self.client.status_post(
                post.text,
                in_reply_to_id=thread[-1].id if thread else None,
                media_ids=media or None,
                language=self.language,
                idempotency_key=key,
            )
        )
        return Sent(str(status["id"]), str(status["url"] or status["uri"]))

    def _image(self, image: KitImage) -> Any:
        item = upload(image.path, self.image_limit)
        focus = mastodon_focus(image.focus) if image.focus is not None else None
        return self._call(
            lambda: self.client.media_post(
                item.data,
                mime_type=item.mime,
                description=image.alt,
                focus=focus,
                file_name=item.name,
                synchronous=True,
            )
        )

    def _call(self, call: Callable[[], T], signing_in: bool = False) -> T:
        def once() -> T:
            try:
                return call()
            except errors.MastodonError as err:
                raise self._refused(err, signing_in) from None

        return patiently(once)

    def _refused(self, err: errors.MastodonError, signing_in: bool) -> Refused:
        detail = scrub(_mastodon_error_text(err), self.account.secrets)
        if isinstance(err, errors.MastodonRatelimitError):
            reset = self.client.ratelimit_reset
            return Refused("ratelimit", detail, max(0.0, reset - time.time()) if reset else None)
        if isinstance(err, errors.MastodonNetworkError):
            return Refused("network", f"{self.account.url}: {transport_failure(err)}")
        status = err.args[1] if len(err.args) > 1 and isinstance(err.args[1], int) else 0
        if status == 401 or (signing_in and status in (403, 404)):
            return Refused("signin", detail)
        if status == 403:
            return Refused("scope", detail)
        if isinstance(err, errors.MastodonServerError):
            return Refused("server", detail)
        return Refused("refused", detail)


def _mastodon_error_text(err: errors.MastodonError) -> str:
    if isinstance(err, errors.MastodonAPIError) and len(err.args) >= 4:
        return f"{err.args[1]}: {err.args[3] or err.args[2]}"
    return str(err)
