"""Staff pages of the parent portal: sharing a talk, planning one, inviting a parent."""

urlpatterns: list = []
