"""Template helpers for the public pages: content language and responsive images."""

import html

from django import template
from django.utils import translation
from django.utils.html import format_html

from byregion.richtext import plain_text, shift_headings

register = template.Library()


@register.simple_tag
def content_lang(language):
    """Return a lang attribute for content whose language differs from the page's, else nothing."""
    if language and language != translation.get_language():
        return format_html(' lang="{}"', language)
    return ""


def image_sources(image):
    """Return (src, srcset) for a result image: its renditions by width, the widest as src.

    A small original makes renditions of equal width; each width is offered once.
    """
    by_width = {}
    for field, width in (
        (image.thumbnail, image.thumbnail_width),
        (image.large, image.large_width),
    ):
        if field and width:
            by_width[width] = field.url
    if not by_width:
        return image.image.url, ""
    widths = sorted(by_width)
    srcset = ", ".join(f"{by_width[w]} {w}w" for w in widths) if len(widths) > 1 else ""
    return by_width[widths[-1]], srcset


@register.inclusion_tag("includes/figure.html")
def result_figure(image, sizes="(min-width: 50em) 46rem, 100vw", caption=True):
    """Render a result image as a figure: renditions in srcset, size attributes, lazy loading."""
    src, srcset = image_sources(image)
    return {
        "image": image,
        "src": src,
        "srcset": srcset,
        "sizes": sizes,
        "show_caption": caption and (image.caption or image.credit),
    }


@register.filter
def plain(value):
    """Rich text as plain text (entities undone, so autoescape encodes them once): for meta tags."""
    return html.unescape(plain_text(value))


@register.filter(is_safe=True)
def headings_below(value, level):
    """Sanitised rich text whose h2 becomes h<level>: its headings sit under the page's own."""
    return shift_headings(value, int(level) - 2)
