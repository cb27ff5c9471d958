"""Cleaning PDF text and cutting it into sentences."""

from __future__ import annotations

from core.pdf.clean import clean_block, join_hyphenated, strip_unsafe, vocabulary
from core.summaries.sentences import is_quotable, split_sentences


def test_lone_surrogates_and_controls_dropped() -> None:
    cleaned = strip_unsafe("bad\ud835 text\x00 with\x14 controls\ue000 and\ufffd\ttab\nline")
    assert cleaned == "bad text with controls and\ttab\nline"
    cleaned.encode("utf-8")


def test_hyphenation_joined_unless_a_compound() -> None:
    known = vocabulary(["a well-known result"])
    text = ("ef-\nficient well-\nknown state-of-the-\nart end-\nto-end FLAN-\nbased GPT-\n3 "
            "Trans-\nformer")
    assert join_hyphenated(text, known) == (
        "efficient well-known state-of-the-art end-to-end FLAN-based GPT-3 Transformer")


def test_clean_block_is_one_line_with_accents_composed() -> None:
    assert clean_block("Herv´e J´egou,\nF´ısica  and O˘guz\u2028here") == (
        "Hervé Jégou, Física and Oğuz here")


def test_sentences_split_but_not_at_abbreviations() -> None:
    paragraph = ("Dense retrieval (Lee et al., 2019) works, e.g. on NQ. See Fig. 3 and "
                 "J. Smith. GPT-3 175B. Table 3 shows it! “Quoted.” Then more.")
    assert split_sentences(paragraph) == [
        "Dense retrieval (Lee et al., 2019) works, e.g. on NQ.",
        "See Fig. 3 and J. Smith.",
        "GPT-3 175B.",
        "Table 3 shows it!",
        "“Quoted.”",
        "Then more.",
    ]


def test_quotable_sentences_are_prose() -> None:
    assert is_quotable("We propose a simple dual-encoder model for retrieval.")
    assert not is_quotable("Top-1 Top-5 Top-20 Top-100 44.9 66.8 78.1 85.0 43.9 65.3.")
    assert not is_quotable("Table 2: Retrieval accuracy on five benchmark datasets here.")
    assert not is_quotable("fragment that starts in lower case and goes on.")
    assert not is_quotable("Too short.")
