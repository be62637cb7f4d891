from django.contrib import admin

from .models import Claim, Invitation, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "role", "created_at"]
    raw_id_fields = ["user", "hub"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "state", "domain_matches", "created_at"]
    list_filter = ["state", "domain_matches"]
    raw_id_fields = ["user", "hub", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "hub", "created_at", "accepted_at"]
    raw_id_fields = ["hub", "invited_by", "accepted_by"]
