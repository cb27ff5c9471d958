"""The topics of the day, each with its unread and total counts (and hidden ones)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets.option_list import Option

from core.reader.listing import TopicCount
from tui.text import plain
from tui.widgets.keyed_list import KeyedList


def topic_prompt(count: TopicCount) -> Content:
    """`name  3/12`, `name  0/0 · 2 hidden`: bold while something is unread."""
    style = "bold" if count.unread else ""
    counts = f"{count.unread}/{count.total}" + (f" · {count.hidden} hidden" if count.hidden else "")
    return Content.assemble(plain(count.name, style), "  ", (counts, "dim"))


class TopicList(KeyedList):
    """Topics of the day; highlighting one posts OptionList.OptionHighlighted (id = topic name)."""

    def show(self, counts: list[TopicCount], selected: str | None) -> None:
        """Replace the topics, keeping `selected` highlighted."""
        names = [c.name for c in counts]
        if names == [o.id for o in self.options]:
            for count in counts:
                self.replace_option_prompt(count.name, topic_prompt(count))
            return
        self.set_options(Option(topic_prompt(c), id=c.name) for c in counts)
        if selected in names:
            self.highlighted = names.index(selected)

    def highlight_topic(self, name: str | None) -> None:
        """Move the highlight to a topic chosen elsewhere (e.g. from the palette)."""
        names = [o.id for o in self.options]
        if name in names:
            self.highlighted = names.index(name)
