"""Readable differences between two states of a region or a result example, inlines included.

A state (a snapshot) is read either from a django-reversion revision or from the database as it is
now. Both give the object and the related objects its revisions follow (`follow=` where the models
register with reversion): memberships, goals, bottlenecks and contacts of a region, images of a
result example. Comparing two snapshots gives what was added, removed and changed, field by field,
with rich text compared word by word as plain text.
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

# reversion keeps each model's registration (its fields and follow list) here; there is no public
# accessor, and reading the registration keeps one source of truth for what a revision holds.
from reversion.revisions import _get_options, is_registered

from byregion.richtext import RichTextField, clean_html, plain_text

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# Words, runs of space and single punctuation marks: a changed comma does not mark the word changed.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
# Long unchanged stretches of text are cut to this many words on each side of a change.
CONTEXT_WORDS = 12


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value as shown to an editor; `words` holds a word diff of long text."""

    label: str
    old: str
    new: str
    words: tuple = ()


@dataclass(frozen=True)
class ObjectChange:
    """An object that was added, removed or changed between two states."""

    label: str
    kind: str
    fields: tuple

    @property
    def kind_label(self):
        return {ADDED: _("lagt til"), REMOVED: _("fjerna"), CHANGED: _("endra")}[self.kind]


@dataclass(frozen=True)
class _Entry:
    model: type
    label: str
    values: dict


def followed_relations(model):
    """Return (related model, name of its key to `model`, accessor) for each followed relation."""
    children = []
    for accessor in _get_options(model).follow:
        relation = model._meta.get_field(accessor)
        children.append((relation.related_model, relation.field.attname, accessor))
    return children


def kept_links(model):
    """Return the many-to-many fields whose links a revision of `model` keeps."""
    registered = set(_get_options(model).fields)
    return [field for field in model._meta.many_to_many if field.name in registered]


def _compared_fields(model, skip=()):
    registered = set(_get_options(model).fields)
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable
        and not field.primary_key
        and field.name in registered
        and field.attname not in skip
    ]


def _normalise(field, value):
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    if isinstance(field, models.DateTimeField) and value is not None:
        # Revisions are stored as JSON, which keeps milliseconds, not microseconds.
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if field.many_to_many:
        return sorted(int(pk) for pk in value or ())
    if isinstance(field, RichTextField):
        # Revisions kept before rich text was stored canonically compare by content too.
        return clean_html(value)
    return value


def object_label(model, text):
    """Return `text` led by the model's name ("Tema: Næring"), unless it already starts with it."""
    name = str(capfirst(model._meta.verbose_name))
    text = str(text)
    return text if text.startswith(name) else f"{name}: {text}"


def last_known_label(model, pk):
    """Return how a possibly deleted object was last named: in a revision, the admin's log, or by id."""
    if is_registered(model):
        version = Version.objects.get_for_object_reference(model, pk).first()
        if version is not None:
            return object_label(model, version.object_repr)
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(pk),
            action_flag=DELETION,
        )
        .order_by("-action_time")
        .first()
    )
    return object_label(model, entry.object_repr if entry is not None else f"#{pk}")


def _entry(model, values, label, skip=()):
    fields = _compared_fields(model, skip)
    return _Entry(
        model=model,
        label=label,
        values={field.name: _normalise(field, values.get(field.attname)) for field in fields},
    )


def revision_family(revision, model, object_id):
    """Return the versions in `revision` of one object and of its followed objects, object first.

    A revision can hold other objects too (several saved in one request); they are left out.
    """
    children = {child: key for child, key, _accessor in followed_relations(model)}
    root, family = [], []
    for version in revision.version_set.select_related("content_type"):
        version_model = version.content_type.model_class()
        if version_model is model and version.object_id == str(object_id):
            root.append(version)
        elif version_model in children and str(
            version.field_dict.get(children[version_model])
        ) == str(object_id):
            family.append(version)
    return root + family


def revision_snapshot(revision, obj):
    """Return the state of `obj` and its followed objects as kept in `revision`."""
    model = type(obj)
    keys = {child: key for child, key, _accessor in followed_relations(model)}
    snapshot = {}
    for version in revision_family(revision, model, obj.pk):
        version_model = version.content_type.model_class()
        if version_model is model:
            label = capfirst(model._meta.verbose_name)
            snapshot[(model, version.object_id)] = _entry(model, version.field_dict, label)
        else:
            label = object_label(version_model, version.object_repr)
            snapshot[(version_model, version.object_id)] = _entry(
                version_model, version.field_dict, label, skip=(keys[version_model],)
            )
    return snapshot


def _instance_values(instance):
    values = {}
    for field in _compared_fields(type(instance)):
        if field.many_to_many:
            values[field.attname] = list(getattr(instance, field.name).values_list("pk", flat=True))
        else:
            values[field.attname] = getattr(instance, field.attname)
    return values


def object_snapshot(obj):
    """Return the state of `obj` and its followed objects as stored in the database now."""
    model = type(obj)
    label = capfirst(model._meta.verbose_name)
    snapshot = {(model, str(obj.pk)): _entry(model, _instance_values(obj), label)}
    for child_model, key, accessor in followed_relations(model):
        for child in getattr(obj, accessor).all():
            snapshot[(child_model, str(child.pk))] = _entry(
                child_model, _instance_values(child), object_label(child_model, child), skip=(key,)
            )
    return snapshot


def display_value(model, name, value):
    """Return a field value as an editor reads it: names for links, labels for choices, plain text."""
    field = model._meta.get_field(name)
    if value is None or value == "" or value == []:
        return "–"
    if field.many_to_many:
        found = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=value)}
        return ", ".join(sorted(found.get(pk, f"#{pk}") for pk in value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Ja") if value else _("Nei")
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, RichTextField):
        return plain_text(value)
    return str(value)


def word_diff(old, new):
    """Return (kind, text) pieces that turn `old` into `new`: kind is same, removed or added."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    keep = 2 * CONTEXT_WORDS  # tokens alternate between words and the spaces between them
    pieces = []
    opcodes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            tokens = before[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if first and not last and len(tokens) > keep:
                tokens = ["… ", *tokens[-keep:]]
            elif last and not first and len(tokens) > keep:
                tokens = [*tokens[:keep], " …"]
            elif not first and not last and len(tokens) > 2 * keep:
                tokens = [*tokens[:keep], " … ", *tokens[-keep:]]
            pieces.append(("same", "".join(tokens)))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(after[j1:j2])))
    return tuple(pieces)


def _field_changes(entry, old_values, new_values):
    changes = []
    for name, new in new_values.items():
        old = old_values.get(name) if old_values is not None else None
        if old_values is not None and old == new:
            continue
        if old_values is None and new in (None, "", [], False):
            continue
        field = entry.model._meta.get_field(name)
        old_text = display_value(entry.model, name, old) if old_values is not None else "–"
        new_text = display_value(entry.model, name, new)
        words = ()
        if isinstance(field, models.TextField) and old_text != "–" and new_text != "–":
            words = word_diff(old_text, new_text)
        changes.append(FieldChange(capfirst(field.verbose_name), old_text, new_text, words))
    return tuple(changes)


def snapshot_changes(old, new):
    """Return what was added, removed and changed going from snapshot `old` to snapshot `new`."""
    keys = list(new) + [key for key in old if key not in new]
    changes = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        if before is None:
            changes.append(
                ObjectChange(after.label, ADDED, _field_changes(after, None, after.values))
            )
        elif after is None:
            changes.append(ObjectChange(before.label, REMOVED, ()))
        else:
            fields = _field_changes(after, before.values, after.values)
            if fields:
                changes.append(ObjectChange(after.label, CHANGED, fields))
    return changes
