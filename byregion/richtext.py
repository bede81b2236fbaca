"""Rich text: one allowlist, applied on the server to every rich-text value before it is stored."""

import re

import nh3
from django.contrib.admin.widgets import AdminTextareaWidget

from byregion.editor_language import AdminNynorskTinyMCE, NynorskTinyMCE
from byregion.fields import LimitedTextField

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# <b>/<i> from pasted text become their semantic equivalents instead of being dropped.
_RENAMES = {"<b>": "<strong>", "</b>": "</strong>", "<i>": "<em>", "</i>": "</em>"}


def clean_html(value):
    """Return `value` with everything outside the allowlist removed: no script, events or styles."""
    if not value:
        return ""
    for old, new in _RENAMES.items():
        value = value.replace(old, new)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()


_HEADING_TAG = re.compile(r"<(/?)h([2-6])>")


def shift_headings(value, by):
    """Return sanitised HTML with every heading `by` levels lower (h2 → h3 for by=1), at most h6.

    An editor writes h2 for the first level of a text; on a page the text sits inside a section
    that has a heading of its own, so its headings go one level or more below that.
    """
    if not by or "<h" not in value:
        return value
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}>", value)


# Where one block of text ends and the next begins: a heading and the paragraph after it must not
# run together («<h3>Mål</h3><p>Tekst</p>» is «Mål Tekst», never «MålTekst»).
_BLOCK_BOUNDARY = re.compile(
    r"<(?:/?(?:p|h[1-6]|li|ul|ol|blockquote|div|section|article|tr|td|th|dd|dt)\b[^>]*|br\b[^>]*)>",
    re.IGNORECASE,
)


def plain_text(value):
    """Return the text of an HTML fragment without any markup (for teasers, search and CSV)."""
    spaced = _BLOCK_BOUNDARY.sub(" ", value or "")
    return " ".join(nh3.clean(spaced, tags=set()).split())


# The longest rich text a field holds (about 15 000 words); forms and imports refuse more.
RICH_TEXT_MAX_LENGTH = 100_000


class RichTextField(LimitedTextField):
    """A TextField whose value is sanitised by `clean_html` on every write, whatever the path."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", RICH_TEXT_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        # QuerySet.update() and bulk_create() skip pre_save(); clean here too.
        if isinstance(value, str):
            value = clean_html(value)
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        # The admin hands every TextField its plain textarea; a rich-text field keeps its editor.
        if kwargs.get("widget") is AdminTextareaWidget:
            kwargs["widget"] = AdminNynorskTinyMCE()
        kwargs.setdefault("widget", NynorskTinyMCE())
        return super().formfield(**kwargs)
