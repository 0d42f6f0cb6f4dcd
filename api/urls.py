"""``/api/v1/``: the API (every answer with an ETag) and its documentation page."""

from __future__ import annotations

from django.urls import path

from . import views
from .http import with_etags
from .main import api

app_name = "api-v1"

urlpatterns = [
    path("docs/", views.docs, name="docs"),
    *(with_etags(pattern) for pattern in api.urls[0]),  # type: ignore[arg-type]
]
