"""The summarizer that needs no LLM: extractive, deterministic, every line quoted from the paper."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from core.models import Paper
from core.pdf.clean import strip_unsafe
from core.records import Experiments, Method, PaperText, Sections, Summary, Takeaways
from core.summaries.prior_work import related_work_pairs
from core.summaries.sentences import Sentence, paper_sentences

PROMPT_VERSION = "extractive-1"
"""Bumped when the choice of sentences changes, so old summaries are told apart."""
BODY = ("introduction", "related_work", "method", "experiments", "results", "discussion",
        "conclusion", "limitations")


def _cues(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """How one summary field is filled: cue phrases, where to look (best first), how many."""

    cues: re.Pattern[str]
    sections: tuple[str, ...]
    count: int = 1
    fallback: bool = False
    """Take the first sentence of the first section when no sentence has a cue."""
    lead: bool = False
    """Always take the first sentence of the first section (a paper's opening states its task)."""


_DATASETS_METRICS = (
    r"datasets?\b", r"benchmarks?\b", r"corpus", r"corpora", r"accuracy", r"F1\b", r"BLEU",
    r"ROUGE", r"top-\d", r"exact match", r"PSNR", r"SSIM", r"LPIPS", r"FID\b", r"AUC\b",
    r"AUROC", r"mAP\b", r"precision", r"recall", r"perplexity", r"metrics?\b",
    r"evaluated? (?:it |them |our \w+ )?on", r"ImageNet", r"COCO", r"SQuAD", r"GLUE", r"MNIST",
    r"CIFAR", r"Natural Questions", r"TriviaQA", r"GSM8K", r"WikiText", r"KITTI", r"ScanNet",
)
FIELDS: dict[str, Field] = {
    "task": Field(_cues(r"we (?:study|address|tackle|consider|investigate|focus on|explore)",
                        r"the (?:problem|task) of", r"aims? to", r"goal (?:is|of)",
                        r"this (?:paper|work) (?:studies|addresses|investigates|explores|tackles)",
                        r"is a task"),
                  ("abstract", "introduction"), 2, lead=True),
    "core_idea": Field(_cues(r"we (?:propose|introduce|present|develop|design|show)",
                             r"our (?:approach|method|model|framework|key|main|insight)",
                             r"key (?:idea|insight)", r"in this (?:paper|work), we"),
                       ("abstract", "introduction", "method", "conclusion"), 3),
    "motivation": Field(_cues(r"however", r"challeng", r"remains?\b", r"difficult", r"limited",
                              r"suffer", r"lack", r"expensive", r"costly", r"existing",
                              r"fails?\b", r"bottleneck", r"\bgap\b", r"unclear", r"prohibitive",
                              r"struggle", r"not (?:yet|well)", r"open problem"),
                        ("introduction", "abstract", "related_work"), 2),
    "pipeline": Field(_cues(r"consists? of", r"first\b", r"then\b", r"pipeline", r"stages?\b",
                            r"steps?\b", r"modules?\b", r"takes as input", r"given an?",
                            r"we (?:use|adopt|build|train|employ)", r"framework", r"two-step"),
                      ("method",), 2, fallback=True),
    "architecture": Field(_cues(r"loss", r"objective", r"train(?:ed|ing)?\b", r"architecture",
                                r"layers?\b", r"encoders?\b", r"decoders?\b", r"optimi[sz]",
                                r"fine-?tun", r"network", r"attention", r"transformer"),
                          ("method", "experiments"), 2),
    "complexity": Field(_cues(r"GPUs?\b", r"TPUs?\b", r"hours?\b", r"parameters\b", r"memory",
                              r"complexity", r"FLOPs", r"runtime", r"latency", r"seconds",
                              r"faster", r"O\(", r"computational cost", r"\d+\s?[MB] param"),
                        ("method", "experiments", "results", "discussion"), 2),
    "datasets": Field(_cues(*_DATASETS_METRICS),
                      ("experiments", "results", "method", "abstract"), 2),
    "baselines": Field(_cues(r"baselines?\b", r"compared? (?:with|to|against)",
                             r"comparison (?:with|to|against)", r"competing", r"prior methods"),
                       ("experiments", "results", "discussion"), 2),
    "main_results": Field(_cues(r"outperform", r"improv", r"achiev", r"state-of-the-art",
                                r"\d+(?:\.\d+)?\s?%", r"gains?\b", r"better than", r"surpass",
                                r"significantly", r"best\b"),
                          ("results", "experiments", "abstract", "conclusion"), 2),
    "ablations": Field(_cues(r"ablat", r"without (?:the|our|any)", r"w/o", r"remov(?:e|ing)",
                             r"contribut", r"effect of", r"impact of", r"variants?\b"),
                       ("results", "experiments", "discussion"), 2),
    "stress": Field(_cues(r"limitations?\b", r"fails?\b", r"does not", r"do not", r"cannot",
                          r"sensitiv", r"robust", r"perturb", r"stress", r"worse", r"drops?\b",
                          r"degrad"),
                    ("limitations", "discussion", "results", "experiments"), 2),
    "future_work": Field(_cues(r"future (?:work|research|directions?|studies)", r"we plan",
                               r"we hope", r"could be extended", r"remains? (?:an )?open",
                               r"further (?:work|research|investigation)", r"in the future",
                               r"interesting direction", r"would (?:also )?be interesting"),
                         ("conclusion", "limitations", "discussion"), 2),
    "cons": Field(_cues(r"limitations?\b", r"however", r"(?<!not )only\b", r"requires?\b",
                        r"expensive",
                        r"costly", r"cannot", r"does not", r"restricted", r"drawbacks?\b",
                        r"weakness"),
                  ("limitations", "conclusion", "discussion"), 2),
    "pros": Field(_cues(r"outperform", r"effective", r"efficient", r"simple", r"robust",
                        r"state-of-the-art", r"demonstrate", r"show that", r"significant"),
                  ("conclusion", "abstract", "results"), 2),
}
"""Filled in this order; a sentence used by one field is not used again."""


class OfflineSummarizer:
    """Fills the six sections with sentences chosen by position and cue phrases."""

    name = "offline"

    def summarize(self, paper: Paper, text: PaperText | None, progress: object = None,
                  should_stop: object = None) -> Summary:
        """Summarize from the PDF text when given, else from the abstract alone (`progress` and
        `should_stop` are for LLM calls; this takes well under a second)."""
        started = time.perf_counter()
        sections = _source_sections(paper, text)
        sentences = list(paper_sentences(sections))
        chosen = extract_sections(sentences)
        from_pdf = text is not None and any(
            s.section != "abstract" or "abstract" in text.sections for s in sentences
        )
        return Summary(
            paper_id=paper.id,
            version=paper.version,
            sections=chosen,
            summarizer="offline",
            prompt_version=PROMPT_VERSION,
            source="pdf" if from_pdf else "abstract",
            note="" if from_pdf else "no PDF text; from the abstract",
            seconds=round(time.perf_counter() - started, 3),
            created=datetime.now(UTC),
        )


def _source_sections(paper: Paper, text: PaperText | None) -> dict[str, str]:
    """The sections to quote from; the arXiv abstract stands in for a missing one."""
    sections = dict(text.sections) if text else {}
    if not any(key in sections for key in ("abstract", *BODY)) and text and text.full_text:
        sections["introduction"] = text.full_text  # no headings found: treat it all as body
    if "abstract" not in sections and paper.abstract.strip():
        sections = {"abstract": strip_unsafe(" ".join(paper.abstract.split())), **sections}
    sections.pop("other", None)
    return sections


def extract_sections(sentences: Sequence[Sentence]) -> Sections:
    """Choose the sentences for every field (pure and deterministic)."""
    used: set[str] = set()
    picked = {name: _pick(sentences, spec, used) for name, spec in FIELDS.items()}
    related = related_work_pairs(
        (s for key in ("related_work", "introduction") for s in sentences if s.section == key),
        used,
    )
    return Sections(
        task=picked["task"],
        motivation=" ".join(picked["motivation"]),
        related_work=related,
        core_idea=picked["core_idea"],
        method=Method(
            pipeline=" ".join(picked["pipeline"]),
            architecture=" ".join(picked["architecture"]),
            complexity=" ".join(picked["complexity"]),
        ),
        experiments=Experiments(
            datasets=" ".join(picked["datasets"]),
            baselines=picked["baselines"],
            main_results=" ".join(picked["main_results"]),
            ablations=" ".join(picked["ablations"]),
            limitations=" ".join(picked["stress"]),
        ),
        takeaways=Takeaways(
            pros=picked["pros"], cons=picked["cons"], future_work=picked["future_work"]
        ),
    )


def _pick(sentences: Sequence[Sentence], spec: Field, used: set[str]) -> tuple[str, ...]:
    """The best `spec.count` unused sentences, in the paper's order."""
    scored: list[tuple[float, int, Sentence]] = []
    first = next((s for s in sentences if s.section == spec.sections[0] and s.text not in used),
                 None)
    if spec.lead and first:
        scored.append((float("-inf"), sentences.index(first), first))
    for order, sentence in enumerate(sentences):
        if spec.lead and sentence is first:
            continue
        if sentence.section not in spec.sections or sentence.text in used:
            continue
        hits = len({m.group(0).lower() for m in spec.cues.finditer(sentence.text)})
        if hits:
            scored.append((-_score(sentence, spec, hits), order, sentence))
    if not scored and spec.fallback and first:
        scored = [(0.0, sentences.index(first), first)]
    best = sorted(scored)[: spec.count]
    used.update(s.text for _, _, s in best)
    return tuple(s.text for _, _, s in sorted(best, key=lambda item: item[1]))


def _score(sentence: Sentence, spec: Field, hits: int) -> float:
    """Cue phrases count most, then the section's rank, then being early in it."""
    rank = spec.sections.index(sentence.section)
    return 10.0 * min(hits, 3) + 4.0 * (len(spec.sections) - rank) + 3.0 / (1 + sentence.index)
