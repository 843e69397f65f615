import base64

import pytest
from django.urls import reverse

from xapi.models import Credential
from xapi.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@kynangso.local", "pw-123456789")
    client.force_login(admin)
    return client


def test_admin_creates_a_credential_and_sees_its_secret_once(admin_client, client):
    response = admin_client.post(
        reverse("xapi_credentials:add"),
        {"name": "Hệ thống báo cáo tỉnh", "scopes": ["statements/read"], "active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    credential = Credential.objects.get()
    assert credential.scopes == ["statements/read"]
    page = response.content.decode()
    assert credential.key in page
    secret = page.split("<code>")[2].split("</code>")[0]
    assert credential.check_secret(secret)
    # The secret works for HTTP Basic, with exactly the scope granted.
    auth = "Basic " + base64.b64encode(f"{credential.key}:{secret}".encode()).decode()
    headers = {"HTTP_AUTHORIZATION": auth, "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
    assert client.get("/xapi/statements", **headers).status_code == 200
    assert client.post("/xapi/statements", "{}", content_type="application/json", **headers).status_code == 403
    # Listing shows no secret material.
    listing = admin_client.get(reverse("xapi_credentials:index")).content.decode()
    assert secret not in listing and credential.secret_hash not in listing


def test_statements_are_read_only_in_the_admin(admin_client, django_user_model):
    learner = django_user_model.objects.create_user("hv", "hv@kynangso.local", "pw-123456789")
    statement = record(learner, "experienced", "http://example.com/lesson/1")
    assert admin_client.get(reverse("xapi_statements:index")).status_code == 200
    inspect = admin_client.get(reverse("xapi_statements:inspect", args=[statement.pk]))
    assert inspect.status_code == 200
    assert "http://example.com/lesson/1" in inspect.content.decode()
    assert admin_client.get(reverse("xapi_statements:edit", args=[statement.pk])).status_code in (302, 403)
    assert admin_client.post(reverse("xapi_statements:delete", args=[statement.pk])).status_code in (302, 403)
    statement.refresh_from_db()


def test_learners_cannot_reach_the_lrs_admin(client, django_user_model):
    learner = django_user_model.objects.create_user("hv2", "hv2@kynangso.local", "pw-123456789")
    client.force_login(learner)
    response = client.get(reverse("xapi_credentials:index"))
    assert response.status_code in (302, 403)
