"""The reader's ranking under Pilot: "For you" first, score marks, the reason, the sort key."""

from __future__ import annotations

from datetime import date

from conftest import DAY, add_day, open_app, settle

from core.config import Settings
from core.models import Paper
from core.rank.ranker import MODEL_FILE, rank_dir
from core.reader.listing import FOR_YOU
from tui.widgets.paper_list import PaperList
from tui.widgets.topic_list import TopicList

SIZE = (120, 40)


def _published(screen: object, ids: list[str]) -> list[float]:
    papers = screen.data.papers  # type: ignore[attr-defined]
    return [papers[i].published.timestamp() for i in ids]


async def test_for_you_tops_the_topics_and_lists_the_best_across_them(
        demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the demo's stars train the model in the background
        screen = app.screen
        assert (rank_dir(demo_settings.store_dir) / MODEL_FILE).exists()
        topics = screen.query_one(TopicList)
        assert topics.options[0].id == FOR_YOU and screen.topic != FOR_YOU
        screen.topic = FOR_YOU
        await settle(pilot)
        ids = screen.query_one(PaperList).ids
        scores = [screen.data.scores[i] for i in ids]
        assert ids and scores == sorted(scores, reverse=True)
        assert all(screen.data.glyphs[i] in " ▂▄▆█" for i in ids)
        reasons = [screen.data.reasons.get(i, "") for i in ids]
        assert any(r.startswith("like: ") for r in reasons)
        with_reason = next(i for i in ids if screen.data.reasons.get(i))
        screen.show_paper(with_reason)
        await pilot.pause()
        assert screen.reason.startswith("like: ")
        assert screen.reason in str(screen.query_one("#meta").render())
    services.close()


async def test_t_toggles_newest_first_and_the_choice_is_kept(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        ids = screen.query_one(PaperList).ids
        assert _published(screen, ids) == sorted(_published(screen, ids), reverse=True)
        await pilot.press("q")
    services.close()
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.sort == "date"
        ids = screen.query_one(PaperList).ids
        assert _published(screen, ids) == sorted(_published(screen, ids), reverse=True)
        await pilot.press("t")
        await settle(pilot)
        scores = [screen.data.scores[i] for i in screen.query_one(PaperList).ids]
        assert scores == sorted(scores, reverse=True)  # best first again, by the saved ranking
    services.close()


async def test_a_star_retrains_the_ranking_without_moving_the_list(
        demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        model = rank_dir(demo_settings.store_dir) / MODEL_FILE
        trained = model.stat().st_mtime_ns
        before = screen.query_one(PaperList).ids
        await pilot.press("j", "s")
        await settle(pilot)
        assert model.stat().st_mtime_ns != trained
        assert screen.query_one(PaperList).ids == before
    services.close()


def _llm_papers() -> list[Paper]:
    """Listed weakest first: no keyword, one mention in the abstract, title and abstract."""
    return [Paper("2604.90001", 1, "Sorting networks revisited", abstract="Comparators."),
            Paper("2604.90002", 1, "A study of code review", abstract="We ask an LLM."),
            Paper("2604.90003", 1, "Large language model agents",
                  abstract="An LLM agent, and a large language model judge.")]


async def test_a_day_never_ranked_opens_best_first_by_its_topics_keywords(
        demo_settings: Settings) -> None:
    later = date(2026, 4, 11)
    add_day(demo_settings, later, "large language models", _llm_papers())
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.day == later
        # Before any worker ran: no model was on disk, so the keywords ranked the first frame.
        assert screen.query_one(PaperList).ids == ["2604.90003", "2604.90002", "2604.90001"]
        await settle(pilot)
        assert screen.query_one(PaperList).ids[0] == "2604.90003"
    services.close()


async def test_a_day_never_ranked_is_ranked_when_it_is_shown(demo_settings: Settings) -> None:
    add_day(demo_settings, DAY.replace(day=9), "large language models", _llm_papers())
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the demo's stars train a model
        assert (rank_dir(demo_settings.store_dir) / MODEL_FILE).exists()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        screen = app.screen
        assert screen.day == DAY.replace(day=9)
        ids = screen.query_one(PaperList).ids
        scores = [screen.data.scores[i] for i in ids]
        assert len(ids) == 3 and scores == sorted(scores, reverse=True)
    services.close()
