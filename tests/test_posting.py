"""`storykit post` against real servers on 127.0.0.1: a Bluesky PDS (tools/install_pds.sh;
skipped without it) and mastodon_mock. The corpus is built into a temporary project, every
story is posted, and what the servers hold is read back against each kit."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner
from servers import MastodonServer, Pds

from storykit.cli import main
from storykit.posting.ledger import LEDGER_NAME, Sending, load_ledger
from storykit.posting.post import post_story

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
SLUGS = sorted(p.stem for p in (CORPUS / "stories").glob("*.yaml"))
THREADED = "rosie-long-story"  # a thread on both platforms


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, built for Bluesky and Mastodon only, in a temporary project."""
    root = tmp_path_factory.mktemp("posting") / "project"
    shutil.copytree(CORPUS, root)
    config = yaml.safe_load((root / "storykit.yaml").read_text(encoding="utf-8"))
    config["platforms"] = {k: config["platforms"][k] for k in ("bluesky", "mastodon")}
    # mastodon_mock counts a link by its length (Mastodon counts 23 characters) against its
    # fixed 500: a lower limit keeps the kits' posts within both ways of counting
    config["platforms"]["mastodon"]["limit"] = 440
    (root / "storykit.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = CliRunner().invoke(main, ["build", "-C", str(root), "--jobs", "2", "-q"])
    assert built.exit_code == 0, built.output
    return root


def ledger_bytes(root: Path) -> bytes | None:
    path = root / LEDGER_NAME
    return path.read_bytes() if path.exists() else None


def run(root: Path, env: dict[str, str], *args: str) -> Any:
    clean = {k: None for k in os.environ if k.startswith("STORYKIT_")}
    return CliRunner().invoke(main, ["post", *args, "-C", str(root)], env={**clean, **env})


def kit(root: Path, slug: str, platform: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (root / "output" / slug / "posts" / platform / "post.json").read_text(encoding="utf-8")
    )
    return data


def kit_texts(post: dict[str, Any]) -> list[str]:
    return list(post["thread"]) or [post["caption"]]


def records(pds: Pds) -> dict[str, dict[str, Any]]:
    """Every post in the account's repository, by at:// URI (com.atproto.repo.listRecords)."""
    found: dict[str, dict[str, Any]] = {}
    cursor = None
    while True:
        params = {"repo": pds.did, "collection": "app.bsky.feed.post", "limit": 100}
        answer = httpx.get(
            f"{pds.service}/xrpc/com.atproto.repo.listRecords",
            params={**params, **({"cursor": cursor} if cursor else {})},
        ).json()
        found.update({r["uri"]: {**r["value"], "cid": r["cid"]} for r in answer["records"]})
        cursor = answer.get("cursor")
        if not cursor or not answer["records"]:
            return found


def posting(root: Path, slug: str, platform: str) -> Any:
    last = load_ledger(root).last(slug, platform)
    assert last is not None, f"{slug} is not on record for {platform}"
    return last


# --- Bluesky ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_each_story_goes_to_bluesky_as_its_kit(project: Path, pds: Pds, slug: str) -> None:
    result = run(project, pds.env(), slug, "--to", "bluesky")
    assert result.exit_code == 0, result.output
    post = kit(project, slug, "bluesky")
    texts = kit_texts(post)
    on_record = posting(project, slug, "bluesky")
    assert on_record.finished and len(on_record.posts) == len(texts) == on_record.of
    assert f"storykit: posted '{slug}' to Bluesky as rescue.test on {pds.service}" in result.output
    held = records(pds)
    root = on_record.posts[0]
    for n, (text, sent) in enumerate(zip(texts, on_record.posts, strict=True)):
        record = held[sent.id]
        assert record["text"] == text
        assert record["langs"] == ["en"]
        assert f"{slug} {n + 1}/{len(texts)}: {sent.url}" in result.output
        raw = text.encode("utf-8")
        for facet in record.get("facets", []):
            shown = raw[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode("utf-8")
            feature = facet["features"][0]
            if feature["$type"] == "app.bsky.richtext.facet#tag":
                assert shown == "#" + feature["tag"]
            else:
                assert feature["uri"].endswith(shown.removeprefix("https://"))
        tags = {f["features"][0].get("tag") for f in record.get("facets", [])}
        assert tags >= {w[1:].rstrip(".,") for w in text.split() if w.startswith("#")}
        if n == 0:
            assert "reply" not in record
            images = record.get("embed", {}).get("images", [])
            assert [i["alt"] for i in images] == [m["alt"] for m in post["media"]]
            assert [(i["aspectRatio"]["width"], i["aspectRatio"]["height"]) for i in images] == [
                (m["width"], m["height"]) for m in post["media"]
            ]
            assert all(i["image"]["size"] <= 2_000_000 for i in images)
        else:
            assert "embed" not in record
            reply, parent = record["reply"], on_record.posts[n - 1]
            assert (reply["root"]["uri"], reply["root"]["cid"]) == (root.id, root.cid)
            assert (reply["parent"]["uri"], reply["parent"]["cid"]) == (parent.id, parent.cid)


def test_a_story_posted_before_is_not_posted_again(project: Path, pds: Pds) -> None:
    before = len(records(pds))
    result = run(project, pds.env(), "clover", "--to", "bluesky")
    assert result.exit_code == 0, result.output
    first = posting(project, "clover", "bluesky")
    stamp = first.finished.replace("T", " ").replace("Z", " UTC")
    assert result.output == (
        f"storykit: 'clover' went out on Bluesky on {stamp} as {first.account}: "
        f"{first.posts[0].url} (nothing sent; --again posts it anew)\n"
    )
    shutil.rmtree(project / "output")  # deleting output/ must not make anything go again
    result = run(project, pds.env(), "clover", "--to", "bluesky")
    assert result.exit_code == 0 and "nothing sent" in result.output
    assert (project / "output" / "clover" / "posts" / "bluesky" / "post.json").is_file()
    assert len(records(pds)) == before
    again = run(project, pds.env(), "clover", "--to", "bluesky", "--again")
    assert again.exit_code == 0, again.output
    assert len(records(pds)) == before + len(kit_texts(kit(project, "clover", "bluesky")))


def test_a_dry_run_shows_what_would_be_sent_and_sends_nothing(project: Path, pds: Pds) -> None:
    before = len(records(pds))
    ledger = ledger_bytes(project)
    result = run(project, {}, THREADED, "--to", "bluesky", "--dry-run", "--again")
    assert result.exit_code == 0, result.output
    post = kit(project, THREADED, "bluesky")
    for n, text in enumerate(kit_texts(post), start=1):
        assert f"── post {n} of {len(post['thread'])}" in result.output
        assert text in result.output
    for item in post["media"]:
        size = (project / "output" / THREADED / "posts" / "bluesky" / item["path"]).stat().st_size
        line = f"  image {item['path']}: {item['width']}x{item['height']}, {size:,} bytes\n"
        assert line + f"    alt: {item['alt']}\n" in result.output
    assert "  link https://" in result.output and " at bytes " in result.output
    assert len(records(pds)) == before and ledger_bytes(project) == ledger


def test_a_thread_killed_part_way_is_finished_once(project: Path, pds: Pds) -> None:
    """`storykit post` in a process of its own, killed once the first post is on record."""
    before = len(records(pds))
    env = {**os.environ, **pds.env()}
    args = [sys.executable, "-m", "storykit", "post", THREADED, "--to", "bluesky", "--again"]
    proc = subprocess.Popen([*args, "-C", str(project)], env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            last = load_ledger(project).last(THREADED, "bluesky")
            if last is not None and last.finished is None and last.posts:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        proc.wait()
    stopped = posting(project, THREADED, "bluesky")
    assert stopped.finished is None, "the thread finished before it could be killed"
    result = run(project, pds.env(), THREADED, "--to", "bluesky")
    assert result.exit_code == 0, result.output
    assert f"storykit: finished the Bluesky thread of '{THREADED}'" in result.output
    done = posting(project, THREADED, "bluesky")
    texts = kit_texts(kit(project, THREADED, "bluesky"))
    assert done.finished and len(done.posts) == len(texts)
    assert len(records(pds)) == before + len(texts)  # none twice
    held = records(pds)
    for parent, child in zip(done.posts, done.posts[1:], strict=False):
        assert held[child.id]["reply"]["parent"]["uri"] == parent.id


def test_a_post_accepted_but_not_yet_on_record_is_not_sent_again(project: Path, pds: Pds) -> None:
    """The moment between the server accepting a post and the ledger saying so: the next run
    finds the post by the record key it put on record first."""
    assert run(project, pds.env(), "bear", "--to", "bluesky", "--again").exit_code == 0
    before = len(records(pds))
    ledger = load_ledger(project)
    last = ledger.last("bear", "bluesky")
    assert last is not None and len(last.posts) >= 1
    accepted = last.posts.pop()
    last.sending, last.finished = Sending(len(last.posts) + 1, accepted.id.rsplit("/", 1)[1]), None
    ledger.save()
    result = run(project, pds.env(), "bear", "--to", "bluesky")
    assert result.exit_code == 0, result.output
    assert len(records(pds)) == before
    assert posting(project, "bear", "bluesky").posts[-1] == accepted


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {"STORYKIT_BLUESKY_PASSWORD": "not-the-password"},
            "error: Bluesky did not accept the sign-in (401: Invalid identifier or password)\n"
            "    hint: check STORYKIT_BLUESKY_HANDLE and STORYKIT_BLUESKY_PASSWORD",
        ),
        (
            {"STORYKIT_BLUESKY_SERVICE": "http://127.0.0.1:9"},
            "error: could not reach Bluesky (http://127.0.0.1:9: [Errno 111] Connection refused)\n"
            "    hint: check the internet connection and STORYKIT_BLUESKY_SERVICE, then run "
            "the same command again; nothing was posted",
        ),
    ],
    ids=["wrong password", "no network"],
)
def test_sign_in_and_network_trouble_is_a_plain_message(
    project: Path, pds: Pds, env: dict[str, str], said: str
) -> None:
    ledger = ledger_bytes(project)
    result = run(
        project, {**pds.env(), **env}, "mochi-emoji-headline", "--to", "bluesky", "--again"
    )
    assert result.exit_code == 1
    assert said in result.output and "Traceback" not in result.output
    assert ledger_bytes(project) == ledger


def test_missing_credentials_are_named_with_how_to_get_them(project: Path) -> None:
    result = run(project, {}, "clover", "--to", "bluesky", "--to", "mastodon", "--again")
    assert result.exit_code == 1
    assert result.output.splitlines()[0::2] == [
        "STORYKIT_BLUESKY_HANDLE: error: is not set: storykit needs the Bluesky account to post as",
        "STORYKIT_BLUESKY_PASSWORD: error: is not set: storykit needs an app password for that "
        "Bluesky account",
        "STORYKIT_MASTODON_URL: error: is not set: storykit needs the address of your Mastodon "
        "server",
        "STORYKIT_MASTODON_TOKEN: error: is not set: storykit needs an access token for your "
        "Mastodon account",
    ]
    assert "Settings > Privacy and security > App passwords" in result.output
    assert "Preferences > Development > New application" in result.output


# --- Mastodon ---------------------------------------------------------------------------------


def statuses(server: MastodonServer, ids: list[str]) -> list[dict[str, Any]]:
    auth = {"Authorization": f"Bearer {server.token}"}
    out = []
    for sid in ids:
        status = httpx.get(f"{server.url}/api/v1/statuses/{sid}", headers=auth).json()
        source = httpx.get(f"{server.url}/api/v1/statuses/{sid}/source", headers=auth).json()
        out.append({**status, "text": source["text"]})
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_each_story_goes_to_mastodon_as_its_kit(
    project: Path, mastodon_server: MastodonServer, slug: str
) -> None:
    result = run(project, mastodon_server.env(), slug, "--to", "mastodon")
    assert result.exit_code == 0, result.output
    post = kit(project, slug, "mastodon")
    on_record = posting(project, slug, "mastodon")
    held = statuses(mastodon_server, [s.id for s in on_record.posts])
    assert [s["text"] for s in held] == kit_texts(post)
    assert all(s["language"] == "en" for s in held)
    assert [s["in_reply_to_id"] for s in held] == [None] + [s["id"] for s in held[:-1]]
    media = held[0]["media_attachments"]
    assert [m["description"] for m in media] == [m["alt"] for m in post["media"]]
    assert all(not s["media_attachments"] for s in held[1:])
    story = json.loads((project / "output" / slug / "story.json").read_text(encoding="utf-8"))
    kit_entry = next(e for e in story["files"] if e["path"] == "posts/mastodon/post.json")
    for attached, card in zip(media, kit_entry["cards"], strict=True):
        focus = (attached.get("meta") or {}).get("focus")
        if card.startswith("cards/closing") or card.startswith("cards/quote"):
            assert focus is None
        else:
            assert focus is not None and -1 <= focus["x"] <= 1 and -1 <= focus["y"] <= 1


def test_mastodon_refusing_a_post_part_way_leaves_the_record_whole(
    project: Path, mastodon_server: MastodonServer
) -> None:
    def refuse_the_third(kit: Any, number: int, sent: Any) -> None:
        if number == 2:
            httpx.post(
                f"{mastodon_server.url}/api/v1/_mock/faults",
                json={
                    "match": {"methods": ["POST"], "path": "/api/v1/statuses"},
                    "effect": {"type": "status", "status": 422, "body": {"error": "Too long"}},
                    "count": 1,
                },
            )

    env = mastodon_server.env()
    outcome = post_story(
        project, THREADED, ("mastodon",), again=True, env=env, on_sent=refuse_the_third
    )
    assert [str(p).split(": ", 1)[1] for p in outcome.problems] == [
        f"error: Mastodon refused post 3 of {posting(project, THREADED, 'mastodon').of} of "
        f"'{THREADED}': 422: Too long\n    hint: change what it objects to in the story, then "
        "run the same command again; 2 of "
        f"{posting(project, THREADED, 'mastodon').of} posts went out and are recorded in "
        "posted.yaml: the thread goes on from there, nothing is posted twice"
    ]
    assert len(posting(project, THREADED, "mastodon").posts) == 2
    result = run(project, env, THREADED, "--to", "mastodon")
    assert result.exit_code == 0, result.output
    done = posting(project, THREADED, "mastodon")
    held = statuses(mastodon_server, [s.id for s in done.posts])
    assert [s["in_reply_to_id"] for s in held] == [None] + [s["id"] for s in held[:-1]]
    assert [s["text"] for s in held] == kit_texts(kit(project, THREADED, "mastodon"))


def test_mastodon_sends_each_post_with_an_idempotency_key(
    project: Path, mastodon_server: MastodonServer
) -> None:
    from storykit.posting.built import read_story
    from storykit.posting.credentials import mastodon_account
    from storykit.posting.kit import read_kit
    from storykit.posting.mastodon import MastodonPoster

    poster = MastodonPoster(mastodon_account(mastodon_server.env()), "en")
    try:
        poster.sign_in()
        story = read_story(project / "output" / "thumper-text-only")
        first = read_kit(story, "mastodon", project / "storykit.yaml").posts[0]
        key = poster.new_key("thumper-text-only", 1, "digest", 7)
        assert poster.send(first, [], key) == poster.send(first, [], key)
        assert poster.send(first, [], key) != poster.send(first, [], key + "-other")
    finally:
        poster.close()


def test_a_rate_limit_is_waited_out(project: Path, mastodon_server: MastodonServer) -> None:
    reset = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 2))
    httpx.post(
        f"{mastodon_server.url}/api/v1/_mock/faults",
        json={
            "match": {"methods": ["POST"], "path": "/api/v1/statuses"},
            "effect": {"type": "ratelimit", "headers": {"X-RateLimit-Reset": reset}},
            "count": 1,
        },
    )
    started = time.monotonic()
    result = run(project, mastodon_server.env(), "thumper-text-only", "--to", "mastodon", "--again")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 0.5


def test_an_expired_token_is_a_plain_message(
    project: Path, mastodon_server: MastodonServer
) -> None:
    env = {**mastodon_server.env(), "STORYKIT_MASTODON_TOKEN": "expired-token"}
    result = run(project, env, "clover", "--to", "mastodon", "--again")
    assert result.exit_code == 1
    assert "error: Mastodon did not accept the sign-in (401: " in result.output
    assert "Preferences > Development > New application" in result.output


# --- what is left behind ------------------------------------------------------------------------


def test_posted_lists_what_went_out(project: Path) -> None:
    result = CliRunner().invoke(main, ["posted", "clover", "--to", "bluesky", "-C", str(project)])
    assert result.exit_code == 0
    first = load_ledger(project).postings
    clover = [p for p in first if p.story == "clover" and p.platform == "bluesky"]
    lines = result.output.splitlines()
    stamp = clover[0].finished.replace("T", " ").replace("Z", " UTC")
    assert lines[0] == (
        f"{stamp}  clover  bluesky  available  {clover[0].of} post{'s' * (clover[0].of > 1)}  "
        f"as {clover[0].account}"
    )
    assert lines[1] == f"    1. {clover[0].posts[0].url}"


def test_no_password_or_token_is_written_anywhere(
    project: Path, pds: Pds, mastodon_server: MastodonServer
) -> None:
    secrets = [pds.password.encode(), mastodon_server.token.encode()]
    for path in project.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(s in data for s in secrets), f"a secret in {path}"
    text = (project / LEDGER_NAME).read_text(encoding="utf-8")
    assert "postings:" in text and "rescue.test" in text


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Path]:
    """A project of three text-only stories (fast to build), for --next."""
    root = tmp_path / "small"
    (root / "stories").mkdir(parents=True)
    shutil.copy(CORPUS / "storykit.yaml", root / "storykit.yaml")
    for slug in ("thumper-text-only", "biscuit-minimal"):
        shutil.copy(CORPUS / "stories" / f"{slug}.yaml", root / "stories" / f"{slug}.yaml")
    yield root


def test_next_posts_the_story_posted_least_recently_and_then_its_happy_tail(
    small: Path, pds: Pds
) -> None:
    first = run(small, pds.env(), "--next", "--to", "bluesky")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("storykit: next is 'biscuit-minimal': never posted on Bluesky\n")
    second = run(small, pds.env(), "--next", "--to", "bluesky")
    assert second.output.startswith(
        "storykit: next is 'thumper-text-only': never posted on Bluesky\n"
    )
    third = run(small, pds.env(), "--next", "--to", "bluesky")
    assert third.exit_code == 0
    assert third.output.startswith(
        "storykit: nothing to post: every available story went out on Bluesky in the last "
        "30 days (posting.min_days); the next one due is 'biscuit-minimal', on "
    )
    case = small / "stories" / "thumper-text-only.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("status: available", "status: adopted"),
        encoding="utf-8",
    )
    tail = run(small, pds.env(), "--next", "--to", "bluesky")
    assert tail.exit_code == 0, tail.output
    assert tail.output.startswith(
        "storykit: next is 'thumper-text-only': adopted since it went out as available on "
    )
    assert posting(small, "thumper-text-only", "bluesky").status == "adopted"
    after = run(small, pds.env(), "--next", "--to", "bluesky")
    assert "storykit: nothing to post" in after.output  # the happy tail goes out once
