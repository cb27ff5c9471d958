"""Sections <-> the digest's `### 1.` ... `### 6.` block, in the reference form."""

from __future__ import annotations

import random

from export_samples import full_sections

from core.digest.sections_parse import parse_sections, split_baselines, split_sentences
from core.digest.sections_render import render_sections
from core.records import Experiments, Method, RelatedWork, Sections, Takeaways

REFERENCE_FORM = """\
### 1. Task / Problem
- Multi-Task Image Generation

### 2. Motivation & Gaps
- The paper addresses the need for improved reward computation.

- **Related work challenges:**
  - Direct Preference Optimization (DPO): Inherently assumes a preference order.
  - Direct preference optimization: Your language model is a reward model: Static\\: rewards.

### 3. Core Idea
- A dynamic reward computation framework.

### 4. Method
- **Pipeline**: Initialize, sample, generate, update.
- **Architecture / Loss / Training**: A reference diffusion model and a policy model.
- **Complexity / Resources**: Multi-task datasets.

### 5. Experiments
- **Datasets & Metrics**: Multi-task image-condition datasets.
- **Baselines**:
  - Adobe Photoshop
  - FLUX Fill \\[Pro\\]
- **Main Results**: Improves over static baselines.
- **Ablations**: The dynamic reward matters.
- **Limitations / Stress Tests**: Depends on feedback quality.

### 6. Takeaways
- **Pros**:
  - Consistent superior performance across diverse tasks.
  - Unified framework simplifies the training process.
- **Cons**:
  - May struggle with distinct evaluation criteria.
- **Future Work**:
  - Explore further enhancements in multi-task learning."""

REFERENCE_SECTIONS = Sections(
    task=("Multi-Task Image Generation",),
    motivation="The paper addresses the need for improved reward computation.",
    related_work=(
        RelatedWork("Direct Preference Optimization (DPO)",
                    "Inherently assumes a preference order."),
        RelatedWork("Direct preference optimization: Your language model is a reward model",
                    "Static: rewards."),
    ),
    core_idea=("A dynamic reward computation framework.",),
    method=Method("Initialize, sample, generate, update.",
                  "A reference diffusion model and a policy model.", "Multi-task datasets."),
    experiments=Experiments("Multi-task image-condition datasets.",
                            ("Adobe Photoshop", "FLUX Fill [Pro]"),
                            "Improves over static baselines.", "The dynamic reward matters.",
                            "Depends on feedback quality."),
    takeaways=Takeaways(
        ("Consistent superior performance across diverse tasks.",
         "Unified framework simplifies the training process."),
        ("May struggle with distinct evaluation criteria.",),
        ("Explore further enhancements in multi-task learning.",),
    ),
)


def test_renders_the_reference_form_with_real_nested_lists() -> None:
    assert render_sections(REFERENCE_SECTIONS) == REFERENCE_FORM


def test_parses_its_own_form_back() -> None:
    sections, warnings = parse_sections(REFERENCE_FORM.splitlines())
    assert sections == REFERENCE_SECTIONS
    assert warnings == []


def test_empty_stays_empty_never_na() -> None:
    assert render_sections(Sections()) == ""
    partial = Sections(task=("Only a task",), method=Method(pipeline="Only a pipeline"),
                       related_work=(RelatedWork("", ""),))
    text = render_sections(partial)
    assert text == ("### 1. Task / Problem\n- Only a task\n\n"
                    "### 4. Method\n- **Pipeline**: Only a pipeline")
    assert "N/A" not in text


def test_round_trip_of_hostile_and_partial_sections() -> None:
    for sections in (full_sections("x"), REFERENCE_SECTIONS, Sections(core_idea=("Just this",))):
        parsed, warnings = parse_sections(render_sections(sections).splitlines())
        assert parsed == sections
        assert warnings == []


def test_round_trip_of_random_texts() -> None:
    rng = random.Random(7)
    pieces = [*"ab :#>-*_`[]<>&\\.,", ": ", "N/A ", "**", "- ", "1. ", "</details>"]

    def text() -> str:
        return " ".join("".join(rng.choice(pieces) for _ in range(6)).split())

    for _ in range(300):
        sections = Sections(
            task=(text(),), motivation=text(), related_work=(RelatedWork(text(), text()),),
            core_idea=(text(),), method=Method(text(), text(), text()),
            experiments=Experiments(text(), (text(), text()), text(), text(), text()),
            takeaways=Takeaways((text(),), (text(),), (text(),)),
        )
        parsed, warnings = parse_sections(render_sections(sections).splitlines())
        assert parsed == _without_filler(sections)
        assert warnings == []


def _filler(text: str) -> str:
    return "" if text.lower() in {"", "n/a", "n/a.", "na", "none", "none.", "-"} else text


def _items(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(item for item in map(_filler, items) if item)


def _without_filler(s: Sections) -> Sections:
    """What an import keeps of `s`: `N/A` and the like are "nothing to say"."""
    works = (RelatedWork(_filler(w.work), _filler(w.challenge)) for w in s.related_work)
    e, t = s.experiments, s.takeaways
    return Sections(
        _items(s.task), _filler(s.motivation), tuple(w for w in works if w.work or w.challenge),
        _items(s.core_idea), Method(*map(_filler, (s.method.pipeline, s.method.architecture,
                                                   s.method.complexity))),
        Experiments(_filler(e.datasets), _items(e.baselines), _filler(e.main_results),
                    _filler(e.ablations), _filler(e.limitations)),
        Takeaways(_items(t.pros), _items(t.cons), _items(t.future_work)),
    )


def test_old_tool_output_is_cleaned_up() -> None:
    lines = """\
### 2. Motivation & Gaps
- Why.

- **Related work challenges:**
  - N/A: N/A
  - Song et al. 2021: N/A
  - N/A: Unclear physical sense.
  - Bivdiff: A training-free framework: N/A

### 4. Method
- **Pipeline**: Steps.
- **Architecture / Loss / Training**: N/A

### 5. Experiments
- **Baselines**: Critical Point, Directed Percolation (DP), N/A, mutual learning
- **Ablations**: N/A

### 6. Takeaways
- **Pros**: Improved robustness., Effective use of tasks (Smith et al., 2020)., Good.
- **Cons**: One thing only.
- **Future Work**: Explore more.""".splitlines()
    sections, warnings = parse_sections(lines)
    assert warnings == []
    assert sections.related_work == (
        RelatedWork("Song et al. 2021", ""),
        RelatedWork("", "Unclear physical sense."),
        RelatedWork("Bivdiff: A training-free framework", ""),
    )
    assert sections.method == Method(pipeline="Steps.")
    assert sections.experiments.baselines == ("Critical Point", "Directed Percolation (DP)",
                                              "mutual learning")
    assert sections.experiments.ablations == ""
    assert sections.takeaways.pros == ("Improved robustness.",
                                       "Effective use of tasks (Smith et al., 2020).", "Good.")
    assert sections.takeaways.cons == ("One thing only.",)


def test_joined_lists_are_split_only_where_clear() -> None:
    assert split_sentences("A one., B two.") == ["A one.", "B two."]
    cited = "Shown by Li et al., Nature, 2020."
    assert split_sentences(cited) == [cited]
    assert split_sentences("Works well., but no period") == ["Works well., but no period"]
    assert split_baselines("ADD, APT (Lin, 2025a), DMD2") == ["ADD", "APT (Lin, 2025a)", "DMD2"]
    # Not in the old tool's sorted order: a name held a comma, so it is left whole.
    assert split_baselines("Smith, Jones, Adams") == ["Smith, Jones, Adams"]


def test_unknown_field_is_reported_not_guessed() -> None:
    lines = ["### 4. Method", "- **Mystery**: what", "- **Pipeline**: ok"]
    sections, warnings = parse_sections(lines)
    assert sections.method == Method(pipeline="ok")
    assert warnings == [(1, "section 4: unknown field 'Mystery' dropped")]
