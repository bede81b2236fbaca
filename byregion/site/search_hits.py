"""What a search finds, as both search paths (PostgreSQL and the fallback) return it, and snippets
that mark the hits and escape everything else."""

import html
import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from byregion.richtext import plain_text

MAX_QUERY_LENGTH = 200
# The most relevant hits are shown; one more is fetched to know whether there were others.
MAX_REGIONS = 20
MAX_RESULTS = 20
SNIPPET_CHARS = 220
# Markers put around hits (by ts_headline or cut_snippet); they cannot survive the sanitiser, so
# they never come from content. Everything else is escaped before they become <mark> tags.
START, STOP = "\x02", "\x03"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)


@dataclass
class Hit:
    """One thing found, as its hit shows it: a region or a result, its snippet (safe HTML with
    <mark>) and a relevance score."""

    pk: int
    title: str
    url: str
    language: str
    snippet: str
    rank: float
    # A result's region; a region's goals that were found.
    region_name: str = ""
    goal_numbers: list = field(default_factory=list)


def region_url(slug):
    return reverse("regions:region_detail", kwargs={"slug": slug})


def result_url(region_slug, slug):
    return reverse("cases:result_detail", kwargs={"region_slug": region_slug, "slug": slug})


def region_hit(row, snippet, rank, prefix="", goal=None):
    """A region's hit from a values() row (its fields under `prefix`, e.g. «region__» in a
    goal's row; then `goal` is the goal's number)."""
    return Hit(
        pk=row[f"{prefix}id" if prefix else "pk"],
        title=row[f"{prefix}name"],
        url=region_url(row[f"{prefix}slug"]),
        language=row[f"{prefix}language"],
        snippet=snippet,
        rank=rank,
        goal_numbers=[] if goal is None else [goal],
    )


def result_hit(row, snippet, rank):
    """A result's hit from a values() row."""
    return Hit(
        pk=row["pk"],
        title=row["title"],
        url=result_url(row["region__slug"], row["slug"]),
        language=row["language"],
        snippet=snippet,
        rank=rank,
        region_name=row["region__name"],
    )


# What a hit reads from the database, in values() form.
REGION_FIELDS = ("pk", "name", "slug", "language")
GOAL_FIELDS = ("number", "region__id", "region__name", "region__slug", "region__language")
RESULT_FIELDS = ("pk", "slug", "title", "language", "region__slug", "region__name")


def mark_snippet(text, *, entities=True):
    """Escape a headline and turn only the START/STOP markers into <mark> elements.

    With `entities`, the text still holds the HTML entities of stored rich text; they are undone
    first so that they are escaped exactly once on the way out.
    """

    def plain(piece):
        piece = piece.replace(START, "").replace(STOP, "")
        return escape(html.unescape(piece) if entities else piece)

    pieces = []
    position = 0
    for match in _MARKED.finditer(text):
        pieces.append(plain(text[position : match.start()]))
        pieces.append(f"<mark>{plain(match.group(1))}</mark>")
        position = match.end()
    pieces.append(plain(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def word_beginnings(words):
    """Return a pattern that finds each of `words` where a word begins, never inside one."""
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE
    )


def cut_snippet(text, words, length=SNIPPET_CHARS):
    """Return safe HTML: a window of plain `text` around the first hit, every hit in <mark>.

    A hit is a word of `words` at the beginning of a word of `text`, as the fallback search finds
    them: «tre» is marked in «Trenettverket», not in «Ytre».
    """
    pattern = word_beginnings(words)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    marked = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window)
    return mark_snippet(
        ("… " if start else "") + marked + (" …" if end < len(text) else ""), entities=False
    )


def text_of(rich_text):
    """Rich text as the plain words a snippet shows (a break between blocks, entities undone)."""
    return html.unescape(plain_text(rich_text))
