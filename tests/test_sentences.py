"""Sentences: split around abbreviations, initials, decimals and ellipses; cut by prefix."""

from __future__ import annotations

import pytest

from storykit.text.sentences import count_sentences, sentences, split_sentences


@pytest.mark.parametrize(
    "text",
    [
        "Found by Dr. Patel near St. Louis at 2 a.m. on Jan. 3.",
        "Mr. and Mrs. Ortiz and Ms. Lee met her at 3 p.m. on Dec. 24.",
        "She weighed 2.5 lbs. at eight weeks and approx. 4 lbs. at twelve.",
        "Adopted by J. R. Smith of No. 5 Elm St. in Leeds.",
        "She loves toys, e.g. Mr. Squeaky, i.e. the yellow duck, vs. the ball.",
        "Toys, treats, etc. are packed.",
        "She waited... and waited… and then ran.",
        'She said "Hi." and left.',
    ],
)
def test_one_sentence_whatever_its_abbreviations(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She is home. He is not.", ["She is home.", "He is not."]),
        ("We met at 2 p.m. The next day she ate.", ["We met at 2 p.m.", "The next day she ate."]),
        ("She had toys, treats, etc. Then a bed.", ["She had toys, treats, etc.", "Then a bed."]),
        ("No. She never did.", ["No.", "She never did."]),
        (
            "She was born in 2024. 3 weeks later, she opened her eyes.",
            ["She was born in 2024.", "3 weeks later, she opened her eyes."],
        ),
        ("She waited... Then she ran!", ["She waited...", "Then she ran!"]),
        ('He said "Stay." She stayed.', ['He said "Stay."', "She stayed."]),
        ("Wow! Really? Yes.", ["Wow!", "Really?", "Yes."]),
        (
            "Nobody loved her more than I. She knew it.",
            ["Nobody loved her more than I.", "She knew it."],
        ),
    ],
)
def test_sentences_end_where_a_reader_sees_them_end(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_an_abbreviation_at_the_end_of_a_paragraph_still_ends_its_sentence() -> None:
    text = "She came home at 2 a.m.\n\nThe next day she slept. Then she ate."
    assert count_sentences(text) == 3
    assert sentences(text, 1) == "She came home at 2 a.m."
    assert sentences(text, 2) == "She came home at 2 a.m.\n\nThe next day she slept."


def test_a_cut_keeps_paragraphs_and_list_items_and_never_cuts_a_sentence() -> None:
    text = "Her favourite things:\n- naps\n- belly rubs\n\nShe came from Dr. Patel. She\nis tiny."
    assert count_sentences(text) == 5
    assert sentences(text) == (
        "Her favourite things:\n- naps\n- belly rubs\n\nShe came from Dr. Patel. She is tiny."
    )
    assert sentences(text, 2) == "Her favourite things:\n- naps"
    assert (
        sentences(text, 4)
        == "Her favourite things:\n- naps\n- belly rubs\n\nShe came from Dr. Patel."
    )
    assert sentences(text, 0) == "Her favourite things:"  # at least one


def test_after_counts_the_summary_first() -> None:
    summary = "One. Two."
    body = "Three. Four.\n\nFive."
    assert sentences(body, 2, after=summary) == ""
    assert sentences(body, 3, after=summary) == "Three."
    assert sentences(body, 5, after=summary) == "Three. Four.\n\nFive."
    assert sentences(body, None, after=summary) == "Three. Four.\n\nFive."
