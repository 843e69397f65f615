"""A roster upload always ends: bad bytes are per-row errors, any failure marks the upload failed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import RosterImport, StaffMember
from tests.agencies.test_roster_import import GOOD_ROWS, VI_HEADERS
from tests.agencies.test_roster_upload import admin_user_, media_in_tmp, post  # noqa: F401


def nul_file():
    lines = [",".join(VI_HEADERS + ["Ghi\x00chú"])]
    lines.append(",".join(GOOD_ROWS[0]))
    lines.append(",".join(["Trần Thị\x00 Bình", "NA002", "", "", "viên chức", "SKHCN-TT", "Kỹ sư", "", "x"]))
    lines.append(",".join(["Lê Văn Cường", "NA003", "", "", "cán\x00 bộ", "SYT", "", "", "\x00"]))
    return SimpleUploadedFile("roster.csv", ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "import"])
def test_a_nul_byte_is_a_row_error_and_the_upload_finishes(client, post, tree, admin_user_, eager_celery, dry_run):  # noqa: F811
    client.force_login(admin_user_)
    data = {"file": nul_file(), **({"dry_run": "on"} if dry_run else {})}
    response = post(reverse("agencies_roster_import:upload"), data)
    upload = RosterImport.objects.get()
    assert upload.status == "done"
    page = client.get(response["Location"]).content.decode()
    assert "Dòng 3: các ô thuộc cột “Họ và tên” / “full_name” chứa ký tự NUL" in page
    assert "Dòng 4: các ô thuộc cột “Loại” / “category” chứa ký tự NUL" in page
    assert "Dòng 2" not in page
    assert StaffMember.objects.count() == 0
    progress = client.get(reverse("agencies_roster_import:progress", args=(upload.pk,))).json()
    assert progress["finished"] and progress["status"] == "done"


def test_any_failure_marks_the_upload_failed_in_vietnamese(client, post, tree, admin_user_, eager_celery):  # noqa: F811
    from agencies.tasks import import_roster_upload

    client.force_login(admin_user_)
    upload = RosterImport.objects.create(
        file=SimpleUploadedFile("roster.csv", b"x"), original_name="roster.csv", dry_run=True,
        uploaded_by=admin_user_,
    )  # fmt: skip
    upload.file.storage.delete(upload.file.name)  # a worker that does not share MEDIA_ROOT, a disk gone
    with pytest.raises(FileNotFoundError):
        import_roster_upload.run(upload.pk, "vi")
    upload.refresh_from_db()
    assert upload.status == "failed" and upload.finished_at is not None
    page = client.get(reverse("agencies_roster_import:status", args=(upload.pk,))).content.decode()
    assert "Việc nhập gặp lỗi ngoài dự kiến; không có gì thay đổi." in page
    progress = client.get(reverse("agencies_roster_import:progress", args=(upload.pk,))).json()
    assert progress["finished"] and progress["status"] == "failed"


def test_a_report_that_cannot_be_stored_still_ends_the_upload(tree, admin_user_):  # noqa: F811
    from agencies.roster.uploads import finish

    upload = RosterImport.objects.create(original_name="roster.csv", uploaded_by=admin_user_, status="running")
    finish(upload, "done", {"message": "Tên\x00", "errors": ["Dòng 2: “\x00”"], "counts": {"created": 1}}, rows=1)
    upload.refresh_from_db()
    assert upload.status == "done" and "\x00" not in str(upload.result) and upload.result["counts"]["created"] == 1
