from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Checklist, Conversation, FollowUp, Tip, TipScore


class TipInline(admin.TabularInline):
    model = Tip
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    """The standard checklist is shared by every organisation."""

    list_display = ["name", "organization", "is_standard"]
    inlines = [TipInline]


class TipScoreInline(admin.TabularInline):
    model = TipScore
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["owner_staff", "owner_parent"]


@admin.register(Conversation)
class ConversationAdmin(SimpleHistoryAdmin):
    list_display = ["occurred_at", "kind", "child", "author", "location", "score_percentage"]
    list_filter = ["kind", "location", "escalated", "ended_early"]
    date_hierarchy = "occurred_at"
    raw_id_fields = ["child", "author", "parents", "co_staff"]
    list_select_related = ["child", "author__user", "location"]
    inlines = [TipScoreInline, FollowUpInline]
    show_full_result_count = False
