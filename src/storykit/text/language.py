"""Words that read as a person wrote them: names, pronouns, agreement and ages, as Jinja filters."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from storykit.text import species

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = [
    "age_group",
    "age_in_words",
    "age_text",
    "counted",
    "is_age_group",
    "is_nursing",
    "join_names",
    "number_words",
    "ordinal",
    "plural",
    "pronoun",
    "register",
    "species_emoji",
    "species_word",
    "verb",
    "young_word",
]

# --------------------------------------------------------------------------------------------
# Vocabulary and thresholds
# --------------------------------------------------------------------------------------------

#: Age (in weeks) below which an animal is still nursing or weaning (bottle babies).
NURSING_WEEKS = 8
#: Age groups (Petfinder's Baby / Young / Adult / Senior): "baby" below BABY_MONTHS, "young"
#: below the species' adult_months, "senior" from its senior_years (text/species.py).
BABY_MONTHS = 6

_PRONOUNS: dict[str, dict[str, str]] = {
    "female": {"subject": "she", "object": "her", "possessive": "her", "independent": "hers"},
    "male": {"subject": "he", "object": "him", "possessive": "his", "independent": "his"},
    "they": {"subject": "they", "object": "them", "possessive": "their", "independent": "theirs"},
}
PRONOUN_CASES = ("subject", "object", "possessive", "independent")

_SMALL_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_ORDINAL_WORDS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]

# Free-text ages: "3 weeks", "about 2 years", "1 year and 6 months", "2-3 years", "8wks"...
_MONTHS_PER_UNIT = {"day": 12 / 365.25, "week": 7 * 12 / 365.25, "month": 1.0, "year": 12.0}
_UNIT_ALIASES = {
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "mo": "month",
    "mos": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
}
_NUMBER_WORDS = {word: n for n, word in enumerate(_SMALL_NUMBERS)} | {"a": 1, "an": 1}
_NUM = r"\d+(?:\.\d+)?"
_NUM_RANGE = rf"{_NUM}(?:\s*(?:-|–|to)\s*{_NUM})?"
_WORD_NUM = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_UNIT = "|".join(sorted(_UNIT_ALIASES, key=len, reverse=True))
# A number may touch its unit ("8wks"); a number word may not ("an d" is not "and").
_PART = rf"\b(?:({_NUM_RANGE})\s*|({_WORD_NUM})\s+)({_UNIT})\b\.?"
_PART_RE = re.compile(_PART, re.IGNORECASE)
_HEDGE = r"(?:about|around|approximately|approx\.?|roughly|nearly|almost|circa|ca\.|~)"
_DURATION_RE = re.compile(
    rf"(?P<hedge>{_HEDGE}\s*)?(?P<parts>{_PART}(?:\s*(?:,\s*(?:and\s+)?|and\s+|\s)\s*{_PART})*)"
    r"(?P<old>\s+old)?",
    re.IGNORECASE,
)
_GROUP_WORDS = {
    **{w: "baby" for k in species.KINDS for w in (k.young, k.young_plural)},
    "baby": "baby",
    "young": "young",
    "adult": "adult",
    "senior": "senior",
}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _get(obj: Any, key: str, default: Any = None) -> Any:
    """Read *key* from a mapping or an attribute of an object (pydantic model, dataclass...)."""
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _is_animal(obj: Any) -> bool:
    if isinstance(obj, Mapping):
        return True
    return any(hasattr(obj, key) for key in ("name", "species", "sex"))


def as_list(subject: Any) -> list[Any]:
    """One animal, one name or a collection of them, as a list."""
    if subject is None:
        return []
    if isinstance(subject, (str, bytes)) or _is_animal(subject):
        return [subject]
    if isinstance(subject, Iterable):
        return list(subject)
    return [subject]


def _count(count_or_items: Any) -> int:
    """A whole number as is, or how many animals/names a list (or one animal) holds."""
    if isinstance(count_or_items, int) and not isinstance(count_or_items, bool):
        return count_or_items
    if isinstance(count_or_items, float) and count_or_items.is_integer():
        return int(count_or_items)
    if isinstance(count_or_items, (str, Iterable)) or _is_animal(count_or_items):
        return len(as_list(count_or_items))
    raise TypeError(f"expected a whole number or a list, got {count_or_items!r}")


def _name(item: Any) -> str:
    if isinstance(item, str):
        return item
    if _is_animal(item):
        name = _get(item, "name")
        return "" if name is None else str(name)
    return str(item)


def _sex(animal: Any) -> str:
    """'female', 'male' or 'they' (unknown, missing, or not an animal)."""
    if not _is_animal(animal):
        return "they"
    sex = str(_get(animal, "sex") or "").strip().lower()
    if sex in ("female", "f"):
        return "female"
    if sex in ("male", "m"):
        return "male"
    return "they"


def kind(animal_or_species: Any) -> species.Species:
    """The species of an animal (or a species as written) as text/species.py words it."""
    value = animal_or_species if isinstance(animal_or_species, str) else None
    if value is None and _is_animal(animal_or_species):
        value = _get(animal_or_species, "species")
    written = str(value or "").strip()
    return species.kind_of(written) if written else species.OTHER


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _whole_months(born: dt.date, today: dt.date) -> int:
    """Completed calendar months from *born* to *today* (today >= born).

    A month is complete on the same day-of-month as the birthday, or on the last day of a
    month too short to have that day: born 31 January is one month old on 28 (or 29)
    February, and born on 29 February is a year old on 28 February of a common year.
    """
    months = (today.year - born.year) * 12 + (today.month - born.month)
    if today.day < born.day and today.day != _last_day(today.year, today.month):
        months -= 1
    return months


def _born(animal: Any) -> dt.date | None:
    if not _is_animal(animal):
        return None
    born = _get(animal, "born")
    if isinstance(born, dt.datetime):
        return born.date()
    if isinstance(born, dt.date):
        return born
    if isinstance(born, str) and born.strip():
        return dt.date.fromisoformat(born.strip())
    return None


def _days_old(animal: Any, born: dt.date, today: dt.date) -> int:
    days = (today - born).days
    if days < 0:
        who = _name(animal) or "the animal"
        raise ValueError(
            f"{who} is born {born.isoformat()}, after today ({today.isoformat()}): "
            "a birth date cannot be in the future"
        )
    return days


def _quantity(text: str) -> float:
    text = text.strip().lower()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    bounds = [float(x) for x in re.findall(_NUM, text)]
    return sum(bounds) / len(bounds)  # a range "2-3" counts as its middle


def _parse_age_text(text: str) -> float | None:
    """Months described by a free-text age such as 'about 5 months'; None if not a duration."""
    match = _DURATION_RE.fullmatch(text.strip())
    if match is None:
        return None
    months = 0.0
    for number, word, unit in _PART_RE.findall(match.group("parts").lower()):
        months += _quantity(number or word) * _MONTHS_PER_UNIT[_UNIT_ALIASES[unit]]
    return months


def _age_months(animal: Any, today: dt.date | None) -> float | None:
    """Age in months: whole calendar months from `born`, else from the free-text `age`."""
    if not _is_animal(animal):
        return None
    born = _born(animal)
    if born is not None:
        if today is None:
            return None
        _days_old(animal, born, today)  # raises for a birth date in the future
        return float(_whole_months(born, today))
    text = _get(animal, "age")
    if not isinstance(text, str):
        return None
    return _parse_age_text(text)


def _is_young(animal: Any, today: dt.date | None) -> bool | None:
    """Whether the animal is under its species' age for its young word (a puppy under a year,
    a baby guinea pig under 4 months: text/species.py), None when its age is not known."""
    months = _age_months(animal, today)
    return None if months is None else months < kind(animal).young_months


def is_nursing(animal: Any, today: dt.date | None) -> bool:
    """Known to be under NURSING_WEEKS old: the age of bottles, weaning and mothers' milk."""
    months = _age_months(animal, today)
    return months is not None and months < NURSING_WEEKS * 7 * 12 / 365.25


def age_text(text: str) -> str | None:
    """An age in words as a person writes it out: '2yrs' -> '2 years', '8 wks' -> '8 weeks',
    'about 6 mos' -> 'about 6 months', 'six months' as it is; None if it is not an age."""
    text = " ".join(text.split())
    match = _DURATION_RE.fullmatch(text)
    if match is None:
        return None
    parts = []
    for number, word, unit in _PART_RE.findall(match.group("parts")):
        amount = " ".join((number or word).split())
        canonical = _UNIT_ALIASES[unit.lower()]
        one = amount.lower() in ("1", "one", "a", "an")
        parts.append(f"{amount} {canonical if one else canonical + 's'}")
    hedge = (match.group("hedge") or "").strip().lower()
    hedge = hedge if hedge in ("", "about", "nearly", "almost") else "about"
    words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{hedge} {words}".strip()


def is_age_group(text: str) -> bool:
    """An age written as a group word: 'puppy', 'young', 'adult', 'senior'..."""
    return text.strip().lower() in _GROUP_WORDS


def counted(n: int, word: str) -> str:
    """A number and its noun, agreeing: "1 story", "3 stories"."""
    return f"{n} {plural(n, word)}"


# --------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------


def join_names(items: Any, conjunction: str = "and", oxford: bool = False) -> str:
    """Names as a person lists them: 'Ada', 'Ada and Bo', 'Ada, Bo and Cy'."""
    names = [name for name in (_name(item) for item in as_list(items)) if name]
    if len(names) <= 1:
        return names[0] if names else ""
    if len(names) == 2:
        return f"{names[0]} {conjunction} {names[1]}"
    comma = "," if oxford else ""
    return f"{', '.join(names[:-1])}{comma} {conjunction} {names[-1]}"


def pronoun(animals: Any, case: str = "subject", capitalize: bool = False) -> str:
    """she/he/they, her/him/them, her/his/their or hers/his/theirs for one or several animals."""
    if case not in PRONOUN_CASES:
        raise ValueError(f"unknown pronoun case {case!r}; use one of {', '.join(PRONOUN_CASES)}")
    subjects = as_list(animals)
    key = _sex(subjects[0]) if len(subjects) == 1 else "they"
    word = _PRONOUNS[key][case]
    return word[:1].upper() + word[1:] if capitalize else word


def verb(animals_or_count: Any, singular: str, plural: str, by_name: bool = False) -> str:
    """The verb form agreeing with the animals: 'is'/'are', 'was'/'were', 'needs'/'need'.

    Several animals take the plural. One animal takes the singular, except one animal of
    unknown sex, whose pronoun is singular "they" and so takes the plural ("they are").
    With by_name=True the verb follows the name instead ("Pip is"), whatever the sex.
    """
    if isinstance(animals_or_count, (int, float)) and not isinstance(animals_or_count, bool):
        return singular if _count(animals_or_count) == 1 else plural
    subjects = as_list(animals_or_count)
    if len(subjects) != 1:
        return plural
    if by_name or not _is_animal(subjects[0]):
        return singular
    return plural if _sex(subjects[0]) == "they" else singular


def young_word(
    animal_or_species: Any, today: dt.date | None = None, age_days: float | None = None
) -> str:
    """puppy/kitten/foal/baby guinea pig...; the grown word (dog, horse, guinea pig) once
    known to be a year old or more.

    The age comes from *age_days* if given, else from the animal's `born` (needs *today*) or
    free-text `age`. When no age is known the young word is returned.
    """
    found = kind(animal_or_species)
    if age_days is not None:
        young: bool | None = age_days < found.young_months * 365 / 12
    else:
        young = _is_young(animal_or_species, today)
    return found.singular if young is False else found.young


def species_word(animals: Any, today: dt.date | None = None, plural: bool = False) -> str:
    """puppy/dog, kitten/cat, foal/horse, chick/parrot...; plural for several animals or
    plural=True (puppies, guinea pigs, geese).

    The young word is used only when every animal is known to be under one year; otherwise
    (or when an age is unknown) the grown word. Mixed species give 'animal(s)'.
    """
    subjects = as_list(animals)
    many = plural or len(subjects) > 1
    kinds = {kind(s) for s in subjects} or {species.OTHER}
    if len(kinds) > 1:
        return species.OTHER.plural if many else species.OTHER.singular
    (found,) = kinds
    if subjects and all(_is_young(s, today) is True for s in subjects):
        return found.young_plural if many else found.young
    return found.plural if many else found.singular


def species_emoji(animals: Any) -> str:
    """The emoji of the animals' species, each once, in the table's order (dogs first):
    "🐶", "🐶🐱", "🐹" for guinea pigs, "🐾" for a species storykit has no emoji for."""
    order = {k.emoji: i for i, k in reversed(list(enumerate(species.KINDS)))}
    emoji = {kind(a).emoji for a in as_list(animals)}
    return "".join(sorted(emoji, key=lambda e: order.get(e, len(order))))


def age_in_words(animal: Any, today: dt.date) -> str:
    """'4 days old', '8 weeks old', '23 months old', '3 years old'; 'about ...' when estimated.

    Without `born`, the free-text `age` ("3 weeks" becomes "3 weeks old"), or "".
    Raises ValueError for a birth date after *today*.
    """
    born = _born(animal)
    if born is None:
        text = _get(animal, "age") if _is_animal(animal) else None
        if not isinstance(text, str) or not text.strip():
            return ""
        text = " ".join(text.split())
        written = age_text(text)
        return f"{written} old" if written is not None else text
    days = _days_old(animal, born, today)
    if days == 0:
        return "less than a day old"
    months = _whole_months(born, today)
    if days < 14:
        words = counted(days, "day")
    elif months < 4:
        words = counted(days // 7, "week")
    elif months < 24:
        words = counted(months, "month")
    else:
        words = counted(months // 12, "year")
    prefix = "about " if _get(animal, "born_estimated") else ""
    return f"{prefix}{words} old"


def age_group(animal: Any, today: dt.date) -> str:
    """Petfinder-style group: 'baby', 'young', 'adult' or 'senior'; '' when the age is unknown.

    baby: under 6 months (or under the species' young_months, if sooner: a guinea pig is
    grown at 4); young: until the species' adult_months (2 years; a guinea pig 1, a horse 4);
    senior: from the species' senior_years (8 years for dogs, 10 for cats, 7 for rabbits, 20
    for horses...); adult in between. The numbers are text/species.py's table.
    """
    months = _age_months(animal, today)
    if months is None:
        text = _get(animal, "age") if _is_animal(animal) else None
        word = text.strip().lower() if isinstance(text, str) else ""
        return _GROUP_WORDS.get(word, "")
    found = kind(animal)
    if months < min(BABY_MONTHS, found.young_months):
        return "baby"
    if months < found.adult_months:
        return "young"
    if months >= found.senior_years * 12:
        return "senior"
    return "adult"


def asked(animal: Any, question: str) -> bool:
    """Whether *question* is asked of an animal of its species: "spayed_neutered" of mammals
    (not of a parrot or a turtle), "vaccinated" of the species vaccinated as a rule (not of a
    hamster or a fish)."""
    found = kind(animal)
    return {"spayed_neutered": found.mammal, "vaccinated": found.vaccines}[question]


def plural(count_or_items: Any, singular: str, plural: str | None = None) -> str:
    """The noun for a count: plural(1, 'kitten') is 'kitten', plural(7, 'kitten') is 'kittens'.

    Without an explicit plural: -y after a consonant becomes -ies, -s/-x/-z/-ch/-sh add -es,
    anything else adds -s. Give irregular plurals explicitly: plural(n, 'mouse', 'mice').
    """
    if _count(count_or_items) == 1:
        return singular
    return species.regular_plural(singular) if plural is None else plural


def _as_int(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, float, str)):
        raise TypeError(f"expected a whole number, got {n!r}")
    if isinstance(n, float):
        if not n.is_integer():
            raise TypeError(f"expected a whole number, got {n!r}")
        return int(n)
    return int(n)


def ordinal(n: Any, words: bool = False) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd; words=True gives 'first'...'twentieth'."""
    value = _as_int(n)
    if words and 0 <= value <= 20:
        return _ORDINAL_WORDS[value]
    if abs(value) % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(abs(value) % 10, "th")
    return f"{value}{suffix}"


def number_words(count_or_items: Any) -> str:
    """A count as a person writes it: 'zero' to 'twenty' in words, others as digits."""
    if isinstance(count_or_items, (bool, int, float, str)):
        value = _as_int(count_or_items)
    else:
        value = _count(count_or_items)
    return _SMALL_NUMBERS[value] if 0 <= value <= 20 else str(value)


# --------------------------------------------------------------------------------------------
# Jinja registration
# --------------------------------------------------------------------------------------------


def register(env: Environment, today: dt.date) -> None:
    """Register every filter (those needing a date get *today* bound), tests and `today`."""

    def _young_word(animal_or_species: Any, age_days: float | None = None) -> str:
        return young_word(animal_or_species, today, age_days)

    def _species_word(animals: Any, plural: bool = False) -> str:
        return species_word(animals, today, plural)

    def _age_in_words(animal: Any) -> str:
        return age_in_words(animal, today)

    def _age_group(animal: Any) -> str:
        return age_group(animal, today)

    def _young(animal: Any) -> bool:
        return _is_young(animal, today) is True

    def _nursing(animals: Any) -> bool:
        subjects = as_list(animals)
        return bool(subjects) and all(is_nursing(a, today) for a in subjects)

    def _several(animals: Any) -> bool:
        return _count(animals) > 1

    filters: dict[str, Callable[..., str]] = {
        "join_names": join_names,
        "pronoun": pronoun,
        "verb": verb,
        "young_word": _young_word,
        "species_word": _species_word,
        "species_emoji": species_emoji,
        "age_in_words": _age_in_words,
        "age_group": _age_group,
        "plural": plural,
        "ordinal": ordinal,
        "number_words": number_words,
    }
    env.filters.update(filters)

    env.tests.update({"young": _young, "several": _several, "nursing": _nursing, "asked": asked})
    env.globals["today"] = today
