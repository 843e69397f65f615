"""The learner's roster pages, included by lms/urls.py under /accounts/profile/roster/ (beside the profile)."""

from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("", views.roster_match, name="roster_match"),
]
