"""``/api/v1/``: the API, every answer with an ETag, every use of a token
audited."""

from __future__ import annotations

from .http import with_audit, with_etags
from .main import api

app_name = "api-v1"

urlpatterns = [
    *(
        with_etags(with_audit(pattern))  # type: ignore[arg-type]
        for pattern in api.urls[0]
    ),
]
