from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("resultat/", views.result_list, name="result_list"),
    path("regionar/<slug:region_slug>/<slug:slug>/", views.result_detail, name="result_detail"),
]
