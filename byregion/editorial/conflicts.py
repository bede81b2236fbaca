"""No lost updates: a save based on an older state of a region or result example is refused.

Every save gives the object a new `edit_token` (byregion.editorial.models.Publishable). The admin form carries
the token it was loaded with in a hidden field; the admin reads the stored object under a row lock
(select_for_update, on PostgreSQL) before the form is checked, so of two editors who loaded the same
state the second to save is refused. The refusal tells who saved in between, when, and what they
changed (from the revisions kept by django-reversion), keeps what the second editor typed, and moves
the hidden token on so that saving once more, after reading, knowingly saves over the other changes.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from byregion.editorial.revisions import object_snapshot, revision_snapshot, snapshot_changes

CONFLICT_MESSAGE = _(
    "Nokon andre har lagra endringar her etter at du opna skjemaet, så det du skreiv er ikkje "
    "lagra. Det står framleis i skjemaet. Sjå kva dei endra nedanfor, og trykk «Lagre» ein gong "
    "til dersom du vil skrive over endringane deira med dine."
)


@dataclass(frozen=True)
class Save:
    """A save made by someone else after the form was loaded."""

    user: str
    when: object
    comment: str


@dataclass(frozen=True)
class Conflict:
    """What happened to an object since an editor loaded it: who saved, when, and what changed."""

    saves: tuple
    changes: tuple
    known: bool
    updated_at: object


def _user_name(user):
    if user is None:
        return str(_("ukjend brukar"))
    return user.get_full_name() or user.get_username()


def conflict_describe(*, obj, loaded_token):
    """Return who changed `obj` and how since the state whose edit token was `loaded_token`."""
    versions = Version.objects.get_for_object(obj).select_related("revision__user")
    base = None
    if loaded_token:
        base = versions.filter(serialized_data__contains=str(loaded_token)).order_by("-pk").first()
    if base is None:
        # That state was never kept as a revision (saved outside the admin): say when, not what.
        return Conflict(saves=(), changes=(), known=False, updated_at=obj.updated_at)
    saves = tuple(
        Save(
            user=_user_name(version.revision.user),
            when=version.revision.date_created,
            comment=version.revision.get_comment(),
        )
        for version in versions.filter(pk__gt=base.pk).order_by("pk")
    )
    changes = snapshot_changes(revision_snapshot(base.revision, obj), object_snapshot(obj))
    return Conflict(saves=saves, changes=tuple(changes), known=True, updated_at=obj.updated_at)


class ConflictGuardedForm(forms.ModelForm):
    """A model form that refuses to save over changes stored after it was loaded."""

    loaded_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is not None:
            self.fields["loaded_token"].initial = self.instance.edit_token

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # The instance was read under a row lock (EditorialAdmin.get_object): its token is the
        # stored one, also while a revision is being restored (revision_restore keeps the token).
        stored = self.instance.edit_token
        loaded = cleaned.get("loaded_token")
        if loaded == stored:
            return cleaned
        self.conflict = conflict_describe(obj=self.instance, loaded_token=loaded)
        # The same form, sent again, now matches the stored state: a deliberate save over it.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_token")] = str(stored)
        raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")
