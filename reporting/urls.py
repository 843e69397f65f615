from django.urls import path, re_path

from . import results_views, views

app_name = "reporting"

urlpatterns = [
    path("coverage/", views.coverage_page, name="coverage"),
    re_path(r"^coverage\.(?P<fmt>csv|xlsx)$", views.coverage_export, name="coverage_export"),
    path("coverage/<slug:target_code>/<str:agency_code>/people/", views.people_page, name="people"),
    re_path(
        r"^coverage/(?P<target_code>[-\w]+)/(?P<agency_code>[^/]+)/people\.(?P<fmt>csv|xlsx)$",
        views.people_export,
        name="people_export",
    ),
    path("courses/", results_views.course_results_index, name="course_results_index"),
    path("courses/<int:course_id>/", results_views.course_results_page, name="course_results"),
    re_path(
        r"^courses/(?P<course_id>[0-9]+)/results\.(?P<fmt>csv|xlsx)$",
        results_views.course_results_export,
        name="course_results_export",
    ),
]
