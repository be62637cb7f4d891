from django.contrib import admin

from . import workflow
from .models import (
    Contact,
    FundingSource,
    Hub,
    HubTerm,
    ImportRun,
    MergeCandidate,
    Organisation,
    ServiceExample,
    SourceRecord,
)
from .signals import changed


class HubTermInline(admin.TabularInline):
    model = HubTerm
    extra = 0
    autocomplete_fields = ["term"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["position", "name", "role", "email", "phone", "publish"]


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


class ServiceExampleInline(admin.StackedInline):
    model = ServiceExample
    extra = 0


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0


class SourceRecordInline(admin.TabularInline):
    model = SourceRecord
    extra = 0
    fields = ["source", "source_id", "imported_at", "last_run"]
    readonly_fields = ["source", "source_id", "imported_at", "last_run"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "hub_type", "status", "validation", "country", "city", "region",
                    "updated_at"]
    list_filter = ["hub_type", "status", "validation", "country", "coords_from", "region_from"]
    search_fields = ["name", "local_name", "title", "slug", "city", "website"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["region"]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["region"]
    date_hierarchy = "updated_at"
    fieldsets = [
        (None, {"fields": ["name", "slug", "local_name", "title", "hub_type", "status",
                           "validation", "website", "social"]}),
        ("Description", {"fields": ["description", "local_description", "initiative"]}),
        ("Place", {"fields": ["street", "postcode", "city", "country", "address_text",
                              ("lat", "lon", "coords_from"), ("region", "region_from")]}),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [HubTermInline, ContactInline, OrganisationInline, ServiceExampleInline,
               FundingSourceInline, SourceRecordInline]

    def save_model(self, request, obj, form, change):
        if change:
            workflow.ensure_baseline(obj)  # read from the database: the sheet before the edit
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        workflow.record(form.instance, request.user, "edited in the admin")
        changed([form.instance.pk])


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "started_at"]
    list_filter = ["format"]
    readonly_fields = ["file_name", "format", "started_at", "report"]


@admin.register(MergeCandidate)
class MergeCandidateAdmin(admin.ModelAdmin):
    list_display = ["hub", "other", "score", "decided"]
    list_filter = ["decided"]
    raw_id_fields = ["hub", "other"]

