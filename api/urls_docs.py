"""``/api/v1/docs/``: the API's documentation page (a page, so outside the API's
own namespace, which the page crawls leave to the API's tests)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "api_docs"

urlpatterns = [path("", views.docs, name="docs")]
