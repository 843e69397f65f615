"""The roster upload screen in the admin: the import runs as a Celery task the page follows."""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies import services
from agencies.models import RosterImport, StaffMember
from tests.agencies.test_roster_import import GOOD_ROWS, VI_HEADERS


def csv_upload(rows, name="roster.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(VI_HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def hr_science(tree, django_user_model):
    user = django_user_model.objects.create_user("hr.skhcn", "hr.skhcn@example.org", "pw-hr-2026")
    services.grant_hr_scope(user, tree["science"])
    return user


@pytest.fixture
def admin_user_(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-2026")


@pytest.fixture(autouse=True)
def media_in_tmp(request, settings, tmp_path):
    # The worker of integration tests shares the configured MEDIA_ROOT, as in production.
    if not request.node.get_closest_marker("integration"):
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST, then run what waits for the commit (queuing the task), as after a real request."""

    def send(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return send


def test_preview_then_import_for_real(client, post, tree, admin_user_, eager_celery):
    client.force_login(admin_user_)
    response = post(reverse("agencies_roster_import:upload"), {"file": csv_upload(GOOD_ROWS), "dry_run": "on"})
    assert response.status_code == 302
    preview = RosterImport.objects.get()
    assert preview.status == "done" and preview.result["counts"]["created"] == 4
    assert StaffMember.objects.count() == 0

    page = client.get(response["Location"]).content.decode()
    assert "Chỉ xem trước" in page and "Nhập tệp này" in page

    response = post(reverse("agencies_roster_import:apply", args=(preview.pk,)))
    real = RosterImport.objects.exclude(pk=preview.pk).get()
    assert response["Location"] == reverse("agencies_roster_import:status", args=(real.pk,))
    assert real.status == "done" and real.result["applied"] is True
    assert StaffMember.objects.count() == 4
    progress = client.get(reverse("agencies_roster_import:progress", args=(real.pk,))).json()
    assert progress["finished"] and progress["percent"] == 100


def test_a_bad_file_lists_each_bad_row_in_vietnamese(client, post, tree, admin_user_, eager_celery):
    client.force_login(admin_user_)
    rows = [GOOD_ROWS[0], ["Bùi Văn Hải", "NA012", "", "0123", "công chức", "SYT", "", ""]]
    response = post(reverse("agencies_roster_import:upload"), {"file": csv_upload(rows)})
    page = client.get(response["Location"]).content.decode()
    assert "Dòng 3: “0123” không phải là số điện thoại Việt Nam hợp lệ" in page
    assert "không nhập gì" in page
    assert StaffMember.objects.count() == 0


def test_wrong_file_type_is_refused_by_the_form(client, post, tree, admin_user_):
    client.force_login(admin_user_)
    upload = SimpleUploadedFile("roster.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = post(reverse("agencies_roster_import:upload"), {"file": upload})
    assert response.status_code == 200
    assert "CSV hoặc Excel" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_hr_officer_imports_only_into_their_subtree(client, post, tree, hr_science, eager_celery):
    client.force_login(hr_science)
    # Without choosing an agency: refused by the form.
    response = post(reverse("agencies_roster_import:upload"), {"file": csv_upload(GOOD_ROWS[:2])})
    assert response.status_code == 200 and not RosterImport.objects.exists()
    # A sibling department's agency is not even a choice.
    response = post(
        reverse("agencies_roster_import:upload"),
        {"file": csv_upload(GOOD_ROWS[:2]), "agency": tree["health"].pk},
    )
    assert response.status_code == 200 and not RosterImport.objects.exists()
    response = post(
        reverse("agencies_roster_import:upload"),
        {"file": csv_upload(GOOD_ROWS), "agency": tree["science"].pk},
    )
    upload = RosterImport.objects.get()
    assert upload.result["counts"]["errors"] == 2  # the rows of Sở Y tế and Xã Nam Đàn
    assert StaffMember.objects.count() == 0
    post(
        reverse("agencies_roster_import:upload"),
        {"file": csv_upload(GOOD_ROWS[:2]), "agency": tree["science"].pk},
    )
    assert sorted(StaffMember.objects.values_list("staff_code", flat=True)) == ["NA001", "NA002"]


def test_uploads_are_private_to_their_uploader(
    client, post, tree, hr_science, admin_user_, django_user_model, eager_celery
):
    client.force_login(admin_user_)
    post(reverse("agencies_roster_import:upload"), {"file": csv_upload(GOOD_ROWS), "dry_run": "on"})
    upload = RosterImport.objects.get()
    client.force_login(hr_science)
    assert client.get(reverse("agencies_roster_import:status", args=(upload.pk,))).status_code == 404
    assert client.get(reverse("agencies_roster_import:progress", args=(upload.pk,))).status_code == 404
    assert client.post(reverse("agencies_roster_import:apply", args=(upload.pk,))).status_code == 404
    learner = django_user_model.objects.create_user("learner", "learner@example.org", "pw")
    client.force_login(learner)
    assert client.get(reverse("agencies_roster_import:upload")).status_code in (302, 403)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_the_upload(client, celery_worker):
    from agencies.reorganisation import create_agency

    province = create_agency(code="UBND", name="UBND tỉnh Nghệ An", kind="province")
    create_agency(code="SKHCN", name="Sở Khoa học và Công nghệ", kind="department", parent=province)
    root = (
        type(province)._meta.apps.get_model("accounts", "User").objects.create_superuser("root", "r@example.org", "pw")
    )
    client.force_login(root)
    rows = [[f"Người Số {i}", f"W{i:05d}", "", "", "công chức", "SKHCN", "", ""] for i in range(3000)]
    response = client.post(reverse("agencies_roster_import:upload"), {"file": csv_upload(rows)})
    assert response.status_code == 302
    upload = RosterImport.objects.get()
    progress_url = reverse("agencies_roster_import:progress", args=(upload.pk,))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        progress = client.get(progress_url).json()
        if progress["finished"]:
            break
        time.sleep(0.3)
    assert progress["finished"], progress
    upload.refresh_from_db()
    upload.file.delete(save=False)
    assert upload.status == "done" and upload.result["counts"]["created"] == 3000
    assert StaffMember.objects.count() == 3000
