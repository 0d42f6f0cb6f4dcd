"""The app's URLs plus ``/bench/insert/``: the least a view can do with the
database (one INSERT), as the yardstick for survey submission."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from cocommission.urls import urlpatterns as app_urlpatterns


@csrf_exempt
def insert_one_row(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_rows (payload) VALUES (%s)", [request.POST.get("x", "")]
        )
    return HttpResponse(status=201)


urlpatterns = [path("bench/insert/", insert_one_row), *app_urlpatterns]
