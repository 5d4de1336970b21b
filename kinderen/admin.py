from django.contrib import admin

from .models import Child


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["full_name", "date_of_birth", "group", "location", "start_date", "end_date"]
    list_filter = ["location", "group__care_type"]
    search_fields = ["first_name", "last_name"]
    list_select_related = ["group__location", "location"]
    date_hierarchy = "start_date"
