"""Accounts to post with, from the environment only: never written, never shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storykit.errors import Location, Problem, StorykitError

BLUESKY_SERVICE = "https://bsky.social"
HIDDEN = "[hidden]"

# each variable: what it holds, and how to get it
NEEDED = {
    "STORYKIT_BLUESKY_HANDLE": (
        "the Bluesky account to post as",
        "set it to the account's handle, e.g. export STORYKIT_BLUESKY_HANDLE=myrescue.bsky.social",
    ),
    "STORYKIT_BLUESKY_PASSWORD": (
        "an app password for that Bluesky account",
        "make one in Bluesky: Settings > Privacy and security > App passwords > Add App "
        "Password (not your account's own password), then export "
        "STORYKIT_BLUESKY_PASSWORD=xxxx-xxxx-xxxx-xxxx",
    ),
    "STORYKIT_MASTODON_URL": (
        "the address of your Mastodon server",
        "set it to your server's address, e.g. export STORYKIT_MASTODON_URL=https://mastodon.social",
    ),
    "STORYKIT_MASTODON_TOKEN": (
        "an access token for your Mastodon account",
        "make one on your server: Preferences > Development > New application, with the "
        "scopes write:statuses and write:media; open it, copy 'Your access token', then "
        "export STORYKIT_MASTODON_TOKEN=<that token>",
    ),
}


@dataclass(frozen=True)
class BlueskyAccount:
    service: str
    handle: str
    password: str = field(repr=False)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.password,)


@dataclass(frozen=True)
class MastodonAccount:
    url: str
    token: str = field(repr=False)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.token,)


def bluesky_account(env: Mapping[str, str]) -> BlueskyAccount:
    """The Bluesky account from STORYKIT_BLUESKY_*; every variable missing in one error."""
    values = _needed(env, ("STORYKIT_BLUESKY_HANDLE", "STORYKIT_BLUESKY_PASSWORD"))
    service = env.get("STORYKIT_BLUESKY_SERVICE", "").strip() or BLUESKY_SERVICE
    handle = values[0].removeprefix("@")
    return BlueskyAccount(service.rstrip("/"), handle, values[1])


def mastodon_account(env: Mapping[str, str]) -> MastodonAccount:
    """The Mastodon account from STORYKIT_MASTODON_*; every variable missing in one error."""
    url, token = _needed(env, ("STORYKIT_MASTODON_URL", "STORYKIT_MASTODON_TOKEN"))
    if "://" not in url:
        url = "https://" + url
    return MastodonAccount(url.rstrip("/"), token)


def _needed(env: Mapping[str, str], names: tuple[str, ...]) -> list[str]:
    values = [env.get(name, "").strip() for name in names]
    missing = [
        Problem(Location(name), f"is not set: storykit needs {NEEDED[name][0]}", NEEDED[name][1])
        for name, value in zip(names, values, strict=True)
        if not value
    ]
    if missing:
        raise StorykitError(missing)
    return values


def scrub(text: str, secrets: Iterable[str]) -> str:
    """*text* with every secret in it hidden (a server's or library's message may echo one)."""
    for secret in secrets:
        if len(secret) >= 4:  # a shorter one would hide letters of ordinary words
            text = text.replace(secret, HIDDEN)
    return text
