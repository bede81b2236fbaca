"""Forms of the public region pages: the filters of /regionar/."""

from django import forms
from django.utils.translation import gettext_lazy as _

PHASE_CHOICES = [("", _("Alle fasar")), ("1", _("Fase 1")), ("2", _("Fase 2"))]


class RegionFilterForm(forms.Form):
    """The filters of /regionar/: ?fylke=<county number>&fase=<1|2>."""

    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    fase = forms.ChoiceField(label=_("Fase"), required=False, choices=PHASE_CHOICES)

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

    def filter(self, regions):
        """Return `regions` narrowed by the valid filters; an invalid one is ignored (and shown)."""
        self.is_valid()
        county = self.cleaned_data.get("fylke")
        phase = self.cleaned_data.get("fase")
        if county:
            regions = regions.in_county(county)
        if phase:
            regions = regions.in_phase(int(phase))
        return regions

    @property
    def active(self):
        return any(self.data.get(name) for name in self.fields)
