from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import GovernancePrinciple


@admin.register(GovernancePrinciple)
class GovernancePrincipleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organisation", "weight", "order", "is_retired")
    list_filter = ("organisation", "is_retired")
    search_fields = ("name",)
