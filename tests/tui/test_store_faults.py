"""The reader and a store in trouble, never a traceback: a refused write (read-only, full) is
one notification, kept on screen, retried with the next change and said at quit; a damaged
file is a notification naming it and how many records were recovered."""

from __future__ import annotations

from conftest import open_app, settle
from unwritable import unwritable

from core.config import Settings

SIZE = (120, 40)


def messages(app: object) -> list[str]:
    """Every notification shown so far."""
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]  # noqa: SLF001


async def test_a_refused_star_stays_on_screen_and_is_saved_with_the_next_change(
    demo_settings: Settings,
) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        wanted = {}  # paper -> starred, as the key press leaves it (the demo stars a few)
        with unwritable(demo_settings.store_dir):
            for _ in range(2):
                wanted[screen.paper.id] = not screen.state.starred
                await pilot.press("s")
                await settle(pilot)
                await pilot.press("j")
                await settle(pilot)
            assert app.is_running
            assert all(screen.data.state(p).starred == w for p, w in wanted.items())
            refused = [m for m in messages(app) if m.startswith("Not saved: ")]
            assert len(refused) == 1 and "cannot write" in refused[0]
            screen.mutate_reactive(type(screen).day)  # the day read again from the store
            await settle(pilot)
            assert all(screen.data.state(p).starred == w for p, w in wanted.items())
        wanted[screen.paper.id] = not screen.state.starred
        await pilot.press("s")
        await settle(pilot)
        assert "Saved now: 2 changes the store had refused before." in messages(app)
    assert app.unsaved.lines() == []
    assert all(services.store.get_state(p).starred == w for p, w in wanted.items())
    services.close()


async def test_what_was_never_saved_is_said_at_quit(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    with unwritable(demo_settings.store_dir):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            paper = app.screen.paper.id
            starred = not app.screen.state.starred
            await pilot.press("s")
            await settle(pilot)
            await pilot.press("q")
        app.unsaved.flush(services.store)  # as `papertray` does on the way out
        lines = app.unsaved.lines()
    assert lines[0].startswith(f"not saved: {paper}: ")
    assert ("not starred" not in lines[0]) == starred
    assert lines[1].startswith("not saved because: cannot write ")
    assert services.store.get_state(paper).starred != starred
    services.close()


async def test_a_damaged_month_is_a_notification_naming_it_and_what_was_recovered(
    demo_settings: Settings,
) -> None:
    shard = max(demo_settings.store_dir.glob("papers-*.json"),
                key=lambda path: path.stat().st_size)
    raw = shard.read_bytes()
    shard.write_bytes(raw[: len(raw) // 2])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [line] = [m for m in messages(app) if "was damaged" in m]
        assert line.startswith(f"{shard.name} was damaged (not whole JSON")
        assert " records recovered; the damaged file is kept as " in line
        assert app.is_running
    services.close()
