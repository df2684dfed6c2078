"""The case-file and storykit.yaml model: it validates, and it generates the JSON Schema."""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from storykit import defaults
from storykit.text.platforms import (
    CARD_QUALITY,
    REEL_SECONDS,
    REEL_SECONDS_PER_PHOTO,
    CardFormat,
    CardSize,
    PlatformName,
)

Status = Literal["available", "pending", "adopted", "reunited", "hold"]
STATUSES: tuple[str, ...] = typing.get_args(Status)  # in the order pages list them
Sex = Literal["female", "male", "unknown"]
YesNo = Literal["yes", "no", "unknown"]
ReunitedWith = Literal["family", "mother"]
SizeClass = Literal["small", "medium", "large", "xlarge"]
SizeName = CardSize  # the card sizes and the platforms are text.platforms' facts
Paper = Literal["letter", "a4"]  # flyers on it, kennel cards on half of it

Text = Annotated[str, Field(min_length=1)]
Fraction = Annotated[float, Field(ge=0, le=1)]  # of a photo's width or height
HexColour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#1f4e79"])]
_HANDLE = re.compile(r"^@?[A-Za-z0-9_.]+(@[A-Za-z0-9.-]+)?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Litter(_Model):
    """The litter the animal was born in."""

    size: int | None = Field(None, ge=1, le=30, description="How many were born, this one included")
    runt: bool = Field(False, description="The smallest of the litter")


class GoodWith(_Model):
    """How the animal gets on with others: yes, no or unknown."""

    kids: YesNo = "unknown"
    dogs: YesNo = "unknown"
    cats: YesNo = "unknown"


class Health(_Model):
    """Health facts an adopter asks about."""

    spayed_neutered: bool | None = None
    vaccinated: bool | None = None
    microchipped: bool | None = None
    special_needs: str | None = Field(
        None, description="Anything an adopter must know and plan for"
    )


class Animal(_Model):
    """One animal of the story (a story may hold a bonded pair or a litter)."""

    name: Text
    species: Text = Field(
        description="What the animal is, as you say it: dog, cat, rabbit, guinea pig, hamster, "
        "rat, ferret, horse, donkey, parrot, budgie, chicken, duck, turtle, snake, goat, "
        "sheep, pig... (any other kind is used as written; other: an animal of no kind named)",
        examples=["dog", "cat", "guinea pig", "parrot", "goat"],
    )
    sex: Sex = "unknown"
    born: dt.date | None = Field(None, description="Birth date, YYYY-MM-DD")
    age: str | None = Field(
        None, description='Age in words when the birth date is unknown: "3 weeks"'
    )
    born_estimated: bool = Field(False, description="The birth date is a guess")
    breed: str | None = None
    secondary_breed: str | None = None
    mix: bool | None = Field(None, description="A mixed breed")
    size: SizeClass | None = Field(None, description="Expected adult size")
    colors: list[Text] = Field(default_factory=list, description="Coat colours, main one first")
    coat: Literal["hairless", "short", "medium", "long", "wire", "curly"] | None = None
    litter: Litter | None = None
    good_with: GoodWith = Field(default_factory=GoodWith)
    health: Health = Field(default_factory=Health)
    housetrained: bool | None = None
    declawed: bool | None = None
    traits: list[Text] = Field(default_factory=list)
    arrived: dt.date | None = Field(None, description="When the animal came into care, YYYY-MM-DD")
    id: str | None = Field(None, description="The shelter's own ID for the animal")
    fee: float | None = Field(
        None, ge=0, description="Adoption fee for this animal, if not the story's"
    )


class Foster(_Model):
    """The person caring for the animals, credited in captions."""

    name: Text
    city: str | None = None
    organization: str | None = None
    handles: dict[PlatformName, Text] = Field(
        default_factory=dict, description="Social handles per platform, without the @"
    )

    @field_validator("handles")
    @classmethod
    def _handles(cls, value: dict[str, str]) -> dict[str, str]:
        for platform, handle in value.items():
            if not _HANDLE.match(handle):
                raise ValueError(
                    f"'{handle}' is not a valid {platform} handle: use letters, digits, '_' and '.'"
                )
        return {k: v.lstrip("@") for k, v in value.items()}


class Quote(_Model):
    """Words someone said, quoted in captions and cards."""

    text: Text
    by: str | None = None


class Invalid(ValueError):
    """A value that is wrong, with what to write instead (the problem's hint)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def _web_link(value: str | None) -> str | None:
    if value is not None and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.I):
        raise Invalid(
            "a link must start with https:// (or http://)",
            "write the whole address as the browser shows it, e.g. https://example.org/adopt",
        )
    return value


class Fact(_Model):
    """A fact with its source, so readers can trust it."""

    text: Text
    source: Text
    url: str | None = None

    _url = field_validator("url")(classmethod(lambda cls, v: _web_link(v)))


class Photo(_Model):
    """A photo of the story; file is relative to the case file."""

    file: Text = Field(description="Path relative to the case file, e.g. photos/sleeping.jpg")
    alt: str | None = Field(None, description="What a blind reader needs to know about the picture")
    caption: str | None = None
    credit: str | None = None
    focus: tuple[Fraction, Fraction] | None = Field(
        None,
        description="The point to keep in frame, as fractions of width and height; unset, "
        "cards are framed around the animals storykit finds in the photo",
    )
    subject: tuple[Fraction, Fraction, Fraction, Fraction] | None = Field(
        None,
        description="The animal's box [left, top, right, bottom], as fractions of the upright "
        "photo's width and height: corrects what storykit finds (focus: still wins)",
        examples=[[0.1, 0.2, 0.6, 0.9]],
    )
    animals: list[Text] = Field(default_factory=list, description="Names of the animals shown")
    url: str | None = Field(
        None,
        description="Where the photo is on the web, while file: is not downloaded yet (storykit "
        "import writes it): the story is built without the photo until its file is there",
    )

    _url = field_validator("url")(classmethod(lambda cls, v: _web_link(v)))

    @field_validator("subject")
    @classmethod
    def _subject(
        cls, value: tuple[float, float, float, float] | None
    ) -> tuple[float, float, float, float] | None:
        if value is not None and not (value[2] > value[0] and value[3] > value[1]):
            raise Invalid(
                f"the box {list(value)} is empty: its right edge must be right of its left "
                "edge, and its bottom below its top",
                "write [left, top, right, bottom] as fractions of the photo's width and "
                "height, e.g. [0.1, 0.2, 0.6, 0.9] for an animal in the left half",
            )
        return value


Seconds = Annotated[float, Field(ge=0)]


class Clip(_Model):
    """A short phone video of the story (.mov or .mp4), shown in its reels."""

    file: Text = Field(description="Path relative to the case file, e.g. clips/zoomies.mov")
    start: Seconds = Field(0.0, description="Where the part shown starts, seconds into the clip")
    end: Seconds | None = Field(None, description="Where it ends, seconds; unset: the clip's end")
    alt: str | None = Field(None, description="What a blind viewer needs to know about the clip")
    caption: str | None = Field(None, description="One short sentence shown over the clip")
    animals: list[Text] = Field(default_factory=list, description="Names of the animals shown")
    focus: tuple[Fraction, Fraction] | None = Field(
        None,
        description="The point to keep in the 9:16 crop, as fractions of the upright "
        "video's width and height; unset: the animal storykit finds, else the middle",
    )

    @model_validator(mode="after")
    def _span(self) -> Clip:
        if self.end is not None and self.end <= self.start:
            raise Invalid(
                f"the clip ends ({self.end:g} s) before it starts ({self.start:g} s)",
                "write end: as the second where the part to show stops, after start:",
            )
        return self


class VideoLength(_Model):
    """How long a reel runs: its bounds and the time each photo is shown, seconds."""

    min_seconds: float | None = Field(None, gt=0, description=f"Default {REEL_SECONDS[0]:g}")
    max_seconds: float | None = Field(None, gt=0, description=f"Default {REEL_SECONDS[1]:g}")
    seconds_per_photo: float | None = Field(
        None, gt=0, description=f"Default {REEL_SECONDS_PER_PHOTO:g}"
    )
    music: str | None = Field(
        None,
        description="A music file of the project's own (.m4a, .mp3, .wav...), relative to "
        "this file, trimmed to the reel and faded out; unset: silent. Never bundled or fetched",
    )

    @model_validator(mode="after")
    def _bounds(self) -> VideoLength:
        lo, hi = self.min_seconds, self.max_seconds
        if lo is not None and hi is not None and lo > hi:
            raise Invalid(
                f"min_seconds ({lo:g}) is more than max_seconds ({hi:g})",
                "make min_seconds at most max_seconds, e.g. 10 and 30",
            )
        return self


class ProjectVideo(VideoLength):
    """The project's reels: `make: false` makes none unless a story asks for its own."""

    make: bool | None = Field(
        None, description="false: no reels (a story's `video: true` still makes its own)"
    )


class StoryVideo(VideoLength):
    """The story's reels: `video: false` makes none, `video: true` makes them even where
    the project makes none; the others change the project's."""

    make: bool | None = Field(None, description="false: no reel for this story; true: a reel")


def _video_flag(value: object) -> object:
    """`video: false` / `video: true` mean {make: false} / {make: true}."""
    return {"make": value} if isinstance(value, bool) else value


class Adoption(_Model):
    """How to adopt: the link people follow, the fee, a contact."""

    url: str | None = Field(None, description="https:// link to the adoption page")
    fee: float | None = Field(None, ge=0)
    fee_waived: bool = False
    contact: str | None = Field(None, description="E-mail or phone number for adopters")
    together: bool | None = Field(
        None,
        description="Whether the animals are adopted together (a bonded pair) or one by one "
        "(a litter); unset: together for two animals, one by one for three or more",
    )

    _url = field_validator("url")(classmethod(lambda cls, v: _web_link(v)))


class Story(_Model):
    """One adoption story: a case file in stories/<slug>.yaml."""

    title: Text = Field(description="The story's title, e.g. the animals' names")
    headline: str | None = Field(
        None,
        description="A short line for cards and the top of captions; unset, one is written "
        "from the names and the status",
    )
    summary: Text = Field(description="One paragraph, the hook")
    status: Status
    reunited_with: ReunitedWith = Field(
        "family",
        description="For status reunited: back with its family or owner, or back with its "
        "mother and litter",
    )
    animals: list[Animal] = Field(min_length=1)
    foster: Foster | None = None
    highlights: list[Text] = Field(default_factory=list)
    body: str = Field("", description="The story, in Markdown")
    quotes: list[Quote] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    clips: list[Clip] = Field(default_factory=list, description="Short phone videos, for reels")
    video: StoryVideo | None = Field(
        None, description="This story's reels: false for none, or their length and music"
    )
    adoption: Adoption = Field(default_factory=Adoption)
    hashtags: list[Text] = Field(default_factory=list, description="The story's own hashtags first")
    sound: str | None = Field(None, description="TikTok sound line")
    date: dt.date | None = Field(None, description="When the story happened or was posted")

    _video = field_validator("video", mode="before")(classmethod(lambda cls, v: _video_flag(v)))


class Organisation(_Model):
    """The rescue organisation the cards and captions speak for."""

    name: str = ""
    url: str | None = None
    animals_url: str | None = Field(
        None,
        description="The page listing the animals waiting for homes: stories that are no "
        "longer available (adopted, reunited, pending, on hold) point there",
    )
    logo: str | None = Field(
        None,
        description="Logo image, relative to the project root (a PNG with transparency is "
        "best): drawn on cards where the layouts say, and in the preview pages' header",
    )
    petfinder_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")] | None = Field(
        None,
        description="Your Petfinder shelter ID (e.g. WI123): Petfinder's import reads the "
        "data file of that name from the import folder, as asm3's Petfinder publisher sends it",
    )

    _url = field_validator("url", "animals_url")(classmethod(lambda cls, v: _web_link(v)))

    @property
    def animals_link(self) -> str:
        """Where adopters find the animals waiting: animals_url, else url, else ''."""
        return self.animals_url or self.url or ""


class Site(_Model):
    """Where output/ is put on the web, if it is."""

    url: str | None = Field(
        None,
        description="The web address output/ is published at (e.g. https://rescue.example/"
        "stories/): link previews on social media then show the story's card, which needs "
        "an absolute address",
    )

    zips: bool | None = Field(
        None,
        description="Also write each story's cards and each post kit as one .zip to download "
        "(unset: only when url says output/ is published; on your own computer a kit is its "
        "folder, and a zip would only store every image again)",
    )

    _url = field_validator("url")(classmethod(lambda cls, v: _web_link(v)))

    @property
    def makes_zips(self) -> bool:
        """Whether the build writes the cards' and kits' zips."""
        return self.zips if self.zips is not None else self.url is not None


class Brand(_Model):
    """Brand colours for cards and the preview page."""

    primary: HexColour = defaults.PRIMARY
    accent: HexColour = defaults.ACCENT
    text: HexColour = defaults.TEXT


class Fonts(_Model):
    """Fonts for cards, relative to the project root; unset uses the packaged default."""

    regular: str | None = None
    bold: str | None = None
    fallback: list[str] = Field(default_factory=list)


class Cards(_Model):
    """How cards are written."""

    format: CardFormat = "jpeg"
    quality: int = Field(defaults.CARD_QUALITY, ge=CARD_QUALITY[0], le=CARD_QUALITY[1])
    max_upscale: float = Field(defaults.MAX_UPSCALE, ge=1, le=4)
    fonts: Fonts = Field(default_factory=Fonts)
    find_animals: bool = Field(
        True,
        description="Find the animals in photos that have no focus: or subject:, and frame "
        "the cards on them (heads kept, text off them); `storykit check` then says what it "
        "saw. `false` crops every such photo around its centre, and the card workers never "
        "load the detector (about 0.07 s of CPU per new photo and 60 MB of memory per worker)",
    )


class PlatformSettings(_Model):
    """One platform: the card sizes it gets, and any rule this project changes."""

    sizes: list[SizeName] | None = None
    limit: int | None = Field(None, ge=1)
    hashtag_cap: int | None = Field(None, ge=0)
    alt_limit: int | None = Field(None, ge=1)
    url_length: int | None = Field(None, ge=1)
    video: bool | None = Field(
        None, description="Whether this platform gets a reel; unset: TikTok and Instagram do"
    )


Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$", examples=["en", "es"])]


class Posting(_Model):
    """`storykit post`: how often a story goes out again, and the language posts are in."""

    min_days: int = Field(
        30,
        ge=0,
        description="`storykit post --next` skips a story posted on that platform within "
        "this many days",
    )
    language: Language = Field(
        "en",
        description="The language posts are tagged with (a BCP 47 tag such as en or pt-BR): "
        "storykit's own templates are in English; set it when yours are not",
    )


class PrintSettings(_Model):
    """Flyers and kennel cards (output/<slug>/print/)."""

    make: bool = Field(
        True,
        description="false: no flyers or kennel cards (each is a PDF made with its photos at "
        "300 dpi: about half a second of a build's time a story)",
    )
    paper: Paper = Field(
        "letter",
        description="letter: flyers on US Letter, kennel cards on half-letter (5.5 x 8.5 in, "
        "two to a sheet); a4: flyers on A4, kennel cards on A5",
    )


class Lobby(_Model):
    """The lobby slideshow (output/lobby.html)."""

    seconds: float = Field(
        defaults.LOBBY_SECONDS,
        ge=defaults.LOBBY_FEWEST_SECONDS,
        le=600,
        description="How long each animal stays on screen",
    )


class Config(_Model):
    """Project defaults: storykit.yaml at the project root."""

    organisation: Organisation = Field(default_factory=Organisation)
    site: Site = Field(default_factory=Site)
    brand: Brand = Field(default_factory=Brand)
    hashtags: list[Text] = Field(
        default_factory=list, description="Default hashtags, after a story's own"
    )
    date: dt.date | None = Field(None, description="Fixed build date for reproducible ages")
    platforms: dict[PlatformName, PlatformSettings] | None = Field(
        None, description="Which platforms to build, and their card sizes; all when unset"
    )
    cards: Cards = Field(default_factory=Cards)
    video: ProjectVideo = Field(
        default_factory=ProjectVideo,
        description="Reels: whether they are made, their length and the music",
    )
    posting: Posting = Field(
        default_factory=Posting,
        description="`storykit post`: how often a story goes out again, and the posts' language",
    )
    print: PrintSettings = Field(
        default_factory=PrintSettings,
        description="Flyers and kennel cards: the paper they are printed on",
    )
    lobby: Lobby = Field(
        default_factory=Lobby, description="The lobby slideshow: each animal's time on screen"
    )
