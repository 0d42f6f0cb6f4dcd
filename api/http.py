"""Small HTTP helpers of the API: lists paged straight from the database, ETags
on every answer, and every use of a token audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.urls import URLPattern
from django.utils.cache import patch_vary_headers
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100

T = TypeVar("T")


class Mapped(Generic[T]):
    """A QuerySet each of whose rows is turned into an answer only when its page
    is read: Ninja's paginator counts it and slices it, as a QuerySet."""

    def __init__(self, queryset: QuerySet[Any], to: Callable[[Any], T]) -> None:
        self.queryset = queryset
        self.to = to

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[T]:
        return [self.to(row) for row in self.queryset[page]]


def with_audit(pattern: URLPattern) -> URLPattern:
    """The URL pattern with every use of a token recorded (method, path with its
    query, status): a write records itself with what it made; anything else (a
    read, or a write refused before it got that far) is recorded here."""
    from .models import ApiToken
    from .tokens import write_audit

    view = pattern.callback

    def audited(request: Any, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken) and not getattr(request, "api_audited", False):
            write_audit(
                token=token,
                method=request.method or "",
                path=request.get_full_path(),
                status=response.status_code,
                summary="read" if request.method in ("GET", "HEAD") else "refused",
            )
        return response

    return URLPattern(pattern.pattern, audited, pattern.default_args, pattern.name)


def with_etags(pattern: URLPattern) -> URLPattern:
    """The URL pattern with its answers carrying a strong ETag (a hash of the
    body), and a 304 for a GET whose If-None-Match matches it."""
    from django.middleware.http import ConditionalGetMiddleware

    view = pattern.callback
    middleware = ConditionalGetMiddleware(view)

    def etagged(request: Any, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        # Answers with a token differ by token: no shared cache may mix them.
        patch_vary_headers(response, ["Authorization"])
        return middleware.process_response(request, response)

    etagged.csrf_exempt = True  # type: ignore[attr-defined]
    return URLPattern(pattern.pattern, etagged, pattern.default_args, pattern.name)


class Paged(LimitOffsetPagination):
    """``limit`` (1 to 100, 50 by default) and ``offset`` (at most a million, so
    no number a client sends can overflow the database's OFFSET)."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=1_000_000)
