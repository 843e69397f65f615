"""The demo logins `seed_demo` prints, in one table: each app's demo data asks for a login by its key and
adds what the login means there (the trainer's group, the HR officer's scope, the roster entry)."""

from django.utils.translation import gettext_lazy as _

# key: (role shown in the summary, e-mail, password, full name, account flags). Demo data only (DEBUG).
DEMO_LOGINS = {
    "admin": (_("Administrator"), "admin@kynangso.local", "admin-kns-2026", "Quản trị hệ thống",
              {"is_staff": True, "is_superuser": True}),
    "province_admin": (_("Province administrator"), "quantritinh@kynangso.local", "quantritinh-kns-2026",
                       "Lê Thị Lan", {}),
    "trainer": (_("Trainer"), "trainer@kynangso.local", "trainer-kns-2026", "Nguyễn Thị Hương", {}),
    "hr_officer": (_("HR officer, Sở Khoa học và Công nghệ"), "hr.skhcn@kynangso.local", "hr-kns-2026",
                   "Trần Văn Tổ", {}),
    "civil_servant": (_("Civil servant on the roster"), "hocvien@kynangso.local", "hocvien-kns-2026",
                      "Lê Văn Học", {}),
    "business": (_("Business learner (co-operative)"), "doanhnghiep@kynangso.local", "doanhnghiep-kns-2026",
                 "Phan Thị Mai", {}),
    "household": (_("Learner (household business)"), "hokinhdoanh@kynangso.local", "hokinhdoanh-kns-2026",
                  "Phan Văn Bình", {}),
}  # fmt: skip


def demo_login(report, key):
    """The demo login `key`, made or refreshed once per seed_demo run (apps that share it ask again)."""
    from django.contrib.auth import get_user_model

    from .services import ensure_demo_user

    role, email, password, full_name, flags = DEMO_LOGINS[key]
    if any(login == email for _role, login, _password in getattr(report, "logins", [])):
        return get_user_model().objects.get(email__iexact=email)
    return ensure_demo_user(report, role=str(role), email=email, password=password, full_name=full_name, **flags)
