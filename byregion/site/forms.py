"""Forms of the public pages that span both apps: the filters of /regionar/."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PHASE_CHOICES = [("", _("Alle fasar")), ("1", _("Fase 1")), ("2", _("Fase 2"))]
CONTENT_CHOICES = [("", _("Alle byregionar")), ("dokumentert", _("Med mål eller resultat"))]


class RegionFilterForm(forms.Form):
    """The filters of /regionar/: ?fylke=<county number>&fase=<1|2>&innhald=dokumentert."""

    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    fase = forms.ChoiceField(label=_("Fase"), required=False, choices=PHASE_CHOICES)
    innhald = forms.ChoiceField(label=_("Innhald"), required=False, choices=CONTENT_CHOICES)

    def __init__(self, data, *, counties):
        super().__init__(data)
        self.fields["fylke"].choices = [("", _("Alle fylke"))] + [
            (county.number, county.name) for county in counties
        ]
        self.fields["fylke"].error_messages["invalid_choice"] = _(
            "Fylket «%(value)s» finst ikkje. Vel eit fylke frå lista."
        )
        self.fields["fase"].error_messages["invalid_choice"] = _(
            "Fasen «%(value)s» finst ikkje. Programmet hadde fase 1 og fase 2."
        )
        self.fields["innhald"].error_messages["invalid_choice"] = _(
            "«%(value)s» er ikkje eit val her. Vel alle byregionar eller dei med mål eller resultat."
        )

    def filter(self, regions):
        """Return `regions` narrowed by the valid filters; an invalid one is ignored (and shown).

        `regions` carries `goal_count` and `result_count` (region_pages.with_content_counts).
        """
        self.is_valid()
        county = self.cleaned_data.get("fylke")
        phase = self.cleaned_data.get("fase")
        if county:
            regions = regions.in_county(county)
        if phase:
            regions = regions.in_phase(int(phase))
        if self.cleaned_data.get("innhald") == "dokumentert":
            regions = regions.filter(Q(goal_count__gt=0) | Q(result_count__gt=0))
        return regions

    @property
    def active(self):
        return any(self.data.get(name) for name in self.fields)
