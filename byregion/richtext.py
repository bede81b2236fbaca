"""Rich text: one allowlist, applied on the server to every rich-text value before it is stored."""

import re
from functools import lru_cache
from html.parser import HTMLParser

import nh3
from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from tinymce import settings as tinymce_settings

from byregion.editor_language import AdminNynorskTinyMCE, NynorskTinyMCE
from byregion.fields import LimitedTextField

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# <b>/<i> from pasted text become their semantic equivalents instead of being dropped.
_RENAMES = {"b": "strong", "i": "em"}
# Blocks hold inline content; containers hold blocks, each on a line of its own.
_BLOCKS = {"p", "h2", "h3", "h4", "li"}
_CONTAINERS = {"ul", "ol", "blockquote"}
# Elements that show nothing when empty, and are left out then.
_DROPPED_WHEN_EMPTY = {"p", "h2", "h3", "h4", "strong", "em", "blockquote"}
_SPACE = re.compile(r"[ \t\n\r\f]+")


class _Element:
    def __init__(self, tag, attrs=()):
        self.tag = tag
        self.attrs = sorted((name, value or "") for name, value in attrs)
        self.children = []


class _TreeBuilder(HTMLParser):
    """Reads the sanitiser's output (well formed: every element closed) into a tree."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element(None)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(_RENAMES.get(tag, tag), attrs)
        self.stack[-1].children.append(element)
        if tag != "br":
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag != "br" and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _escape(text, quote=False):
    text = text.replace("&", "&amp;").replace("\u00a0", "&nbsp;")
    if quote:
        return text.replace('"', "&quot;")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _inline_tokens(nodes):
    """Flatten inline content to ("text", str) | ("open"/"close", element) | ("br", None)."""
    for node in nodes:
        if isinstance(node, str):
            yield "text", _SPACE.sub(" ", node)
        elif node.tag == "br":
            yield "br", None
        else:
            yield "open", node
            yield from _inline_tokens(node.children)
            yield "close", node


def _inline(nodes):
    """Serialise inline content as a browser shows it: one space for any run of white space, none
    at the start or end of a line, no line break at the end of a block, no empty <strong>/<em>."""
    tokens = list(_inline_tokens(nodes))
    # White space is dropped after a space already written, at a line's start and before its end.
    at_line_start = True
    for index, (kind, value) in enumerate(tokens):
        if kind == "text":
            if at_line_start or _previous_text_ends_in_space(tokens, index):
                value = value.lstrip(" ")
            tokens[index] = (kind, value)
            if value:
                at_line_start = False
        elif kind == "br":
            at_line_start = True
    for index in range(len(tokens) - 1, -1, -1):
        kind, value = tokens[index]
        if kind == "text" and _line_ends_after(tokens, index):
            tokens[index] = (kind, value.rstrip(" "))
    while tokens and (tokens[-1][0] == "br" or tokens[-1] == ("text", "")):
        tokens.pop()
    return _inline_markup(tokens)


def _previous_text_ends_in_space(tokens, index):
    for kind, value in reversed(tokens[:index]):
        if kind == "text" and value:
            return value.endswith(" ")
        if kind == "br":
            return True
    return False


def _line_ends_after(tokens, index):
    for kind, value in tokens[index + 1 :]:
        if kind == "text" and value:
            return False
        if kind == "br":
            return True
    return True


def _inline_markup(tokens):
    out, stack = [], []
    for kind, value in tokens:
        if kind == "text":
            out.append(_escape(value))
        elif kind == "br":
            out.append("<br>")
        elif kind == "open":
            stack.append(len(out))
            out.append(_open_tag(value))
        else:
            start = stack.pop()
            if value.tag in _DROPPED_WHEN_EMPTY and len(out) == start + 1:
                out.pop()
            else:
                out.append(f"</{value.tag}>")
    return "".join(out)


def _open_tag(element):
    attrs = "".join(f' {name}="{_escape(value, quote=True)}"' for name, value in element.attrs)
    return f"<{element.tag}{attrs}>"


def _is_block(node):
    return not isinstance(node, str) and (node.tag in _BLOCKS or node.tag in _CONTAINERS)


def _blocks(nodes, loose_inline_tag="p"):
    """Serialise a sequence of blocks, one per line; loose inline content goes into a <p>."""
    lines, run = [], []

    def flush():
        if run:
            text = _inline(run)
            if text:
                lines.append(f"<{loose_inline_tag}>{text}</{loose_inline_tag}>")
            run.clear()

    for node in nodes:
        if not _is_block(node):
            run.append(node)
            continue
        flush()
        lines.append(_block(node))
    flush()
    return [line for line in lines if line]


def _block(element):
    tag = element.tag
    if tag in _CONTAINERS:
        inner = _blocks(element.children, "li" if tag in ("ul", "ol") else "p")
        if not inner and tag in _DROPPED_WHEN_EMPTY:
            return ""
        return "\n".join([_open_tag(element), *inner, f"</{tag}>"])
    # A block: its inline content, then any blocks nested in it (a list inside a list item).
    # Inline content up to the first nested block is the item's text; the rest goes with the blocks.
    first_block = next(
        (index for index, child in enumerate(element.children) if _is_block(child)),
        len(element.children),
    )
    inline, nested = element.children[:first_block], element.children[first_block:]
    text = _inline(inline)
    if not text and not nested and tag in _DROPPED_WHEN_EMPTY:
        return ""
    if not nested:
        return f"{_open_tag(element)}{text}</{tag}>"
    inner = _blocks(nested)
    return "\n".join([f"{_open_tag(element)}{text}", *inner, f"</{tag}>"])


def canonical_html(value):
    """Return sanitised HTML in one serialisation, whatever its source wrote.

    The same content always gives the same string: attributes in name order, one space for white
    space, each block on a line of its own, loose text in a paragraph, no line break at a block's
    end, no empty paragraphs, headings or emphasis, and only &amp;, &lt;, &gt;, &quot; and &nbsp;
    as entities. What TinyMCE sends back for unchanged content is thus stored as it was.
    """
    parser = _TreeBuilder()
    parser.feed(value)
    parser.close()
    return "\n".join(_blocks(parser.root.children))


# A value is cleaned several times on its way in (form or import checks, pre_save, the save's own
# preparation), and canonicalising costs ten times nh3's cleaning; the last few are remembered.
@lru_cache(maxsize=64)
def clean_html(value):
    """Return `value` with everything outside the allowlist removed (no script, events or styles),
    in its canonical serialisation (`canonical_html`)."""
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS | set(_RENAMES),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return canonical_html(cleaned)


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


# In the admin the editor grows with its text (up to a height) rather than offering a resize
# handle, which TinyMCE draws as an element with an aria-label and no role (an axe violation).
ADMIN_EDITOR = {
    "plugins": f"{tinymce_settings.DEFAULT_CONFIG.get('plugins', '')} autoresize".strip(),
    "resize": False,
    "min_height": 320,
    "max_height": 800,
    "autoresize_bottom_margin": 16,
}


class RichTextFormField(forms.CharField):
    """A form field for rich text that compares what was stored and what was sent as canonical HTML.

    An editor re-serialises unchanged content (line breaks between blocks, attribute order, U+00A0
    for &nbsp;); the form counts a field as changed only when its canonical form differs, so a
    save that changes nothing is seen as such and the change message names what really changed.
    """

    def to_python(self, value):
        return clean_html(super().to_python(value))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return clean_html(initial or "") != self.to_python(data)


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
            kwargs["widget"] = AdminNynorskTinyMCE(mce_attrs=ADMIN_EDITOR)
        kwargs.setdefault("widget", NynorskTinyMCE())
        kwargs.setdefault("form_class", RichTextFormField)
        return super().formfield(**kwargs)
