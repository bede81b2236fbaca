"""The error pages and the health check: answers that must work when little else does."""

from django.db import connection
from django.db.utils import DatabaseError, InterfaceError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token


def page_not_found(request, exception):
    """The 404 page: says so plainly and offers search and the main lists; no database needed."""
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """The 500 page: a static template rendered without a request or the database."""
    return HttpResponseServerError(loader.get_template("500.html").render())


@never_cache
def health(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError):
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"status": "ok", "database": "up"})
