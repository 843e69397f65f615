"""Plausible Vietnamese names, e-mails and phone numbers for the demo roster (deterministic)."""

from common.text import fold

FAMILY_NAMES = [
    ("Nguyễn", 30), ("Trần", 10), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Phan", 5), ("Vũ", 3), ("Võ", 4),
    ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 4), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Thái", 2),
    ("Cao", 1), ("Đinh", 2), ("Lương", 1), ("Chu", 1), ("Trương", 1), ("Hà", 1), ("Lò", 1), ("Vi", 1),
]  # fmt: skip
MIDDLE_NAMES = {
    "m": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Đình", "Công", "Anh", "Thành", "Trọng", "Bá"],
    "f": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Phương", "Hồng", "Thùy", "Mai", "Kim", "Diệu"],
}
GIVEN_NAMES = {
    "m": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Kiên", "Lâm", "Long",
          "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung",
          "Tuấn", "Việt", "Vinh", "Hoàng", "Tâm"],
    "f": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Huyền", "Lan", "Liên", "Linh",
          "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Sương", "Thảo", "Thủy", "Trang",
          "Tuyết", "Vân", "Xuân", "Yến", "Hiền"],
}  # fmt: skip
MOBILE_PREFIXES = ["91", "94", "98", "97", "96", "86", "88", "35", "36", "33", "39", "70", "77", "81", "83"]


def person_name(rng):
    gender = rng.choice("mf")
    family = rng.choices([name for name, _ in FAMILY_NAMES], weights=[w for _, w in FAMILY_NAMES])[0]
    return f"{family} {rng.choice(MIDDLE_NAMES[gender])} {rng.choice(GIVEN_NAMES[gender])}"


def ascii_slug(text):
    return "".join(char for char in fold(text) if char.isascii() and char.isalnum())


def email_for(name, number):
    *first, given = name.split()
    initials = "".join(ascii_slug(part)[0] for part in first)
    return f"{ascii_slug(given)}{initials}{number}@nghean.gov.vn"


def mobile(rng):
    return "+84" + rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
