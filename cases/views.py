"""Public pages for result examples: all of them across regions, and one at a time."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from byregion.cache import public_page
from cases.cards import result_cards
from cases.models import ResultExample, Theme
from regions.models import County, Region
from regions.scope import can_edit

PAGE_SIZE = 12
GOAL_CHOICES = [
    ("", _("Alle resultat")),
    ("med", _("Knytte til eit mål")),
    ("utan", _("Ikkje knytte til eit mål")),
]


class ResultFilterForm(forms.Form):
    """The filters of /resultat/: ?tema=, ?fylke=, ?region=, ?mal=med|utan."""

    tema = forms.ChoiceField(label=_("Tema"), required=False)
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    region = forms.ChoiceField(label=_("Byregion"), required=False)
    mal = forms.ChoiceField(label=_("Mål"), required=False, choices=GOAL_CHOICES)

    def __init__(self, data, *, themes, counties, regions):
        super().__init__(data)
        self.fields["tema"].choices = [("", _("Alle tema"))] + [(t.slug, t.name) for t in themes]
        self.fields["fylke"].choices = [("", _("Alle fylke"))] + [
            (c.number, c.name) for c in counties
        ]
        self.fields["region"].choices = [("", _("Alle byregionar"))] + [
            (r.slug, r.name) for r in regions
        ]
        messages = {
            "tema": _("Temaet «%(value)s» finst ikkje. Vel eit tema frå lista."),
            "fylke": _("Fylket «%(value)s» finst ikkje. Vel eit fylke frå lista."),
            "region": _("Byregionen «%(value)s» finst ikkje. Vel ein byregion frå lista."),
            "mal": _("Vel «med» eller «utan» for mål, ikkje «%(value)s»."),
        }
        for name, message in messages.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def filter(self, results):
        """Return `results` narrowed by the valid filters; an invalid one is ignored (and shown)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("tema"):
            results = results.filter(themes__slug=data["tema"])
        if data.get("fylke"):
            results = results.filter(
                region__in=Region.objects.in_county(data["fylke"]).values("pk")
            )
        if data.get("region"):
            results = results.filter(region__slug=data["region"])
        if data.get("mal") == "med":
            results = results.filter(goals__isnull=False).distinct()
        elif data.get("mal") == "utan":
            results = results.filter(goals__isnull=True)
        return results

    @property
    def active(self):
        return any(self.data.get(name) for name in self.fields)


@public_page
def result_list(request):
    """All public result examples, newest first, filtered and paginated by ?side=."""
    themes = list(Theme.objects.all())
    counties = list(County.objects.all())
    regions = list(Region.objects.published().only("slug", "name").order_by("name"))
    form = ResultFilterForm(request.GET, themes=themes, counties=counties, regions=regions)
    results = form.filter(ResultExample.objects.public()).order_by("-published_at", "title")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "cases/result_list.html",
        {"page": page, "results": result_cards(page.object_list), "form": form, "themes": themes},
    )


def _visible_result(request, region_slug, slug):
    """Return the result at this address if the user may see it; drafts only for their editors."""
    user = request.user
    results = (
        ResultExample.objects.select_related("region")
        .with_cards()
        .prefetch_related("region__contacts")
    )
    if not (user.is_authenticated and user.is_staff):
        results = results.public()
    try:
        result = results.get(region__slug=region_slug, slug=slug)
    except ResultExample.DoesNotExist as error:
        raise Http404(_("Fann ikkje resultatet.")) from error
    if not (result.is_public and result.region.is_public) and not can_edit(user, result):
        raise Http404(_("Fann ikkje resultatet."))
    return result


@public_page
def result_detail(request, region_slug, slug):
    """One result example: its text, images, the goals it advances, themes, region and contact."""
    result = _visible_result(request, region_slug, slug)
    images = result.images.all()
    others = (
        ResultExample.objects.public()
        .select_related("region")
        .filter(region=result.region)
        .exclude(pk=result.pk)
        .order_by("-published_at")[:3]
    )
    return render(
        request,
        "cases/result_detail.html",
        {
            "result": result,
            "region": result.region,
            "images": images,
            "others": others,
            "og_image": request.build_absolute_uri((images[0].large or images[0].image).url)
            if images
            else "",
            "preview": not (result.is_public and result.region.is_public),
        },
    )
