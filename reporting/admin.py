from django.contrib import admin

from .models import APIToken, CoverageSnapshot


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are issued with reporting.services.issue_token, which shows the secret once


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(admin.ModelAdmin):
    list_display = ["target", "agency", "date", "population", "trained"]
    list_filter = ["target", "date"]
