"""The table of the database cache that stands in for Redis while Redis is away
(``cocommission.cache``). A model, so migrations make it everywhere."""

from __future__ import annotations

from django.db import models

FALLBACK_CACHE_TABLE = "cocommission_cache_fallback"


class FallbackCacheEntry(models.Model):
    """One entry, in the layout of Django's ``DatabaseCache``."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = FALLBACK_CACHE_TABLE

    def __str__(self) -> str:
        return self.cache_key
