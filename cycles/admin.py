from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Cycle


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "current_phase", "status", "visibility")
    list_filter = ("status", "current_phase", "visibility", "organisation")
    search_fields = ("title",)
    autocomplete_fields = ["organisation", "lead"]
