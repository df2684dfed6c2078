"""Breeds and colours as people write them ("lab x", "DSH", "grey tabby") to Petfinder's names."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from storykit.outputs.adoptsites.rules import site_data
from storykit.text.species import OTHER, kind_of

_MIX_WORDS = re.compile(r"\b(?:mix|mixed|mixes|mixture|cross|crossed|crossbreed|x|blend)\b")
_BREED_SPLIT = re.compile(r"\s*(?:/|\+|,|\band\b|\bwith\b|\bx\b|\bcross\b)\s*")
_COLOR_SPLIT = re.compile(r"\s*(?:/|\+|,|\band\b|\bwith\b)\s*")
_SPELLING = {"grey": "gray", "colour": "color", "colours": "colors", "tricolour": "tricolor"}


def norm(text: str) -> str:
    """Lower case, '&' as 'and', British spellings as Petfinder's, punctuation as spaces."""
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[-_.'’`\"]", " ", text)
    text = re.sub(r"[^a-z0-9/+,() ]+", "", text)
    text = re.sub(r"\s*/\s*", "/", text)
    words = [_SPELLING.get(w, w) for w in text.split()]
    return " ".join(words).strip(" ,/+")


def _top_parts(name: str) -> list[str]:
    """A name's alternatives: "Gray / Blue / Silver" is gray, blue and silver (never inside
    parentheses: "Tabby (Brown / Chocolate)" is not 'brown')."""
    parts, depth, current = [], 0, ""
    for char in name:
        depth += char == "("
        depth -= char == ")"
        if char == "/" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [p.strip() for p in [*parts, current] if p.strip()]


def _keys(name: str, species: str) -> list[str]:
    """What a volunteer may write for *name* (besides the name itself)."""
    keys = [norm(p) for p in _top_parts(name)]
    m = re.fullmatch(r"(.+?) \((.+)\)", name)
    if m:  # "Tabby (Orange / Red)": "orange tabby"; "Merle (Blue)": "blue merle"
        word = norm(m.group(1))
        for part in _top_parts(m.group(2)):
            keys += [f"{norm(part)} {word}", f"{word} {norm(part)}"]
    for key in list(keys):
        for tail in (" dog", " cat", " rabbit"):
            if key.endswith(tail) and len(key) > len(tail) + 2:
                keys.append(key[: -len(tail)])
    return keys


@dataclass(frozen=True)
class Names:
    """One species' names on Petfinder (breeds or colours), and how to find them."""

    names: tuple[str, ...]
    lookup: dict[str, str]  # a normalised way of writing it -> the name

    def find(self, text: str) -> str | None:
        return self.lookup.get(norm(text))

    def closest(self, text: str, n: int = 3) -> list[str]:
        """The names nearest to *text* (difflib), best first."""
        found = difflib.get_close_matches(norm(text), list(self.lookup), n=n * 3, cutoff=0.6)
        return list(dict.fromkeys(self.lookup[k] for k in found))[:n]


def _site_names(species: str, what: str) -> Names | None:
    found = kind_of(species)
    kind = site_data("petfinder")["types"][found.petfinder]
    names = kind[what]
    if names is None or (what == "breeds" and (found is OTHER or not found.known)):
        return None  # "other", or a species storykit has no words for: sent as written
    exact = {norm(n): n for n in names}
    derived: dict[str, set[str]] = {}
    for name in names:
        for key in _keys(name, species):
            derived.setdefault(key, set()).add(name)
    lookup = {k: next(iter(v)) for k, v in derived.items() if len(v) == 1}  # never ambiguous
    aliases = kind["breed_aliases" if what == "breeds" else "color_aliases"]
    lookup.update({norm(k): v for k, v in aliases.items()})
    lookup.update(exact)
    return Names(tuple(names), lookup)


@functools.cache
def breed_names(species: str) -> Names | None:
    """Petfinder's breeds for *species* (None for 'other' and for a species storykit has no
    words for: its breed is sent as written, under Scales, Fins & Other)."""
    return _site_names(species, "breeds")


@functools.cache
def color_names(species: str) -> Names | None:
    """Petfinder's colours for *species* (None when it has no list for it)."""
    return _site_names(species, "colors")


@dataclass(frozen=True)
class BreedMatch:
    """A breed as written, as Petfinder's names: the breeds, whether a mix, what is unknown."""

    written: str
    breeds: tuple[str, ...]
    mix: bool
    unknown: tuple[str, ...] = ()  # parts that match none of Petfinder's names
    closest: tuple[str, ...] = ()  # Petfinder's names nearest to them

    @property
    def ok(self) -> bool:
        return bool(self.breeds) and not self.unknown


def mixed_breed(species: str) -> str | None:
    """Petfinder's name for a mix of unknown breeds, for the species that have one."""
    name: str | None = site_data("petfinder")["types"][kind_of(species).petfinder]["mixed"]
    return name


@functools.lru_cache(maxsize=4096)
def match_breed(species: str, written: str) -> BreedMatch:
    """*written* ("German Shepherd mix", "lab x boxer", "DSH", "mutt") as Petfinder's breeds."""
    names = breed_names(species)
    text = norm(written)
    if names is None:  # Petfinder takes the breed as written for this type
        return BreedMatch(written, (" ".join(written.split()),) if text else (), False)
    whole = names.find(text)
    if whole is not None:
        return BreedMatch(written, (whole,), whole == mixed_breed(species))
    mix = bool(_MIX_WORDS.search(text))
    found: list[str] = []
    unknown: list[str] = []
    for part in _BREED_SPLIT.split(text):
        if not part:
            continue
        name = names.find(part)
        if name is None:
            stripped = " ".join(_MIX_WORDS.sub(" ", part).split())
            name = names.find(stripped) if stripped else None
            if name is None and stripped:
                unknown.append(stripped)
        if name is not None:
            found.append(name)
    breeds = tuple(dict.fromkeys(found))
    mixed = mixed_breed(species)
    if not breeds and not unknown and mix and mixed:
        breeds = (mixed,)
    if not breeds and not unknown and text:
        unknown.append(text)  # "mixed" for a cat: Petfinder has no such breed
    closest = tuple(dict.fromkeys(n for u in unknown for n in names.closest(u)))
    return BreedMatch(
        written,
        breeds,
        mix or len(breeds) > 1 or mixed in breeds,
        tuple(unknown),
        closest[:3],
    )


@dataclass(frozen=True)
class ColorMatch:
    """One colour as written, as Petfinder's colours (a few when it names several)."""

    written: str
    colors: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    closest: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4096)
def match_color(species: str, written: str) -> ColorMatch:
    """*written* ("gray", "black and white", "brown tabby") as Petfinder's colours."""
    names = color_names(species)
    if names is None:
        return ColorMatch(written, ())
    whole = names.find(written)
    if whole is not None:
        return ColorMatch(written, (whole,))
    found, unknown = [], []
    for part in _COLOR_SPLIT.split(norm(written)):
        if not part:
            continue
        name = names.find(part)
        if name is None:
            unknown.append(part)
        else:
            found.append(name)
    closest = tuple(dict.fromkeys(n for u in unknown for n in names.closest(u)))
    return ColorMatch(written, tuple(dict.fromkeys(found)), tuple(unknown), closest[:3])
