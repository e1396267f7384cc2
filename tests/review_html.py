"""Reading the review pages back: every element that carries data-start/data-end, with its text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Element:
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return "".join(self.text)


class SpanCollector(HTMLParser):
    """Collects the <span>s inside #source with data-start, and their text content (unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[Element | None] = []
        self.found: list[Element] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
        if tag != "span":
            return
        values = {k: v or "" for k, v in attrs}
        element = Element(values) if "data-start" in values else None
        if element:
            self.found.append(element)
        self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "span" and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        for element in self.open:
            if element is not None:
                element.text.append(data)


def marked(page: Path) -> SpanCollector:
    parser = SpanCollector()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def result(out: Path, name: str) -> dict:
    return json.loads((out / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
