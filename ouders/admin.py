from django.contrib import admin

from organisatie.admin import ScopedAdminMixin

from .models import ChildParent, Parent


class ParentChildInline(admin.TabularInline):
    model = ChildParent
    extra = 0
    autocomplete_fields = ["child"]


@admin.register(Parent)
class ParentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "preferred_language", "interpreter_needed", "organization"]
    list_filter = ["preferred_language", "interpreter_needed", "organization"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [ParentChildInline]
