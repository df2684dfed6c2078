"""Each fact in one place: the tables that name statuses, platforms and card sizes agree."""

from __future__ import annotations

import typing

import pytest

from storykit import cards
from storykit.cards import color
from storykit.cards.geometry import size_class
from storykit.load import model
from storykit.load.platforms import resolve_platforms
from storykit.load.schema import json_schema
from storykit.outputs import context, listing
from storykit.text import platforms


def test_the_card_sizes_are_one_table() -> None:
    assert cards.SIZES is platforms.CARD_SIZES
    assert not hasattr(model, "SIZES")  # one table, imported where it is used
    assert list(platforms.CARD_SIZES) == list(typing.get_args(model.SizeName))
    for name, size in platforms.CARD_SIZES.items():
        assert size_class(*size) == name


def test_every_platform_gets_its_default_card_sizes() -> None:
    plans = {p.platform.name: p.sizes for p in resolve_platforms(model.Config())}
    assert plans == platforms.DEFAULT_CARD_SIZES
    assert list(plans) == list(typing.get_args(model.PlatformName)) == list(platforms.PLATFORMS)


def test_every_status_has_its_words_and_the_schema_lists_them() -> None:
    assert model.STATUSES == ("available", "pending", "adopted", "reunited", "hold")
    assert set(context.STATUS_LABELS) == set(context.STATUS_BADGES) == set(model.STATUSES)
    assert set(listing.LISTED_STATUSES) < set(model.STATUSES)
    assert json_schema()["properties"]["status"]["enum"] == list(model.STATUSES)


@pytest.mark.parametrize(
    ("amount", "text"), [(120, "$120"), (1250.0, "$1,250"), (99.5, "$99.50"), (0, "$0")]
)
def test_money_is_written_one_way(amount: float, text: str) -> None:
    assert context.money(amount) == text


def test_the_page_and_the_cards_measure_contrast_alike() -> None:
    for a, b in (("#777777", "#ffffff"), ("#1d3557", "#111111"), ("#0a0a0a", "#0b0b0b")):
        assert color.hex_contrast(a, b) == color.contrast(color.parse_hex(a), color.parse_hex(b))
    assert color.hex_contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_card_quality_bounds_are_the_models() -> None:
    low, high = platforms.CARD_QUALITY
    model.Cards(quality=low)
    model.Cards(quality=high)
    with pytest.raises(ValueError):
        model.Cards(quality=low - 1)


def test_the_card_engine_and_the_settings_have_the_same_defaults() -> None:
    from storykit.cards.layout import CardStyle

    style, brand, settings = CardStyle(), model.Brand(), model.Cards()
    assert (style.primary, style.accent, style.text) == (brand.primary, brand.accent, brand.text)
    assert (style.quality, style.max_upscale) == (settings.quality, settings.max_upscale)


def test_every_species_names_the_adoption_sites_types_and_breeds_they_have() -> None:
    from storykit.outputs.adoptsites.rules import site_data
    from storykit.text import species

    petfinder, adoptapet = site_data("petfinder")["types"], site_data("adoptapet")["types"]
    assert len({k.name for k in species.KINDS}) == len(species.KINDS)
    for kind in species.KINDS:
        family = petfinder[kind.petfinder]
        assert kind.petfinder_breed is None or kind.petfinder_breed in family["breeds"], kind.name
        assert kind.adoptapet is None or kind.adoptapet in adoptapet, kind.name
        # every way of writing it finds it, and only it
        for written in (kind.name, kind.plural, *kind.also):
            assert species.known(written) is kind, written
    assert {k.petfinder for k in species.KINDS} == set(petfinder)
