"""The kinds made from the story's other outputs: the listing, the cards' zip and the page.

Each reads the outputs it shows through `Shown`, which records each one it looks at (by
its stamp), so it is made again exactly when one of them changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storykit.builder.job import StoryJob
from storykit.builder.kinds.base import Made, Phase, Shown, StoryKind
from storykit.builder.plan import Output, StoryPlan
from storykit.outputs import listing, site
from storykit.outputs.entries import ListingEntry, PageEntry, ZipEntry


@dataclass(frozen=True)
class ListingOutput(Output):
    pass


class Listing(StoryKind[ListingOutput]):
    """listing.json: one record per animal, for adoption sites (and the project's feeds)."""

    name = "listing"
    phase = Phase.SHOWN

    def plan(self, plan: StoryPlan) -> Sequence[ListingOutput]:
        return [ListingOutput("listing.json")]

    def render(self, job: StoryJob, out: ListingOutput, shown: Shown) -> Made:
        listed = job.listed
        entry = ListingEntry(path=out.path, kind="listing", animals=[r["id"] for r in listed])
        return Made(listing.listing_json(listed), entry, summary=listed)


@dataclass(frozen=True)
class ZipOutput(Output):
    pass


class CardsZip(StoryKind[ZipOutput]):
    """cards.zip: every card of the story, as one download."""

    name = "zip"
    phase = Phase.SHOWN

    def plan(self, plan: StoryPlan) -> Sequence[ZipOutput]:
        wanted = plan.size_users and plan.config.site.makes_zips
        return [ZipOutput("cards.zip")] if wanted else []

    def render(self, job: StoryJob, out: ZipOutput, shown: Shown) -> Made:
        cards = sorted(e["path"] for e in shown.entries("card"))
        names = [c.rsplit("/", 1)[-1] for c in cards]
        data = site.cards_zip([(n, shown.read(c)) for n, c in zip(names, cards, strict=True)])
        return Made(data, ZipEntry(path=out.path, kind="zip", files=sorted(names)))


@dataclass(frozen=True)
class PageOutput(Output):
    pass


class Page(StoryKind[PageOutput]):
    """index.html: the story's preview page, and its summary for the project's index page."""

    name = "page"
    phase = Phase.SHOWN

    def plan(self, plan: StoryPlan) -> Sequence[PageOutput]:
        return [PageOutput("index.html")]

    def render(self, job: StoryJob, out: PageOutput, shown: Shown) -> Made:
        entries = shown.entries()
        item = site.SiteStory(job.slug, job.story, job.loaded.path, entries)
        photos = [e for e in entries if e["kind"] == "photo"]
        config = job.session.project.config
        page, summary = site.story_page(
            item,
            shown.read,
            config,
            job.session.today,
            job.session.templates,
            job.context,
            job.listed,
            photos,
        )
        return Made(page, PageEntry(path=out.path, kind="page"), summary=summary)
