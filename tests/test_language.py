"""Tests for storykit.language: each filter rendered through a real Jinja environment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
import pytest
from pydantic import BaseModel

from storykit.text import language
from storykit.text.language import (
    age_group,
    age_in_words,
    join_names,
    number_words,
    ordinal,
    plural,
    pronoun,
    register,
    species_word,
    verb,
    young_word,
)

TODAY = dt.date(2025, 6, 15)


class Animal(BaseModel):
    """The shape of an animal in a case file, as a pydantic model."""

    name: str
    species: str = "dog"
    sex: str = "unknown"
    born: dt.date | None = None
    age: str | None = None
    born_estimated: bool = False


def animal(
    name: str = "Possum",
    species: str = "dog",
    sex: str = "unknown",
    born: dt.date | str | None = None,
    age: str | None = None,
    born_estimated: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "species": species,
        "sex": sex,
        "born": born,
        "age": age,
        "born_estimated": born_estimated,
    }


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def render(source: str, today: dt.date = TODAY, **context: Any) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    register(env, today)
    return env.from_string(source).render(**context)


SHE = animal("Possum", sex="female")
HE = animal("Kangaroo", sex="male")
IT = animal("Wombat", sex="unknown")


# ------------------------------------------------------------------------------ join_names


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["Ada"], "Ada"),
        (["Possum", "Kangaroo"], "Possum and Kangaroo"),
        (["Ada", "Bo", "Cy"], "Ada, Bo and Cy"),
        (["Ada", "Bo", "Cy", "Di"], "Ada, Bo, Cy and Di"),
        (["Ada", "", "Cy"], "Ada and Cy"),
    ],
)
def test_join_names_strings(names: list[str], expected: str) -> None:
    assert render("{{ names|join_names }}", names=names) == expected
    assert join_names(names) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ names|join_names(oxford=true) }}", "Ada, Bo, and Cy"),
        ("{{ names|join_names('or') }}", "Ada, Bo or Cy"),
        ("{{ names|join_names('or', true) }}", "Ada, Bo, or Cy"),
        ("{{ names[:2]|join_names(oxford=true) }}", "Ada and Bo"),
    ],
)
def test_join_names_options(source: str, expected: str) -> None:
    assert render(source, names=["Ada", "Bo", "Cy"]) == expected


def test_join_names_animals_dicts_and_models() -> None:
    animals = [SHE, Animal(name="Kangaroo"), "Wombat"]
    assert render("{{ a|join_names }}", a=animals) == "Possum, Kangaroo and Wombat"
    assert render("{{ a|join_names }}", a=Animal(name="Solo")) == "Solo"
    assert render("{{ a|join_names }}", a=SHE) == "Possum"


# ------------------------------------------------------------------------------ pronoun


@pytest.mark.parametrize(
    ("sex", "case", "expected"),
    [
        ("female", "subject", "she"),
        ("female", "object", "her"),
        ("female", "possessive", "her"),
        ("female", "independent", "hers"),
        ("male", "subject", "he"),
        ("male", "object", "him"),
        ("male", "possessive", "his"),
        ("male", "independent", "his"),
        ("unknown", "subject", "they"),
        ("unknown", "object", "them"),
        ("unknown", "possessive", "their"),
        ("unknown", "independent", "theirs"),
    ],
)
def test_pronoun_one_animal(sex: str, case: str, expected: str) -> None:
    assert render("{{ a|pronoun(case) }}", a=animal(sex=sex), case=case) == expected
    assert pronoun(Animal(name="X", sex=sex), case) == expected


@pytest.mark.parametrize(
    ("animals", "expected"),
    [
        ([SHE], "she"),
        ([HE], "he"),
        ([SHE, SHE], "they"),
        ([SHE, HE], "they"),
        ([HE, IT, SHE], "they"),
        ([], "they"),
        (animal(sex=""), "they"),
        ({"name": "NoSex"}, "they"),
    ],
)
def test_pronoun_several_and_mixed(animals: Any, expected: str) -> None:
    assert render("{{ a|pronoun }}", a=animals) == expected


def test_pronoun_capitalised() -> None:
    assert render("{{ a|pronoun(capitalize=true) }}", a=SHE) == "She"
    assert render("{{ a|pronoun('possessive', true) }}", a=[SHE, HE]) == "Their"
    assert render("{{ a|pronoun|capitalize }}", a=HE) == "He"


def test_pronoun_unknown_case_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown pronoun case 'reflexive'"):
        render("{{ a|pronoun('reflexive') }}", a=SHE)


# ------------------------------------------------------------------------------ verb


@pytest.mark.parametrize(
    ("subject", "singular", "plural_form", "expected"),
    [
        (SHE, "is", "are", "is"),
        (HE, "was", "were", "was"),
        (IT, "is", "are", "are"),  # singular "they" takes the plural verb
        (IT, "needs", "need", "need"),
        ([SHE], "needs", "need", "needs"),
        ([SHE, HE], "is", "are", "are"),
        ([SHE, SHE], "was", "were", "were"),
        ([], "is", "are", "are"),
        (1, "is", "are", "is"),
        (0, "is", "are", "are"),
        (7, "needs", "need", "need"),
        ("Possum", "is", "are", "is"),
        (Animal(name="M", sex="male"), "is", "are", "is"),
    ],
)
def test_verb_agreement(subject: Any, singular: str, plural_form: str, expected: str) -> None:
    assert render("{{ s|verb(a, b) }}", s=subject, a=singular, b=plural_form) == expected
    assert verb(subject, singular, plural_form) == expected


def test_verb_by_name_ignores_sex() -> None:
    assert render("{{ a.name }} {{ a|verb('is', 'are', by_name=true) }}", a=IT) == "Wombat is"
    assert render("{{ a|verb('is', 'are', true) }}", a=[IT, SHE]) == "are"


def test_sentence_reads_naturally() -> None:
    source = (
        "{{ a|join_names }} {{ a|verb('are', 'are', by_name=true) }} "
        "{{ a|length|number_words }} {{ a|species_word }}. "
        "{{ a|pronoun|capitalize }} {{ a|verb('need', 'need') }} a home."
    )
    litter = [
        animal("Possum", "cat", "female", days_ago(56)),
        animal("Kangaroo", "cat", "male", days_ago(56)),
    ]
    assert render(source, a=litter) == "Possum and Kangaroo are two kittens. They need a home."
    source = (
        "{{ a.name }} is {{ a|age_in_words }}. "
        "{{ a|pronoun|capitalize }} {{ a|verb('is', 'are') }} shy."
    )
    assert render(source, a=IT | {"born": days_ago(56)}) == "Wombat is 8 weeks old. They are shy."
    assert render(source, a=SHE | {"born": days_ago(56)}) == "Possum is 8 weeks old. She is shy."


# ------------------------------------------------------------------------------ young_word


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("dog", "puppy"),
        ("cat", "kitten"),
        ("rabbit", "bunny"),
        ("other", "baby"),
        ("lizard", "hatchling"),
        ("Guinea Pigs", "baby guinea pig"),
        ("goat", "kid"),
        ("horse", "foal"),
        ("axolotl", "baby axolotl"),  # a species storykit has no words for: as written
        ("Dog", "puppy"),
        (animal(species="dog"), "puppy"),  # age unknown: the young word
        (animal(species="cat", born=days_ago(60)), "kitten"),
        (animal(species="cat", born=dt.date(2024, 6, 16)), "kitten"),  # 11 months
        (animal(species="cat", born=dt.date(2024, 6, 15)), "cat"),  # 1 year today
        (animal(species="rabbit", born=dt.date(2020, 1, 1)), "rabbit"),
        (animal(species="other", born=dt.date(2020, 1, 1)), "animal"),
        (animal(species="guinea pig", born=dt.date(2024, 1, 1)), "guinea pig"),
        (animal(species="axolotl", age="2 years"), "axolotl"),
        (animal(species="dog", age="about 3 years"), "dog"),
        (animal(species="dog", age="10 weeks"), "puppy"),
        (Animal(name="M", species="dog", born=days_ago(3)), "puppy"),
    ],
)
def test_young_word(subject: Any, expected: str) -> None:
    assert render("{{ s|young_word }}", s=subject) == expected
    assert young_word(subject, TODAY) == expected


@pytest.mark.parametrize(
    ("species", "age_days", "expected"),
    [("dog", 364, "puppy"), ("dog", 365, "dog"), ("cat", 0, "kitten"), ("other", 400, "animal")],
)
def test_young_word_with_age_days(species: str, age_days: int, expected: str) -> None:
    assert render("{{ s|young_word(age_days=d) }}", s=species, d=age_days) == expected
    assert render("{{ s|young_word(d) }}", s=species, d=age_days) == expected


# ------------------------------------------------------------------------------ species_word

PUP = animal("Pup", "dog", born=days_ago(70))
OLD_DOG = animal("Rex", "dog", born=dt.date(2015, 1, 1))
KIT = animal("Kit", "cat", born=days_ago(40))
OLD_CAT = animal("Tom", "cat", born=dt.date(2019, 3, 3))


@pytest.mark.parametrize(
    ("source", "subject", "expected"),
    [
        ("{{ a|species_word }}", PUP, "puppy"),
        ("{{ a|species_word(true) }}", PUP, "puppies"),
        ("{{ a|species_word(plural=true) }}", OLD_DOG, "dogs"),
        ("{{ a|species_word }}", OLD_DOG, "dog"),
        ("{{ a|species_word }}", KIT, "kitten"),
        ("{{ a|species_word }}", [KIT, KIT], "kittens"),
        ("{{ a|species_word }}", [KIT, OLD_CAT], "cats"),
        ("{{ a|species_word }}", [KIT], "kitten"),
        ("{{ a|species_word }}", [PUP, KIT], "animals"),
        ("{{ a|species_word }}", animal(species="dog"), "dog"),  # age unknown: grown word
        ("{{ a|species_word }}", animal(species="rabbit", born=days_ago(30)), "bunny"),
        ("{{ a|species_word(true) }}", animal(species="rabbit", age="3 years"), "rabbits"),
        ("{{ a|species_word(true) }}", animal(species="other", age="2 weeks"), "babies"),
        ("{{ a|species_word }}", animal(species="other"), "animal"),
        ("{{ a|species_word }}", "cat", "cat"),
        ("{{ a|species_word }}", Animal(name="M", species="cat", born=days_ago(5)), "kitten"),
        (
            "{{ a|species_word }}",
            [animal("A", "guinea pig"), animal("B", "guinea pig")],
            "guinea pigs",
        ),
        ("{{ a|species_word }}", [animal("A", "goose", age="3 weeks")] * 2, "goslings"),
        ("{{ a|species_word }}", [animal("A", "sheep"), animal("B", "sheep")], "sheep"),
        ("{{ a|species_word }}", animal(species="mouse", age="2 years"), "mouse"),
        ("{{ a|species_word(true) }}", animal(species="mouse", age="2 years"), "mice"),
        ("{{ a|species_word }}", [animal("A", "parrot"), animal("B", "dog")], "animals"),
        ("{{ a|species_word(true) }}", animal(species="axolotl"), "axolotls"),
    ],
)
def test_species_word(source: str, subject: Any, expected: str) -> None:
    assert render(source, a=subject) == expected


def test_species_word_direct_call() -> None:
    assert species_word([PUP, PUP], TODAY) == "puppies"
    assert species_word(PUP, TODAY, plural=True) == "puppies"


# ------------------------------------------------------------------------------ age_in_words


@pytest.mark.parametrize(
    ("born", "today", "expected"),
    [
        (TODAY, TODAY, "less than a day old"),
        (days_ago(1), TODAY, "1 day old"),
        (days_ago(2), TODAY, "2 days old"),
        (days_ago(13), TODAY, "13 days old"),
        (days_ago(14), TODAY, "2 weeks old"),
        (days_ago(20), TODAY, "2 weeks old"),
        (days_ago(56), TODAY, "8 weeks old"),  # exactly 8 weeks
        (days_ago(62), TODAY, "8 weeks old"),
        (dt.date(2025, 2, 16), TODAY, "17 weeks old"),  # 3 months 30 days
        (dt.date(2025, 2, 15), TODAY, "4 months old"),
        (dt.date(2024, 6, 15), TODAY, "12 months old"),
        (dt.date(2024, 5, 14), TODAY, "13 months old"),
        (dt.date(2023, 6, 16), TODAY, "23 months old"),  # one day short of 2 years
        (dt.date(2023, 7, 15), TODAY, "23 months old"),
        (dt.date(2023, 6, 15), TODAY, "2 years old"),
        (dt.date(2015, 6, 16), TODAY, "9 years old"),
        (dt.date(2015, 6, 15), TODAY, "10 years old"),
        # month ends: born on the 31st, a month completes on the last day of a shorter month
        (dt.date(2023, 8, 31), dt.date(2025, 6, 30), "22 months old"),
        (dt.date(2023, 8, 31), dt.date(2025, 6, 29), "21 months old"),
        # leap-day birthdays: a common year's 28 February completes the year
        (dt.date(2024, 2, 29), dt.date(2024, 3, 1), "1 day old"),
        (dt.date(2024, 2, 29), dt.date(2024, 3, 14), "2 weeks old"),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 27), "11 months old"),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28), "12 months old"),
        (dt.date(2024, 2, 29), dt.date(2026, 2, 27), "23 months old"),
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28), "2 years old"),
        (dt.date(2024, 2, 29), dt.date(2028, 2, 28), "3 years old"),  # 2028 has a 29th
        (dt.date(2024, 2, 29), dt.date(2028, 2, 29), "4 years old"),
    ],
)
def test_age_in_words_from_born(born: dt.date, today: dt.date, expected: str) -> None:
    assert render("{{ a|age_in_words }}", today=today, a=animal(born=born)) == expected
    assert age_in_words(Animal(name="M", born=born), today) == expected


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (TODAY, "less than a day old"),
        (days_ago(1), "about 1 day old"),
        (days_ago(56), "about 8 weeks old"),
        (dt.date(2023, 6, 16), "about 23 months old"),
        (dt.date(2023, 6, 15), "about 2 years old"),
    ],
)
def test_age_in_words_estimated(born: dt.date, expected: str) -> None:
    subject = animal(born=born, born_estimated=True)
    assert render("{{ a|age_in_words }}", a=subject) == expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("3 weeks", "3 weeks old"),
        ("about 2 years", "about 2 years old"),
        ("  8   weeks ", "8 weeks old"),
        ("1 year and 6 months", "1 year and 6 months old"),
        ("2-3 years", "2-3 years old"),
        ("a year", "a year old"),
        ("3 weeks old", "3 weeks old"),
        ("senior", "senior"),
        ("unknown", "unknown"),
        ("", ""),
        (None, ""),
    ],
)
def test_age_in_words_free_text(age: str | None, expected: str) -> None:
    subject = animal(age=age, born_estimated=True)  # the text carries its own hedging
    assert render("{{ a|age_in_words }}", a=subject) == expected


def test_age_in_words_born_wins_over_free_text_and_iso_strings() -> None:
    assert render("{{ a|age_in_words }}", a=animal(born=days_ago(3), age="2 years")) == (
        "3 days old"
    )
    assert render("{{ a|age_in_words }}", a=animal(born="2025-06-12")) == "3 days old"


@pytest.mark.parametrize("function", [age_in_words, age_group])
def test_born_in_the_future_is_an_error(function: Any) -> None:
    future = animal("Possum", born=dt.date(2025, 6, 16))
    message = r"Possum is born 2025-06-16, after today \(2025-06-15\)"
    with pytest.raises(ValueError, match=message):
        function(future, TODAY)
    with pytest.raises(ValueError, match=message):
        render("{{ a|" + function.__name__ + " }}", a=future)


# ------------------------------------------------------------------------------ age_group


@pytest.mark.parametrize(
    ("species", "born", "expected"),
    [
        ("dog", TODAY, "baby"),
        ("dog", dt.date(2024, 12, 16), "baby"),  # 5 months 30 days
        ("dog", dt.date(2024, 12, 15), "young"),  # 6 months
        ("cat", dt.date(2023, 6, 16), "young"),  # 23 months
        ("cat", dt.date(2023, 6, 15), "adult"),  # 2 years
        ("dog", dt.date(2017, 6, 16), "adult"),  # 7 years 11 months
        ("dog", dt.date(2017, 6, 15), "senior"),  # 8 years
        ("cat", dt.date(2017, 6, 15), "adult"),
        ("cat", dt.date(2015, 6, 16), "adult"),
        ("cat", dt.date(2015, 6, 15), "senior"),  # 10 years
        ("rabbit", dt.date(2018, 6, 16), "adult"),
        ("rabbit", dt.date(2018, 6, 15), "senior"),  # 7 years
        ("other", dt.date(2018, 6, 15), "senior"),
        ("horse", dt.date(2018, 6, 15), "adult"),  # 7 years: a horse is senior from 20
        ("horse", dt.date(2005, 6, 15), "senior"),
        ("hamster", dt.date(2023, 6, 15), "senior"),  # 2 years
        ("guinea pig", dt.date(2020, 6, 15), "senior"),  # 5 years
    ],
)
def test_age_group_from_born(species: str, born: dt.date, expected: str) -> None:
    assert render("{{ a|age_group }}", a=animal(species=species, born=born)) == expected


@pytest.mark.parametrize(
    ("species", "age", "expected"),
    [
        ("dog", "3 weeks", "baby"),
        ("cat", "about 5 months", "baby"),
        ("cat", "6 months", "young"),
        ("dog", "1 year and 6 months", "young"),
        ("dog", "2 years", "adult"),
        ("dog", "about 2 years old", "adult"),
        ("cat", "9 years", "adult"),
        ("dog", "9 years", "senior"),
        ("rabbit", "7-8 years", "senior"),
        ("dog", "Senior", "senior"),
        ("cat", "kitten", "baby"),
        ("dog", "unknown", ""),
        ("dog", "", ""),
        ("dog", None, ""),
    ],
)
def test_age_group_from_free_text(species: str, age: str | None, expected: str) -> None:
    assert render("{{ a|age_group }}", a=animal(species=species, age=age)) == expected
    assert age_group(animal(species=species, age=age), TODAY) == expected


# ------------------------------------------------------------------------------ plural


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 1|plural('kitten') }}", "kitten"),
        ("{{ 7|plural('kitten') }}", "kittens"),
        ("{{ 0|plural('kitten') }}", "kittens"),
        ("{{ 2|plural('puppy', 'puppies') }}", "puppies"),
        ("{{ 2|plural('puppy') }}", "puppies"),
        ("{{ 2|plural('day') }}", "days"),
        ("{{ 2|plural('box') }}", "boxes"),
        ("{{ 2|plural('mouse', 'mice') }}", "mice"),
        ("{{ 1|plural('mouse', 'mice') }}", "mouse"),
        ("{{ [1]|plural('littermate') }}", "littermate"),
        ("{{ [1, 2, 3]|plural('littermate') }}", "littermates"),
        ("{{ n|number_words }} {{ n|plural('kitten') }}", "seven kittens"),
    ],
)
def test_plural(source: str, expected: str) -> None:
    assert render(source, n=7) == expected


def test_plural_direct_call() -> None:
    assert plural(7, "kitten") == "kittens"
    assert plural([SHE], "kitten") == "kitten"


# ------------------------------------------------------------------------ ordinal, number_words


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0th"),
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinal(n: int, expected: str) -> None:
    assert render("{{ n|ordinal }}", n=n) == expected
    assert ordinal(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "first"), (2, "second"), (12, "twelfth"), (20, "twentieth"), (21, "21st")],
)
def test_ordinal_words(n: int, expected: str) -> None:
    assert render("{{ n|ordinal(words=true) }}", n=n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "zero"), (1, "one"), (7, "seven"), (13, "thirteen"), (20, "twenty"), (21, "21"),
     (100, "100"), (-1, "-1")],
)  # fmt: skip
def test_number_words(n: int, expected: str) -> None:
    assert render("{{ n|number_words }}", n=n) == expected
    assert number_words(n) == expected


def test_number_words_counts_a_list() -> None:
    assert render("{{ a|number_words }} littermates", a=[SHE, HE, IT]) == "three littermates"


@pytest.mark.parametrize("bad", [True, "seven", 2.5, None, 3j])
def test_numbers_reject_non_whole_numbers(bad: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        ordinal(bad)
    with pytest.raises((TypeError, ValueError)):
        number_words(bad)


# ------------------------------------------------------------------------------ register


def test_register_adds_filters_tests_and_today() -> None:
    env = jinja2.Environment()
    register(env, TODAY)
    expected = {
        "join_names",
        "pronoun",
        "verb",
        "young_word",
        "species_word",
        "age_in_words",
        "age_group",
        "plural",
        "ordinal",
        "number_words",
    }
    assert expected <= set(env.filters)
    assert {"young", "several"} <= set(env.tests)
    assert env.globals["today"] == TODAY
    assert render("{{ today.isoformat() }}") == "2025-06-15"


def test_register_binds_its_own_today() -> None:
    pup = animal(born=dt.date(2025, 6, 1))
    assert render("{{ a|age_in_words }}", today=dt.date(2025, 6, 3), a=pup) == "2 days old"
    assert render("{{ a|age_in_words }}", today=dt.date(2025, 7, 1), a=pup) == "4 weeks old"


@pytest.mark.parametrize(
    ("subject", "young", "several"),
    [
        (PUP, "yes", "no"),
        (OLD_DOG, "no", "no"),
        (animal(), "no", "no"),
        ([PUP, KIT], "no", "yes"),
    ],
)
def test_jinja_tests(subject: Any, young: str, several: str) -> None:
    source = "{{ 'yes' if a is young else 'no' }} {{ 'yes' if a is several else 'no' }}"
    assert render(source, a=subject) == f"{young} {several}"


def test_get_reads_mappings_and_attributes() -> None:
    assert language._get({"name": "A"}, "name") == "A"
    assert language._get(Animal(name="B"), "name") == "B"
    assert language._get({}, "name") is None
    assert language._get(object(), "name", "x") == "x"


@pytest.mark.parametrize(
    ("species", "born", "expected"),
    [
        ("guinea pig", dt.date(2025, 3, 1), "baby"),  # 3 months: grown at 4
        ("guinea pig", dt.date(2024, 11, 1), "young"),  # 7 months
        ("guinea pig", dt.date(2024, 3, 1), "adult"),  # 15 months: adult from 1 year
        ("horse", dt.date(2022, 6, 15), "young"),  # 3 years: adult from 4
        ("horse", dt.date(2021, 6, 15), "adult"),
    ],
)
def test_age_groups_follow_the_species(species: str, born: dt.date, expected: str) -> None:
    assert render("{{ a|age_group }}", a=animal(species=species, born=born)) == expected


@pytest.mark.parametrize(
    ("species", "neutered", "vaccinated"),
    [("dog", True, True), ("guinea pig", True, False), ("parrot", False, False),
     ("goat", True, True), ("axolotl", False, False)],
)  # fmt: skip
def test_what_is_asked_of_each_species(species: str, neutered: bool, vaccinated: bool) -> None:
    source = '{{ a is asked("spayed_neutered") }} {{ a is asked("vaccinated") }}'
    assert render(source, a=animal(species=species)) == f"{neutered} {vaccinated}"


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("2 Years 7 Months", "2 years and 7 months old"),  # as RescueGroups writes an age
        ("About 3 WEEKS", "about 3 weeks old"),
        ("2 yrs", "2 years old"),
    ],
)
def test_an_age_in_any_case_reads_as_words(written: str, words: str) -> None:
    assert render("{{ a|age_in_words }}", a=animal(species="dog", age=written)) == words
