"""The six-section JSON schema and the reader that cleans an LLM's answer into Sections."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from servers.openai_server import VALID_SECTIONS

from core.errors import SummaryError
from core.records import RelatedWork
from core.summaries.schema import (
    SUMMARY_SCHEMA,
    InvalidSummaryError,
    is_filler,
    parse_sections,
    response_format_json_schema,
)


def answer(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID_SECTIONS)
    data.update(changes)
    return data


def _objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = [schema] if schema.get("type") == "object" else []
    for child in (schema.get("properties") or {}).values():
        found += _objects(child)
    if "items" in schema:
        found += _objects(schema["items"])
    return found


def test_schema_is_strict_mode_compatible() -> None:
    objects = _objects(SUMMARY_SCHEMA)
    assert len(objects) == 5  # top, related work item, method, experiments, takeaways
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert obj["required"] == list(obj["properties"])
    wrapper = response_format_json_schema()
    assert wrapper["type"] == "json_schema"
    assert wrapper["json_schema"]["strict"] is True


def test_valid_answer_becomes_sections() -> None:
    sections = parse_sections(json.dumps(VALID_SECTIONS))
    assert sections.task == tuple(VALID_SECTIONS["task"])
    assert sections.related_work[0] == RelatedWork(
        "BM25", "Keyword matching misses synonyms and paraphrases.")
    assert sections.method.architecture.startswith("Two BERT-base")
    assert sections.experiments.baselines == ("BM25", "ORQA")
    assert sections.takeaways.future_work == ("Joint training of retriever and reader.",)


def test_filler_is_empty() -> None:
    data = answer(motivation="N/A", task=["None", "not mentioned", "Retrieve passages."])
    data["method"] = {"pipeline": "N/A: N/A", "architecture": "Not mentioned in the paper.",
                      "complexity": "n/a"}
    data["takeaways"] = {"pros": ["N/A", "N/A", "N/A"], "cons": [], "future_work": ["Unknown"]}
    data["related_work"] = [{"work": "N/A", "challenge": "N/A"},
                            {"work": "BM25", "challenge": "N/A"}]
    sections = parse_sections(data)
    assert sections.motivation == ""
    assert sections.task == ("Retrieve passages.",)
    assert sections.method.pipeline == sections.method.architecture == ""
    assert sections.takeaways.pros == sections.takeaways.future_work == ()
    assert sections.related_work == ()


@pytest.mark.parametrize("text", ["N/A", "n/a", "None.", "none", "Not mentioned", "N/A: N/A",
                                  "not specified in the text", "-", "N/A, N/A"])
def test_is_filler(text: str) -> None:
    assert is_filler(text)


@pytest.mark.parametrize(
    "text", ["None of the baselines scale.", "NA12878 genome", "Unknown-word handling"])
def test_real_text_is_not_filler(text: str) -> None:
    assert not is_filler(text)


def test_related_work_named_twice_is_kept_once() -> None:
    # The replaced tool listed one paper's LocalRF five times.
    works = ["LocalRF", "LocalRF [32]", "Local-RF (Meuleman et al., 2023)", "localrf", "LOCALRF"]
    data = answer(related_work=[{"work": w, "challenge": f"challenge {i}"}
                                for i, w in enumerate(works)]
                  + [{"work": "Reward Feedback Learning (ReFL)", "challenge": "separate models"},
                     {"work": "ReFL (Xu et al. (2023))", "challenge": "hard to tune"},
                     {"work": "NeRF", "challenge": "slow"}])
    sections = parse_sections(data)
    assert [r.work for r in sections.related_work] == [
        "LocalRF", "Reward Feedback Learning (ReFL)", "NeRF"]
    assert sections.related_work[0].challenge == "challenge 0"


def test_list_items_deduped_and_stripped() -> None:
    data = answer()
    data["experiments"] = {**data["experiments"],
                           "baselines": [" FLUX Fill [Pro] ", "Flux Fill [pro]", "BM25", "bm25."]}
    sections = parse_sections(data)
    assert sections.experiments.baselines == ("FLUX Fill [Pro]", "BM25")


def test_control_characters_and_surrogates_removed() -> None:
    dirty = "Gaps\x00 remain\x1b[31m red\x1b[0m \ud83d\u202e here\n now"
    raw = json.dumps(answer(motivation=dirty))
    sections = parse_sections(raw)
    assert sections.motivation == "Gaps remain red here now"
    sections.motivation.encode("utf-8")  # no lone surrogate survives


def test_wrong_types_are_dropped_or_coerced() -> None:
    data = answer(task="One task as a string", motivation=["two", "parts"], core_idea=42)
    data["method"] = "not an object"
    data["related_work"] = ["BM25: keyword only", {"work": 3, "challenge": "x"}]
    data["extra_key"] = "ignored"
    sections = parse_sections(data)
    assert sections.task == ("One task as a string",)
    assert sections.motivation == "two parts"
    assert sections.core_idea == ()
    assert sections.method.pipeline == ""
    assert sections.related_work == ()


def test_fenced_or_reasoned_answer_is_read() -> None:
    raw = "<think>Let me see.</think>\n```json\n" + json.dumps(VALID_SECTIONS) + "\n```"
    assert parse_sections(raw).task == tuple(VALID_SECTIONS["task"])
    prose = "Here is the summary:\n" + json.dumps(VALID_SECTIONS) + "\nHope it helps."
    assert parse_sections(prose).experiments.baselines == ("BM25", "ORQA")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("Sure, the paper is about retrieval.", "not valid JSON"),
        (json.dumps(VALID_SECTIONS)[:200], "not valid JSON"),
        ("[1, 2]", "not an object"),
        (json.dumps({"task": ["x"]}), "lacks motivation"),
    ],
)
def test_invalid_answers_raise_typed_error(raw: str, reason: str) -> None:
    with pytest.raises(InvalidSummaryError, match=reason) as caught:
        parse_sections(raw)
    assert isinstance(caught.value, SummaryError)
    assert "\n" not in str(caught.value)


def test_all_filler_answer_is_invalid() -> None:
    empty = {key: "N/A" for key in SUMMARY_SCHEMA["properties"]}
    with pytest.raises(InvalidSummaryError, match="no content"):
        parse_sections(empty)


def test_long_fields_and_lists_are_capped() -> None:
    data = answer(motivation="word " * 2000, task=[f"task {i}" for i in range(50)])
    sections = parse_sections(data)
    assert len(sections.motivation) <= 2000
    assert len(sections.task) == 20
