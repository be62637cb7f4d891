from django.contrib import admin
from django.db.models import Count

from .models import Crosswalk, Term


class EdihLinksInline(admin.TabularInline):
    model = Crosswalk
    fk_name = "jrc"
    autocomplete_fields = ["edih"]
    extra = 0
    verbose_name = "EDIH equivalent"
    verbose_name_plural = "EDIH equivalents (crosswalk; taxonomy/data/crosswalk.csv wins on sync)"


class JrcLinksInline(EdihLinksInline):
    fk_name = "edih"
    autocomplete_fields = ["jrc"]
    verbose_name = "JRC equivalent"
    verbose_name_plural = "JRC equivalents (crosswalk; taxonomy/data/crosswalk.csv wins on sync)"


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "vocabulary", "kind", "known", "source_id", "position", "hub_count"]
    list_filter = ["kind", "vocabulary", "known"]
    search_fields = ["name", "slug", "source_id"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["kind", "vocabulary", "position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_hub_count=Count("hub_terms"))

    @admin.display(description="hubs", ordering="_hub_count")
    def hub_count(self, term):
        return term._hub_count

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return [EdihLinksInline] if obj.vocabulary == "jrc" else [JrcLinksInline]


@admin.register(Crosswalk)
class CrosswalkAdmin(admin.ModelAdmin):
    list_display = ["jrc", "relation", "edih", "kind"]
    list_filter = ["relation", "jrc__kind"]
    search_fields = ["jrc__name", "edih__name"]
    autocomplete_fields = ["jrc", "edih"]
    list_select_related = ["jrc", "edih"]

    @admin.display(description="kind", ordering="jrc__kind")
    def kind(self, link):
        return link.jrc.get_kind_display()
