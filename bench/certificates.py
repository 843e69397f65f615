"""Certificate PDF benchmark: certificates/s against bare reportlab pages, side by side in one run.

    DEBUG=1 .venv/bin/python bench/certificates.py [-n 200]

All sides run in this process on one core, taking turns certificate by certificate, over three
rounds (the best of each side kept):
(1) the full certificate (`certificates.pdf.draw`: frame, header, wording, facts, QR code, signature
block; Be Vietnam Pro in three weights, embedded and subset);
(2) the baseline of the target: an A4 page with the same three fonts and the learner's name, and the same
QR payload (the verify URL, level M, same size and place) drawn by reportlab's own `QrCodeWidget`;
(3) the same bare page without the QR code, the fonts alone.
It prints PDFs/s for each, the ratios, and the sizes. Targets: within 1.3x of (2), >= 50 PDFs/s, < 100 KB.
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

from reportlab.graphics import renderPDF  # noqa: E402
from reportlab.graphics.barcode.qr import QrCodeWidget  # noqa: E402
from reportlab.graphics.shapes import Drawing  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
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


def bare(n, qr=False):
    """A page with the three fonts and the name; with `qr`, the certificate's QR payload drawn by
    reportlab's widget where the certificate has its QR code."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4), pageCompression=1, invariant=1, initialFontName=FONT)
    for font, y in ((FONT, 400), (FONT_SEMIBOLD, 300), (FONT_BOLD, 200)):
        pdf.setFont(font, 20)
        pdf.drawString(100, y, NAMES[n % len(NAMES)])
    if qr:
        size = 32 * mm
        drawing = Drawing(size, size)
        drawing.add(QrCodeWidget(certificate(n)["url"], barLevel="M", barWidth=size, barHeight=size))
        renderPDF.draw(drawing, pdf, 25 * mm, 20 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def bare_qr(n):
    return bare(n, qr=True)


def measure(sides, count):
    """{side: (PDFs/s, sizes)}: the sides take turns on each certificate, so load that comes and goes
    falls on all of them alike."""
    elapsed = dict.fromkeys(sides, 0.0)
    sizes = {name: [] for name in sides}
    for n in range(count):
        for name, fn in sides.items():
            start = time.perf_counter()
            sizes[name].append(len(fn(n)))
            elapsed[name] += time.perf_counter() - start
    return {name: (count / elapsed[name], sizes[name]) for name in sides}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    register_fonts()
    sides = {"certificate": lambda n: draw(certificate(n)), "bare+widget QR": bare_qr, "fonts only": bare}
    measure(sides, 10)  # warm up
    rates = dict.fromkeys(sides, 0.0)
    sizes = {}
    for _ in range(3):
        for name, (rate, sizes[name]) in measure(sides, args.n).items():
            rates[name] = max(rates[name], rate)
    full, baseline, fonts = rates["certificate"], rates["bare+widget QR"], rates["fonts only"]
    print(f"certificates   : {full:8.1f} PDFs/s  ({args.n} x 3 rounds, best; target >= 50)")
    print(f"bare+widget QR : {baseline:8.1f} PDFs/s  (same fonts, the name, the same QR payload by QrCodeWidget)")
    print(f"fonts only     : {fonts:8.1f} PDFs/s  (same fonts, the name, no QR code)")
    print(f"ratio          : {baseline / full:8.2f}x the time of bare+widget QR (target <= 1.3x)")
    print(f"ratio          : {fonts / full:8.2f}x the time of the fonts-only page")
    low, high = min(sizes["certificate"]), max(sizes["certificate"])
    print(f"size           : {low / 1024:.1f}-{high / 1024:.1f} KB per certificate (target < 100 KB); "
          f"bare+widget QR {max(sizes['bare+widget QR']) / 1024:.1f} KB, fonts only "
          f"{max(sizes['fonts only']) / 1024:.1f} KB")  # fmt: skip


if __name__ == "__main__":
    main()
