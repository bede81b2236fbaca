"""Region pages that need only this app. The region page itself shows result examples too, so it
is a site page (byregion.views.region_detail), added to this namespace in byregion/urls.py."""

from django.urls import path

from regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="region_list"),
]
