"""Template helpers for the public pages: content language and responsive images."""

import html

from django import template
from django.utils import translation
from django.utils.html import format_html

from byregion.richtext import plain_text

register = template.Library()


@register.simple_tag
def content_lang(language):
    """Return a lang attribute for content whose language differs from the page's, else nothing."""
    if language and language != translation.get_language():
        return format_html(' lang="{}"', language)
    return ""


def image_sources(image):
    """Return (src, srcset) for a result image: the web renditions, widest last, never repeated."""
    candidates = []
    for field, width in (
        (image.thumbnail, image.thumbnail_width),
        (image.large, image.large_width),
    ):
        if field and width and all(width != seen for _url, seen in candidates):
            candidates.append((field.url, width))
    if not candidates:
        return image.image.url, ""
    srcset = (
        ", ".join(f"{url} {width}w" for url, width in candidates) if len(candidates) > 1 else ""
    )
    return candidates[-1][0], srcset


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
