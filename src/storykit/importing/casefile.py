"""An imported story written as a case file: commented YAML in the style `storykit new`
writes (templates/starter/story.yaml), every value the source gave in its place, what it
did not give as a commented line to fill in, and what has no place kept as a comment."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterator

from storykit.importing.description import summary_and_body
from storykit.importing.records import ImportedAnimal, ImportedStory
from storykit.load.yaml_lines import quoted
from storykit.text import language, species

_WIDTH = 92
# Plain text YAML reads back as itself: no leading mark, no ": " or " #", not a word or
# number YAML 1.1 would read as something else.
_PLAIN = re.compile(r"^[A-Za-z0-9(\"'][^\n]*$")
_NOT_PLAIN = re.compile(
    r"(?i)^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?[\d._]+(?:e[-+]?\d+)?|\d{4}-\d\d?-\d\d?.*)$"
)


def scalar(value: object) -> str:
    """*value* as a YAML scalar that reads back as exactly it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    plain = _PLAIN.match(text) and not _NOT_PLAIN.match(text) and text == text.strip()
    risky = ": " in text or " #" in text or text.endswith(":") or text.startswith(("'", '"'))
    return text if plain and not risky else quoted(text)


def _c(line: str, note: str) -> str:
    """A line with a note after it, in the column the starter case file uses."""
    return f"{line:<34} # {note}"


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(scalar(i) if "," not in i else quoted(i) for i in items) + "]"


def _block(key: str, text: str, indent: str = "") -> Iterator[str]:
    """A literal block (`body: |`), keeping the text's lines and breaks exactly."""
    lines = text.rstrip("\n").split("\n")
    marker = "|2" if lines[0][:1] == " " else "|"
    yield f"{indent}{key}: {marker}"
    for line in lines:
        yield f"{indent}  {line}" if line else ""


def _folded(key: str, text: str) -> Iterator[str]:
    """A paragraph as a folded block (`summary: >-`), wrapped to be read in an editor."""
    yield f"{key}: >-"
    wrapped = textwrap.wrap(text, _WIDTH, break_long_words=False, break_on_hyphens=False)
    yield from (f"  {line}" for line in wrapped)


def title(story: ImportedStory) -> str:
    names = [a.name for a in story.animals]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def status(story: ImportedStory) -> str:
    """The story's status: its animals', or (if they differ) the first one's."""
    found = [a.status for a in story.animals if a.status]
    return found[0] if found else "available"


def summary(story: ImportedStory) -> tuple[str, str, bool]:
    """(summary, body, written by storykit): the first paragraph of the description as
    the summary, the rest as the body; with no description, a line from the facts."""
    texts = list(dict.fromkeys(a.description for a in story.animals if a.description.strip()))
    first, body = summary_and_body(texts[0]) if texts else ("", "")
    body = "\n\n".join(p for p in [body, *texts[1:]] if p.strip())
    if first:
        return first, body, False
    return " ".join(_fact_line(a) for a in story.animals), body, True


def _fact_line(animal: ImportedAnimal) -> str:
    """ "Biscuit is a male labrador retriever mix." from the animal's facts."""
    kind = animal.breed or language.kind(animal.species or "other").singular
    sex = f"{animal.sex} " if animal.sex in ("female", "male") else ""
    article = "an" if (sex or kind)[:1].lower() in "aeiou" else "a"
    return f"{animal.name} is {article} {sex}{kind}."


def _animal_lines(a: ImportedAnimal, together: bool) -> Iterator[str]:
    yield f"  - name: {scalar(a.name)}"
    yield f"    species: {scalar(a.species or 'other')}"
    yield f"    sex: {a.sex or 'unknown'}" + (
        "" if a.sex else "                   # female | male | unknown"
    )
    if a.born:
        yield f"    born: {a.born.isoformat()}"
        if a.born_estimated:
            yield _c("    born_estimated: true", "the birth date is a guess")
    elif a.age:
        yield f"    age: {scalar(a.age)}"
    else:
        yield _c("    # born: YYYY-MM-DD", 'the birth date, or instead an age: "2 years"')
    breed = a.breed if a.breed and not _is_species(a.breed, a.species) else None
    facts = [("breed", breed), ("secondary_breed", a.secondary_breed), ("mix", a.mix)]
    yield from _pairs([*facts, ("size", a.size), ("coat", a.coat)])
    if a.colors:
        yield f"    colors: {_flow(a.colors)}"
    yield _c(
        f"    good_with: {{kids: {a.kids}, dogs: {a.dogs}, cats: {a.cats}}}", "yes | no | unknown"
    )
    health = [("spayed_neutered", a.spayed_neutered), ("vaccinated", a.vaccinated),
              ("microchipped", a.microchipped), ("special_needs", a.special_needs)]  # fmt: skip
    known = [(k, v) for k, v in health if v is not None]
    if known:
        yield "    health: {" + ", ".join(f"{k}: {scalar(v)}" for k, v in known) + "}"
    yield from _pairs([("housetrained", a.housetrained), ("declawed", a.declawed)])
    if a.traits:
        yield f"    traits: {_flow(a.traits)}"
    yield from _pairs([("arrived", a.arrived), ("id", a.id)])
    if together and a.fee is not None:  # one animal's fee is the story's (adoption.fee)
        yield f"    fee: {scalar(a.fee)}"
    for line in a.unmapped:
        yield f"    # from the source, with no place here: {_one_line(line)}"


def _is_species(breed: str, written: str | None) -> bool:
    """A breed that only names the species ("Guinea Pig" for a guinea pig) says nothing."""
    found = species.known(breed)
    return found is not None and found is species.known(written or "")


def _pairs(pairs: list[tuple[str, object]]) -> Iterator[str]:
    for key, value in pairs:
        if value is not None:
            yield f"    {key}: {scalar(value)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _photos(story: ImportedStory, files: list[str]) -> Iterator[str]:
    if not files:
        yield "photos: []"
        yield "  # - file: photos/first.jpg       # relative to this file"
        yield "  #   alt: what a blind reader needs to know about the picture"
        return
    yield "photos:"
    photos = [(a, p) for a in story.animals for p in a.photos]
    for (animal, photo), file in zip(photos, files, strict=True):
        yield f"  - file: {scalar(file)}"
        if photo.url:
            yield f"    url: {scalar(photo.url)}"
        yield f"    animals: [{scalar(animal.name)}]"
        yield "    # alt: what a blind reader needs to know about the picture"


def _adoption(story: ImportedStory) -> Iterator[str]:
    first = story.animals[0]
    url = next((a.url for a in story.animals if a.url), None)
    contact = next((a.contact for a in story.animals if a.contact), None)
    lines = [f"  url: {scalar(url)}"] if url else []
    if contact:
        lines.append(f"  contact: {scalar(contact)}")
    if not story.together and first.fee_waived:
        lines.append("  fee_waived: true")
    elif not story.together and first.fee is not None:
        lines.append(f"  fee: {scalar(first.fee)}")
    if story.together:
        lines.append(_c("  together: true", "the source says they go home together"))
    yield "adoption:" if lines else "adoption: {}"
    if not url:
        yield _c("  # url: https://...", "the page where people apply to adopt")
    if story.together and any(a.fee is not None for a in story.animals):
        yield _c("  # fee: 150", "each animal's fee is above; the fee for them all here")
    yield from lines


def render(story: ImportedStory, files: list[str], header: str) -> str:
    """The case file's text: *files* are the photos' names (relative to the case file), in
    the order of the animals' photos; *header* says where it was imported from."""
    text_summary, body, made = summary(story)
    first = story.animals[0]
    lines = [*(f"# {line}" for line in textwrap.wrap(header, _WIDTH - 2)), ""]
    lines.append(f"title: {scalar(title(story))}")
    if first.headline:
        lines.append(f"headline: {scalar(first.headline)}")
    else:
        lines.append("# headline: a few words that go big on the cards (unset: one is written)")
    if made:
        lines.append("# summary written by storykit import from the facts: make it yours")
    lines.extend(_folded("summary", text_summary))
    lines.append(_c(f"status: {status(story)}", "available | pending | adopted | reunited | hold"))
    lines += ["", "animals:"]
    for animal in story.animals:
        lines.extend(_animal_lines(animal, story.together))
    if first.foster:
        lines += ["", "foster:", f"  name: {scalar(first.foster)}"]
        if first.city:
            lines.append(f"  city: {scalar(first.city)}")
    lines.append("")
    lines.extend(_block("body", body) if body else [_c('body: ""', "the story, in Markdown")])
    lines.append("")
    lines.extend(_photos(story, files))
    lines.append("")
    lines.extend(_adoption(story))
    lines += ["", _c("hashtags: []", "the story's own first; storykit.yaml adds the defaults")]
    lines.append("")
    return "\n".join(lines)
