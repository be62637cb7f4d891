from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from .models import ApiToken, Claim, Invitation, Membership

# the admin signs in through allauth's page, so its log-in has the same lock-out
admin.site.login = secure_admin_login(admin.site.login)


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owners; here they can be seen and revoked (revoked_at)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__email"]
    raw_id_fields = ["user"]
    exclude = ["key_hash"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
