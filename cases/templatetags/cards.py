"""{% result_cards cards heading="h3" %}: a list of result cards, rendered in one pass.

A card is a dozen values; through a template of its own each of them costs a lookup, a filter
and an escape, and the cards cost a region page more than all its queries. Every value is escaped here.

<article class="card [card--text when no image] [card--draft]" id="resultat-<slug>">
  [<figure class="figure"><img src srcset sizes width height alt loading="lazy"></figure>]
  <div class="card__body">
    <hN class="card__title"><a href>title</a></hN> [<p class="tag tag--draft">Utkast</p>]
    [<p class="card__meta">region</p>] <p>teaser</p>
    [<dl class="card__facts">goals, themes</dl>]
  </div>
</article>
"""

from html import escape

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

HEADINGS = {"h2", "h3", "h4"}
IMAGE_SIZES = "(min-width: 50em) 22rem, 100vw"


def _lang(language, page_language):
    return f' lang="{escape(language)}"' if language != page_language else ""


def _figure(image):
    srcset = f' srcset="{escape(image.srcset)}" sizes="{IMAGE_SIZES}"' if image.srcset else ""
    size = f' width="{image.width}" height="{image.height}"' if image.width and image.height else ""
    return (
        f'<figure class="figure"><img src="{escape(image.src)}"{srcset}{size} '
        f'alt="{escape(image.alt)}" loading="lazy" decoding="async"></figure>'
    )


def _card(card, heading, hide_region, words, page_language):
    classes = (
        "card" + ("" if card.image else " card--text") + ("" if card.is_public else " card--draft")
    )
    lang = _lang(card.language, page_language)
    parts = [f'<article class="{classes}" id="{escape(card.anchor)}">']
    if card.image:
        parts.append(_figure(card.image))
    parts.append('<div class="card__body">')
    parts.append(
        f'<{heading} class="card__title"><a href="{escape(card.url)}"{lang}>'
        f"{escape(card.title)}</a></{heading}>"
    )
    if not card.is_public:
        parts.append(f'<p class="tag tag--draft">{words["draft"]}</p>')
    if not hide_region:
        parts.append(f'<p class="card__meta">{escape(card.region_name)}</p>')
    parts.append(f"<p{lang}>{escape(card.teaser)}</p>")
    if card.goal_numbers or card.theme_names:
        parts.append('<dl class="card__facts">')
        if card.goal_numbers:
            numbers = ", ".join(str(number) for number in card.goal_numbers)
            parts.append(f"<div><dt>{words['goals']}</dt><dd>{numbers}</dd></div>")
        if card.theme_names:
            names = escape(", ".join(card.theme_names))
            parts.append(f"<div><dt>{words['themes']}</dt><dd>{names}</dd></div>")
        parts.append("</dl>")
    parts.append("</div></article>")
    return "".join(parts)


@register.simple_tag
def result_cards(cards, heading="h3", hide_region=False, wide=False):
    """Render ResultCards (cases/cards.py) as a grid; `heading` is the level of their titles."""
    if heading not in HEADINGS:
        raise template.TemplateSyntaxError(f"result_cards: heading must be one of {HEADINGS}")
    words = {
        "draft": escape(gettext("Utkast")),
        "goals": escape(gettext("Fremjar mål")),
        "themes": escape(gettext("Tema")),
    }
    page_language = translation.get_language()
    grid = "card-grid card-grid--wide" if wide else "card-grid"
    body = "".join(_card(card, heading, hide_region, words, page_language) for card in cards)
    return mark_safe(f'<div class="{grid}">{body}</div>')  # noqa: S308 - every value is escaped above
