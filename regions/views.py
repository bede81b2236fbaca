"""Public pages for regions."""

from django.shortcuts import get_object_or_404, render

from regions.models import Region


def region_list(request):
    regions = Region.objects.published()
    return render(request, "regions/region_list.html", {"regions": regions})


def region_detail(request, slug):
    region = get_object_or_404(Region.objects.published(), slug=slug)
    return render(request, "regions/region_detail.html", {"region": region})
