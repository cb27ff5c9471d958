"""The records made after start-up: six-section summaries, the fetch log and a PDF's text.

Kept apart from core.models (papers, triage state) so that opening the reader does not
define them: it needs them only once a summary is shown or a fetch runs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class RelatedWork:
    """A prior work and the challenge it leaves open."""

    work: str
    challenge: str


@dataclass(frozen=True)
class Method:
    """Section 4."""

    pipeline: str = ""
    architecture: str = ""
    """Architecture / Loss / Training."""
    complexity: str = ""
    """Complexity / Resources."""


@dataclass(frozen=True)
class Experiments:
    """Section 5."""

    datasets: str = ""
    """Datasets & Metrics."""
    baselines: tuple[str, ...] = ()
    main_results: str = ""
    ablations: str = ""
    limitations: str = ""
    """Limitations / Stress Tests."""


@dataclass(frozen=True)
class Takeaways:
    """Section 6."""

    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    future_work: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sections:
    """The six sections of a summary. Empty strings and tuples mean "nothing to say"."""

    task: tuple[str, ...] = ()
    """1. Task / Problem, as bullets."""
    motivation: str = ""
    """2. Motivation & Gaps, the paragraph."""
    related_work: tuple[RelatedWork, ...] = ()
    """2. Motivation & Gaps, the related-work challenges."""
    core_idea: tuple[str, ...] = ()
    """3. Core Idea, as bullets."""
    method: Method = field(default_factory=Method)
    experiments: Experiments = field(default_factory=Experiments)
    takeaways: Takeaways = field(default_factory=Takeaways)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data: dict[str, Any] = _listify(asdict(self))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sections:
        """The inverse of `to_dict`; missing keys are empty."""
        method = data.get("method") or {}
        experiments = data.get("experiments") or {}
        takeaways = data.get("takeaways") or {}
        return cls(
            task=tuple(data.get("task", ())),
            motivation=data.get("motivation", ""),
            related_work=tuple(
                RelatedWork(item["work"], item["challenge"])
                for item in data.get("related_work", ())
            ),
            core_idea=tuple(data.get("core_idea", ())),
            method=Method(**method),
            experiments=Experiments(
                **{**experiments, "baselines": tuple(experiments.get("baselines", ()))}
            ),
            takeaways=Takeaways(**{k: tuple(v) for k, v in takeaways.items()}),
        )

    def is_empty(self) -> bool:
        """True when every section is empty."""
        return self == Sections()


@dataclass(frozen=True)
class Summary:
    """A stored summary of one version of one paper, with where it came from."""

    paper_id: str
    version: int
    sections: Sections
    summarizer: str
    """`offline` (extractive), `llm`, or `imported`."""
    model: str = ""
    """The LLM's model name; empty for offline and imported summaries."""
    prompt_version: str = ""
    source: str = "pdf"
    """What was read: `pdf`, `abstract` (the PDF could not be had), or `digest` (imported)."""
    note: str = ""
    """Why the source is what it is, e.g. "PDF unavailable (HTTP 404); from the abstract"."""
    language: str = "English"
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    created: datetime | None = None

    @property
    def key(self) -> str:
        """Identity in the store: id, version, summarizer or model, prompt version."""
        made_by = self.model or self.summarizer
        return f"{self.paper_id}v{self.version}|{made_by}|{self.prompt_version}"

    @property
    def provenance(self) -> str:
        """One line saying how this summary was made, for the UI and exports."""
        if self.summarizer == "offline":
            made = "offline extractive summary (sentences quoted from the paper)"
        elif self.summarizer == "imported":
            made = "imported from an earlier digest"
        else:
            made = f"summarized by {self.model or 'an LLM'}"
        sources = {"pdf": "from the full PDF", "abstract": "from the abstract only"}
        source = sources.get(self.source, "")
        parts = [made, source, self.note]
        return "; ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["sections"] = self.sections.to_dict()
        data["created"] = self.created.isoformat() if self.created else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        """The inverse of `to_dict`."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["sections"] = Sections.from_dict(values.get("sections") or {})
        if values.get("created"):
            values["created"] = datetime.fromisoformat(values["created"])
        return cls(**values)

    def with_(self, **changes: Any) -> Summary:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class FetchRecord:
    """One run of `fetch`, kept so the next run knows where to start."""

    started: datetime
    finished: datetime
    day: date
    ok: bool
    """True when every query answered (a partly failed fetch does not move the window)."""
    queries: int = 0
    new_papers: int = 0
    seen_papers: int = 0
    failed_queries: int = 0
    window_start: datetime | None = None


def _listify(value: Any) -> Any:
    """Tuples to lists, recursively, for JSON."""
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_listify(v) for v in value]
    return value


@dataclass(frozen=True)
class PaperText:
    """What was read from a paper's PDF, cleaned and cut into its main sections."""

    sections: dict[str, str]
    """Known keys, in reading order where present: abstract, introduction, related_work,
    method, experiments, results, discussion, conclusion, limitations, other."""
    full_text: str
    """All text before the references, cleaned (hyphenation joined, no control characters)."""
    pages: int = 0
