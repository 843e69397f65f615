from django.urls import path, re_path

from .views import about, activities, documents, statements

app_name = "xapi"

# Resource names follow the xAPI specification exactly: clients append them to the endpoint /xapi/.
urlpatterns = [
    path("about", about.about, name="about"),
    path("statements", statements.statements, name="statements"),
    path("activities", activities.activities, name="activities"),
    path("activities/state", documents.state, name="state"),
    path("activities/profile", documents.activity_profile, name="activity-profile"),
    path("agents", activities.agents, name="agents"),
    path("agents/profile", documents.agent_profile, name="agent-profile"),
    re_path(r"^.*$", about.unknown_resource),
]
