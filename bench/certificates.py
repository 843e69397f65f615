"""Certificate PDF benchmark: certificates/s against a bare reportlab page with the same fonts, one run.

    DEBUG=1 .venv/bin/python bench/certificates.py [-n 300]

Both sides run in this process on one core: (1) the full certificate (`certificates.pdf.draw`: frame,
header, wording, facts, QR code, signature block; Be Vietnam Pro in three weights, embedded and subset),
(2) the baseline: an A4 page with the same three fonts and the learner's name, nothing else. It prints
PDFs/s for each, the ratio, and the sizes. Targets: >= 50 PDFs/s, within 3x of the bare page, < 100 KB.
"""

import argparse
import io
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from certificates.pdf import FONT, FONT_BOLD, FONT_SEMIBOLD, draw, register_fonts  # noqa: E402

NAMES = ["Nguyễn Thị Hồng Nhung", "Lê Văn Đức", "Trần Quốc Tuấn", "Phạm Thị Ánh Tuyết", "Hồ Sỹ Hùng"]


def certificate(n):
    code = f"NA-2026-{n:04d}-M2XD".replace("0", "A").replace("1", "B")
    return {
        "issuing_body": "UBND tỉnh Nghệ An",
        "issuing_unit": "Sở Khoa học và Công nghệ",
        "heading": "GIẤY CHỨNG NHẬN",
        "signatory_name": "Nguyễn Văn Hùng",
        "signatory_title": "KT. Giám đốc\nPhó Giám đốc",
        "orientation": "landscape",
        "accent_colour": "#8B1A1A",
        "signature": None,
        "seal": None,
        "name": NAMES[n % len(NAMES)],
        "organisation": "UBND phường Trường Vinh",
        "wording": "Đã hoàn thành khóa học «An toàn thông tin cơ bản» (An toàn thông tin, 8 giờ) ngày 15/03/2026, "
        "đạt 92%.",
        "completed_on": "15/03/2026",
        "score": "92%",
        "code": code,
        "expires_on": "15/03/2028",
        "issued_on": date(2026, 3, 16),
        "url": f"https://kynangso.nghean.gov.vn/certificates/verify/{code}/",
    }


def bare(n):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4), pageCompression=1, invariant=1, initialFontName=FONT)
    for font, y in ((FONT, 400), (FONT_SEMIBOLD, 300), (FONT_BOLD, 200)):
        pdf.setFont(font, 20)
        pdf.drawString(100, y, NAMES[n % len(NAMES)])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def measure(fn, count):
    sizes = []
    start = time.perf_counter()
    for n in range(count):
        sizes.append(len(fn(n)))
    elapsed = time.perf_counter() - start
    return count / elapsed, sizes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300)
    args = parser.parse_args()
    register_fonts()
    measure(lambda n: draw(certificate(n)), 10)  # warm up
    measure(bare, 10)
    rounds = []
    for _ in range(3):  # interleaved, so a busy neighbour slows both sides alike
        full_rate, sizes = measure(lambda n: draw(certificate(n)), args.n)
        bare_rate, bare_sizes = measure(bare, args.n)
        rounds.append((full_rate, bare_rate))
    full_rate = max(r[0] for r in rounds)
    bare_rate = max(r[1] for r in rounds)
    print(f"certificates : {full_rate:8.1f} PDFs/s  ({args.n} x 3 rounds, best)")
    print(f"bare page    : {bare_rate:8.1f} PDFs/s  (same fonts, the name only)")
    print(f"ratio        : {bare_rate / full_rate:8.2f}x slower than the bare page (target <= 3x)")
    print(f"size         : {min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB per certificate (target < 100 KB); "
          f"bare page {max(bare_sizes) / 1024:.1f} KB")  # fmt: skip


if __name__ == "__main__":
    main()
