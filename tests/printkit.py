"""What the print tests share: stories of every shape worded by templates/print/, print photos
from the card engine, and PDFs read back with pypdfium2 (pages, text, images) and zxing-cpp."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from storykit.builder.session import make_templates
from storykit.cards.batch import CardRequest
from storykit.cards.engine import render_cards
from storykit.cards.layout import CardStyle, PhotoSource
from storykit.load.model import Config, Story
from storykit.load.project import Project, load_story
from storykit.outputs.context import StoryContext, story_context, with_headline
from storykit.outputs.jinja import Templates
from storykit.outputs.layouts import BUILT_IN, read_layout_file
from storykit.outputs.print_texts import flyer_content, kennel_cards
from storykit.printing.content import FlyerContent, KennelCard, PrintPhoto
from storykit.printing.paper import Paper
from storykit.printing.photos import LAYOUT, photo_request

TODAY = dt.date(2026, 12, 1)
NO_TEMPLATES = Path("/nonexistent-templates")  # a project without a templates/ folder
CONFIG = Config.model_validate(
    {
        "organisation": {
            "name": "Lakeside Animal Rescue",
            "url": "https://lakeside.example",
            "animals_url": "https://lakeside.example/adopt",
        }
    }
)


def story(text: str, name: str = "story.yaml") -> Story:
    """A case file's text as storykit loads it (choices read as volunteers write them)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, "utf-8")
        loaded = load_story(path, Project(Path(tmp), CONFIG), TODAY)
    assert loaded.ok and loaded.story is not None, [str(p) for p in loaded.problems]
    return loaded.story


def templates() -> Templates:
    """The built-in templates with storykit's filters, as a build without overrides has them."""
    return make_templates(NO_TEMPLATES, TODAY)


def context(s: Story, slug: str = "story", config: Config = CONFIG) -> StoryContext:
    """The story's template context with its headline set, as a build makes it."""
    _, ctx = with_headline(s, templates(), story_context(s, config, TODAY, slug))
    return ctx


def flyer(
    s: Story, paper: Paper = "letter", photo: PrintPhoto | None = None, config: Config = CONFIG
) -> FlyerContent:
    return flyer_content(
        make_templates(None, TODAY), context(s, config=config), paper, photo, TODAY
    )


def kennels(
    s: Story, paper: Paper = "letter", photos: Sequence[PrintPhoto | None] | None = None
) -> list[KennelCard]:
    shots = list(photos) if photos is not None else [None] * len(s.animals)
    return kennel_cards(templates(), context(s), paper, shots, TODAY)


def print_photos(
    paths: Sequence[Path], sizes: Sequence[tuple[int, int]], style: CardStyle | None = None
) -> list[PrintPhoto]:
    """Each photo framed by the card engine with the built-in print-photo layout, at its size."""
    layout, problems = read_layout_file(BUILT_IN / f"{LAYOUT}.yaml")
    assert layout is not None and not problems, problems
    requests: list[CardRequest] = [
        photo_request(f"print-{i}", layout, size, PhotoSource(Path(p)), style or CardStyle())
        for i, (p, size) in enumerate(zip(paths, sizes, strict=True))
    ]
    results = render_cards(requests)
    return [PrintPhoto(r.data, r.width, r.height, f"photo {i}") for i, r in enumerate(results)]


@dataclass
class Page:
    """One PDF page as read back: its size (points), text, PNG at 150 dpi, placed images."""

    size: tuple[float, float]
    text: str
    image: Image.Image
    placed: list[tuple[tuple[int, int], tuple[float, float]]]  # (pixels, printed size in pt)


def read_pdf(data: bytes, dpi: int = 150) -> list[Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    pages = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            placed = []
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
                left, bottom, right, top = obj.get_bounds()
                placed.append((obj.get_px_size(), (right - left, top - bottom)))
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            pages.append(Page(page.get_size(), textpage.get_text_bounded(), image, placed))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return pages


def qr_texts(image: Image.Image) -> list[str]:
    """What every QR code on *image* says, as a phone's reader decodes it (zxing-cpp)."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


REPO = Path(__file__).resolve().parents[1]

PAIR = """
title: Ada & Bo
headline: Two peas in a pod
summary: Ada and Bo are bonded sisters. They nap in one basket and share every meal.
status: available
animals:
  - {name: Ada, species: cat, sex: female, born: 2026-01-10, breed: domestic shorthair,
     colors: [black], good_with: {kids: yes, cats: yes}, health: {spayed_neutered: true}}
  - {name: Bo, species: cat, sex: female, born: 2026-01-10, breed: domestic shorthair,
     colors: [grey, white], good_with: {kids: yes, cats: yes}, health: {vaccinated: true}}
body: |
  Ada is the bold one: first to the food bowl, first to the door. Bo follows her
  everywhere, and purrs the moment anyone sits down.
adoption:
  {url: "https://lakeside.example/adopt/ada-and-bo", fee: 150, contact: adopt@lakeside.example}
"""

LITTER = """
title: The Constellation Kittens
headline: Five little stars looking for their own skies
summary: >-
  Five kittens were found in a hay barn, and each is ready for a home of its own.
status: available
animals:
  - {name: Bartholomew-Maximilian, species: cat, sex: male, age: 10 weeks,
     breed: domestic shorthair,
     arrived: 2026-10-20}
  - {name: Clementine Persephone, species: cat, sex: female, age: 10 weeks,
     breed: domestic shorthair,
     arrived: 2026-10-20}
  - {name: Anastasia Wilhelmina, species: cat, sex: female, age: 10 weeks,
     breed: domestic longhair,
     arrived: 2026-10-20}
  - {name: Montgomery Fitzgerald, species: cat, sex: male, age: 10 weeks,
     breed: domestic shorthair,
     arrived: 2026-10-20}
  - {name: Guinevere Seraphina, species: cat, sex: female, age: 10 weeks,
     breed: domestic shorthair,
     arrived: 2026-10-20}
body: |
  They came in with their mother, who has already found a home. The kittens are
  litter-trained, love feather toys and pile into one warm heap to sleep.
adoption: {url: "https://lakeside.example/adopt/constellation-kittens-and-their-very-long-address?ref=flyer"}
"""

RTL = """
title: ياسمين
headline: "ياسمين تبحث عن بيت 🏡 Yasmin is looking for a home"
summary: Yasmin (ياسمين) is a gentle saluki who loves long walks. שלום to her new family!
status: hold
animals:
  - {name: ياسمين, species: dog, sex: female, age: 3 years, breed: saluki, size: large,
     arrived: 2026-11-01, housetrained: true, good_with: {dogs: yes, cats: no}}
adoption: {url: "https://lakeside.example/adopt/yasmin"}
"""

EMOJI = """
title: Pickle
headline: "Pickle 🥒🐶 → your couch! 👩‍👩‍👧 🏳️‍🌈"
summary: Pickle is a terrier mix who thinks every stranger is a friend. 🐾
status: available
animals:
  - {name: Pickle 🐶, species: dog, sex: male, born: 2024-05-01, breed: terrier mix,
     good_with: {kids: yes, dogs: yes, cats: unknown},
     health: {spayed_neutered: true, microchipped: true}}
adoption: {url: "https://lakeside.example/adopt/pickle", fee_waived: true}
"""

SENTENCE = (
    "Marlowe spent his first winter in a shelter kennel by the door, where every draught"
    " found him, and he learned to curl into the smallest ball a large dog can make. "
)
LONG = f"""
title: Marlowe
headline: The gentlest giant you will ever meet
summary: Marlowe is a nine-year-old mastiff who has waited longer than any dog in our care.
status: available
animals:
  - {{name: Marlowe, species: dog, sex: male, born: 2017-02-02, breed: mastiff, size: xlarge,
     good_with: {{kids: yes, dogs: yes, cats: yes}},
     health: {{spayed_neutered: true, vaccinated: true, microchipped: true,
              special_needs: arthritis in his back legs; a daily tablet keeps him comfortable}}}}
body: |
  {(SENTENCE * 6).strip()}

  {(SENTENCE * 5).strip()}

  {(SENTENCE * 8).strip()}

  The last paragraph, which never fits. Nobody reads this on the flyer.
adoption: {{url: "https://lakeside.example/adopt/marlowe", fee: 50}}
"""


def repo_story(slug: str) -> Story:
    """One of the repository's example stories, loaded from where it is (photos beside it)."""
    path = REPO / "stories" / f"{slug}.yaml"
    loaded = load_story(path, Project(REPO, CONFIG), TODAY)
    assert loaded.ok and loaded.story is not None, [str(p) for p in loaded.problems]
    return loaded.story


_JPEG_OBJECT = re.compile(
    rb"/Filter /DCTDecode\n(?:[^\n]*\n)*?/Length (\d+)\n(?:[^\n]*\n)*?>>\nstream\n"
)


def split_images(data: bytes) -> tuple[bytes, list[bytes]]:
    """A PDF's bytes without its JPEG images' data, and those JPEGs: metadata is looked for
    in each JPEG's segments (conftest.assert_no_metadata) and in everything else, never in
    compressed pixels (whose bytes may spell anything by chance)."""
    rest, jpegs, at = [], [], 0
    for m in _JPEG_OBJECT.finditer(data):
        start, length = m.end(), int(m.group(1))
        rest.append(data[at:start])
        jpegs.append(data[start : start + length])
        at = start + length
    rest.append(data[at:])
    return b"".join(rest), jpegs
