"""``/api/v1/``: the API, every answer with an ETag."""

from __future__ import annotations

from .http import with_etags
from .main import api

app_name = "api-v1"

urlpatterns = [
    *(with_etags(pattern) for pattern in api.urls[0]),  # type: ignore[arg-type]
]
