"""The pure parts of posting: focus points, facets, record keys, the choice of the next
story, the ledger's round trip, images fitted to a limit, credentials and waits."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from conftest import assert_no_metadata
from PIL import Image

from storykit.errors import StorykitError
from storykit.posting.bluesky import TID_CHARS, facets, record_key
from storykit.posting.choose import choose_next
from storykit.posting.credentials import bluesky_account, mastodon_account, scrub
from storykit.posting.focus import card_focus, mastodon_focus, on_card
from storykit.posting.images import upload
from storykit.posting.ledger import Ledger, LedgerEntry, Sending, Sent, load_ledger
from storykit.posting.problems import MAX_WAIT, Refused, patiently

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)


def test_a_head_is_found_where_the_card_shows_it() -> None:
    card = {
        "width": 1200,
        "height": 630,
        "crop": [[0.25, 0.0, 0.75, 1.0]],  # the middle half of the photo's width
        "photo_area": [[600, 0, 1200, 630]],  # on the right half of the card
        "subjects": [
            [
                {
                    "body": [0.4, 0.2, 0.7, 0.9],
                    "head": [0.5, 0.2, 0.6, 0.4],
                    "confidence": 0.9,
                    "kind": "animal",
                }
            ]
        ],
    }
    x, y = card_focus(card) or (0, 0)
    assert x == pytest.approx((600 + 0.6 * 600) / 1200)  # head centre 0.55 -> 0.6 of the crop
    assert y == pytest.approx(0.3)
    assert mastodon_focus((x, y)) == (0.6, 0.4)
    assert mastodon_focus((0.0, 1.0)) == (-1.0, -1.0)


def test_a_card_without_animals_keeps_its_photo_in_view_and_one_without_a_photo_none() -> None:
    card = {"width": 100, "height": 100, "crop": [[0, 0, 1, 1]], "photo_area": [[50, 0, 100, 100]]}
    assert card_focus({**card, "subjects": [[]]}) == (0.75, 0.5)
    assert card_focus({"width": 100, "height": 100, "crop": [], "photo_area": []}) is None
    assert on_card((2.0, -1.0), (0, 0, 1, 1), (0, 0, 10, 10), (10, 10)) == (1.0, 0.0)


def test_facets_fall_on_their_exact_utf8_bytes() -> None:
    text = "Mochi 🐱 naps — adopt: https://example.org/mochi?x=1. #AdoptMe #café"
    raw = text.encode("utf-8")
    found = facets(text)
    assert [(f.kind, f.value) for f in found] == [
        ("link", "https://example.org/mochi?x=1"),
        ("tag", "AdoptMe"),
        ("tag", "café"),
    ]
    shown = [raw[f.start : f.end].decode("utf-8") for f in found]
    assert shown == ["https://example.org/mochi?x=1", "#AdoptMe", "#café"]


def test_a_record_key_is_a_tid() -> None:
    key = record_key(1_765_000_000_000_000)
    assert len(key) == 13 and set(key) <= set(TID_CHARS) and key[0] in "234567abcdefghij"
    assert record_key(1_765_000_000_000_000) < record_key(1_765_000_000_000_001 + 1024)


def posting(story: str, status: str, when: str, finished: bool = True) -> LedgerEntry:
    return LedgerEntry(
        story, "bluesky", status, "kit", "me", 1, when, when if finished else None, [Sent("a", "b")]
    )


@pytest.mark.parametrize(
    ("postings", "statuses", "slug", "why"),
    [
        ([], {"a": "available", "b": "adopted"}, "a", "never posted on Bluesky"),
        (
            [posting("a", "available", "2026-10-01T00:00:00Z")],
            {"a": "available", "b": "available"},
            "b",
            "never posted on Bluesky",
        ),
        (
            [
                posting("a", "available", "2026-10-01T00:00:00Z"),
                posting("b", "available", "2026-09-01T00:00:00Z"),
            ],
            {"a": "available", "b": "available"},
            "b",
            "posted on Bluesky least recently, on 2026-09-01",
        ),
        (
            [posting("a", "available", "2026-12-01T00:00:00Z")],
            {"a": "available", "p": "pending"},
            None,
            "every available story went out on Bluesky in the last 30 days (posting.min_days); "
            "the next one due is 'a', on 2026-12-31",
        ),
        (
            [posting("a", "available", "2026-12-06T00:00:00Z")],
            {"a": "adopted", "b": "available"},
            "a",
            "adopted since it went out as available on 2026-12-06: its happy tail",
        ),
        (
            [
                posting("a", "available", "2026-12-06T00:00:00Z"),
                posting("a", "adopted", "2026-12-07T00:00:00Z"),
            ],
            {"a": "adopted"},
            None,
            "no story is available, and no happy tail is waiting for Bluesky",
        ),
        (
            [posting("b", "available", "2026-12-06T00:00:00Z", finished=False)],
            {"a": "available", "b": "available"},
            "b",
            "its thread on Bluesky stopped part way: finishing it",
        ),
    ],
    ids=[
        "never",
        "never first",
        "least recent",
        "too soon",
        "happy tail",
        "tail once",
        "unfinished",
    ],
)
def test_the_next_story(
    postings: list[LedgerEntry], statuses: dict[str, str], slug: str | None, why: str
) -> None:
    choice = choose_next(
        statuses, Ledger(Path("posted.yaml"), postings), "bluesky", "Bluesky", 30, NOW
    )
    assert (choice.slug, choice.why) == (slug, why)


def test_the_ledger_reads_back_what_it_wrote(tmp_path: Path) -> None:
    ledger = load_ledger(tmp_path)
    first = posting("chelsea", "available", "2026-12-07T10:00:00Z", finished=False)
    first.posts.append(Sent("at://did/app.bsky.feed.post/3k", "https://bsky.app/x", "bafy"))
    first.sending = Sending(3, "3kabc")
    ledger.postings.append(first)
    ledger.save()
    text = (tmp_path / "posted.yaml").read_text(encoding="utf-8")
    assert text.startswith("# What `storykit post` published")
    assert load_ledger(tmp_path).postings == [first]


def test_a_damaged_ledger_stops_posting(tmp_path: Path) -> None:
    (tmp_path / "posted.yaml").write_text("postings: [{story: a}]\n", encoding="utf-8")
    with pytest.raises(StorykitError) as err:
        load_ledger(tmp_path)
    assert "cannot read the posting ledger" in str(err.value)


def test_an_image_over_the_limit_is_re_encoded_to_fit_without_metadata(tmp_path: Path) -> None:
    noisy = Image.effect_noise((1200, 900), 90).convert("RGB")
    path = tmp_path / "01-cover.png"
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    noisy.save(path, exif=exif.tobytes())
    limit = 300_000
    assert path.stat().st_size > limit
    sent = upload(path, limit)
    assert len(sent.data) <= limit and sent.mime == "image/jpeg" and sent.reencoded
    assert_no_metadata(sent.data, b"SecretCam")
    with Image.open(io.BytesIO(sent.data)) as img:
        assert img.size == (sent.width, sent.height)
    kept = upload(path, 10_000_000)
    assert kept.data == path.read_bytes() and not kept.reencoded


def test_every_missing_variable_is_named() -> None:
    with pytest.raises(StorykitError) as err:
        bluesky_account({"STORYKIT_BLUESKY_HANDLE": "  "})
    assert [p.location.path for p in err.value.problems] == [
        "STORYKIT_BLUESKY_HANDLE",
        "STORYKIT_BLUESKY_PASSWORD",
    ]
    account = mastodon_account(
        {"STORYKIT_MASTODON_URL": "mastodon.example/", "STORYKIT_MASTODON_TOKEN": "t0ken"}
    )
    assert account.url == "https://mastodon.example" and "t0ken" not in repr(account)
    assert scrub("bad token t0ken in t0ken", account.secrets) == "bad token [hidden] in [hidden]"


def test_a_rate_limit_is_waited_out_within_a_bound() -> None:
    waits: list[float] = []
    answers = iter([Refused("ratelimit", "slow down", 2.0), "posted"])

    def call() -> str:
        answer = next(answers)
        if isinstance(answer, Refused):
            raise answer
        return answer

    assert patiently(call, waits.append) == "posted" and waits == [2.0]

    def too_long() -> str:
        raise Refused("ratelimit", "slow down", MAX_WAIT + 1)

    with pytest.raises(Refused) as err:
        patiently(too_long, waits.append)
    assert err.value.wait == MAX_WAIT + 1 and waits == [2.0]
