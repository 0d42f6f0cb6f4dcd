"""Django admin for platform staff: catalogue, service areas, and a view of cycles."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    CatalogueEntry,
    Cycle,
    CyclePhase,
    Decision,
    GateCheck,
    InfluenceStrategy,
    ServiceArea,
)
from .models import cycle as cycle_model
from .models import decision as decision_model


class CyclePhaseInline(admin.TabularInline):
    model = CyclePhase
    extra = 0
    can_delete = False
    readonly_fields = ("phase", "is_current", "actual_start", "actual_end")
    fields = (
        "phase",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "is_current",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "service_area", "status", "visibility")
    list_filter = ("status", "visibility", "service_area", "organisation")
    search_fields = ("title",)
    autocomplete_fields = ["organisation", "lead", "predecessor"]
    filter_horizontal = ["team"]
    inlines = [CyclePhaseInline]
    # Translations are written on the cycle's Languages page, which keeps the
    # English each was written from and the checks before it goes public.
    exclude = cycle_model.translation_names(cycle_model.TRANSLATED_FIELDS)


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "kind", "phase", "mode", "is_active")
    list_filter = ("kind", "phase", "mode", "is_active", "organisation")
    search_fields = ("title", "description")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "cycle", "phase", "mode", "status")
    list_filter = ("phase", "mode", "status")
    search_fields = ("title",)
    raw_id_fields = ("cycle", "lead", "catalogue_entry")


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "cycle", "phase", "kind", "decided_on", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("title",)
    raw_id_fields = ("cycle", "decided_by", "board_chair", "supersedes")
    # Translations are written on the decision's Languages page (never here,
    # where the name of a translation would also set the English).
    exclude = cycle_model.translation_names(decision_model.TRANSLATED_FIELDS)
    # Publishing is the decider's confirmation, through the app: never set here.
    readonly_fields = (
        "is_published",
        "published_at",
        "recorded_by",
        "confirmed_by",
        "confirmed_at",
        "declined_at",
        "declined_reason",
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Published decisions are never edited: a correction supersedes them.
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)


@admin.register(GateCheck)
class GateCheckAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "phase", "kind", "rule", "is_active")
    list_filter = ("phase", "kind", "organisation")


@admin.register(InfluenceStrategy)
class InfluenceStrategyAdmin(admin.ModelAdmin):
    """The catalogue of influence strategies behaviour-change routes choose from."""

    list_display = ("name", "description", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)
