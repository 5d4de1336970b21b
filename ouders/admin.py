from django.contrib import admin

from kinderen.admin import ChildAdmin
from kinderen.models import Child

from .models import ChildParent, Parent


class ChildParentInline(admin.TabularInline):
    model = ChildParent
    extra = 0
    autocomplete_fields = ["parent"]


class ChildWithParentsAdmin(ChildAdmin):
    """The child's admin page with its parents: the link table lives here, a layer up."""

    inlines = [ChildParentInline]


admin.site.unregister(Child)
admin.site.register(Child, ChildWithParentsAdmin)


class ParentChildInline(admin.TabularInline):
    model = ChildParent
    extra = 0
    autocomplete_fields = ["child"]


@admin.register(Parent)
class ParentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "preferred_language", "interpreter_needed", "organization"]
    list_filter = ["preferred_language", "interpreter_needed", "organization"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [ParentChildInline]
