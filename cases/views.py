"""Public pages for result examples."""

from django.shortcuts import get_object_or_404, render

from cases.models import ResultExample


def result_list(request):
    results = ResultExample.objects.public().select_related("region")
    return render(request, "cases/result_list.html", {"results": results})


def result_detail(request, region_slug, slug):
    result = get_object_or_404(
        ResultExample.objects.public().select_related("region"), region__slug=region_slug, slug=slug
    )
    return render(request, "cases/result_detail.html", {"result": result})
