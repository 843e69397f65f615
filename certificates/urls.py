from django.urls import path, re_path

from . import learner_views, views

app_name = "certificates"

urlpatterns = [
    path("mine/", learner_views.mine, name="mine"),
    path("verify/", views.check_badge, name="check_badge"),
    path("verify/<str:code>/", views.verify, name="verify"),
    re_path(r"^(?P<code>[A-Za-z0-9-]{1,40})\.pdf$", views.pdf, name="pdf"),
    re_path(r"^(?P<code>[A-Za-z0-9-]{1,40})\.json$", views.badge, name="badge"),
    path("bulk/", views.bulk_start, name="bulk"),
    path("bulk/<int:pk>/", views.bulk_status, name="bulk_status"),
    path("bulk/<int:pk>/download/", views.bulk_file, name="bulk_file"),
]
