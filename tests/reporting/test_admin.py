"""Province administrators keep the targets in the admin."""

import pytest

pytestmark = pytest.mark.django_db


def test_targets_and_tokens_in_the_admin(client, province, django_user_model):
    from reporting.services import issue_token

    admin = django_user_model.objects.create(
        username="qt-admin", email="qt.admin@nghean.gov.vn", is_superuser=True, is_staff=True
    )
    issue_token(admin, "Hệ thống tỉnh")
    client.force_login(admin)
    page = client.get("/django-admin/reporting/target/").content.decode()
    assert "cbccvc" in page and "tmdt" in page
    target = province["targets"]["cbccvc"]
    assert client.get(f"/django-admin/reporting/target/{target.pk}/change/").status_code == 200
    assert "Hệ thống tỉnh" in client.get("/django-admin/reporting/apitoken/").content.decode()
    assert client.get("/django-admin/reporting/apitoken/add/").status_code == 403
