from django.contrib import admin

from .models import IndicatorValue, Priority


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "period", "source", "imported_at")
    list_filter = ("period",)
    search_fields = ("title", "region__code", "region__name", "description")
    raw_id_fields = ("region", "import_run")
    readonly_fields = ("imported_at",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "year", "value", "unit", "source")
    list_filter = ("name", "year")
    search_fields = ("name", "region__code", "region__name")
    raw_id_fields = ("region", "import_run")
    readonly_fields = ("imported_at",)
