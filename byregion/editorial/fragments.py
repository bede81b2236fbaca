"""What the checks read in a rich-text fragment: its headings, its links and its blocks of text.

Pure: HTML in, plain data out, no database. The fragment is sanitised rich text
(byregion/richtext.py), so only p, br, h2–h4, lists, blockquote, strong, em and a occur.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements whose end ends a block of text (and so a sentence).
BLOCKS = {"p", "li", "blockquote", "ul", "ol", "div", *HEADINGS}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass
class Fragment:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # The text of each block (paragraph, list item, heading), whitespace collapsed.
    blocks: list[str] = field(default_factory=list)


def _squash(text):
    return " ".join(text.split())


class _FragmentParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fragment = Fragment()
        self._block = []
        self._heading = None
        self._link = None

    def _end_block(self):
        text = _squash("".join(self._block))
        if text:
            self.fragment.blocks.append(text)
        self._block = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS or tag == "br":
            self._end_block()
        if tag in HEADINGS:
            self._heading = (HEADINGS[tag], [])
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in HEADINGS and self._heading:
            level, parts = self._heading
            self.fragment.headings.append(Heading(level, _squash("".join(parts))))
            self._heading = None
        elif tag == "a" and self._link:
            href, parts = self._link
            self.fragment.links.append(Link(href.strip(), _squash("".join(parts))))
            self._link = None
        if tag in BLOCKS:
            self._end_block()

    def handle_data(self, data):
        self._block.append(data)
        if self._heading:
            self._heading[1].append(data)
        if self._link:
            self._link[1].append(data)

    def close(self):
        super().close()
        self._end_block()


def parse_fragment(html):
    """Return the headings, links and text blocks of an HTML fragment, in document order."""
    parser = _FragmentParser()
    parser.feed(html or "")
    parser.close()
    return parser.fragment
