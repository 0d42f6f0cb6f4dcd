"""Calendar feeds read by calendar apps, through a person's secret address
(at the top of the site, without a namespace)."""

from __future__ import annotations

from django.urls import path

from .views import calendar

urlpatterns = [
    path(
        "calendar/<str:token>/panels/<id:pk>.ics", calendar.feed, name="calendar_feed"
    ),
]
