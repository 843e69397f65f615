"""The QR code on the certificate PDF reads back as the verify URL, module for module what reportlab's encoder
makes of it."""

import io

import pytest

pytestmark = pytest.mark.django_db

FILL_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def reference_modules(url):
    """reportlab's encoder end to end (its own Reed-Solomon and data placement), with the PDF's mask."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    from certificates.pdf import QR_MASK

    qr = QrCodeWidget(url, barLevel="M").qr
    qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK)
    return [[bool(module) for module in row] for row in qr.modules]


def filled_rectangles(pdf_bytes):
    """Every filled rectangle on the first page, in page coordinates, as (x0, y0, x1, y1)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf_bytes))
    page = reader.pages[0]
    matrix, stack, path, filled = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], [], []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            a0, b0, c0, d0, e0, f0 = matrix
            matrix = (a * a0 + b * c0, a * b0 + b * d0, c * a0 + d * c0, c * b0 + d * d0,
                      e * a0 + f * c0 + e0, e * b0 + f * d0 + f0)  # fmt: skip
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            a, b, c, d, e, f = matrix
            assert b == c == 0, "no rotated rectangles on the certificate"
            xs, ys = (a * x + e, a * (x + w) + e), (d * y + f, d * (y + h) + f)
            path.append((min(xs), min(ys), max(xs), max(ys)))
        elif operator in FILL_OPERATORS:
            filled.extend(path)
            path = []
        elif operator in {b"S", b"s", b"n"}:
            path = []
    return filled


def modules_drawn(rectangles):
    """The module grid the rectangles paint: each must sit on the grid of the smallest module height."""
    box = min(y1 - y0 for _x0, y0, _x1, y1 in rectangles)
    left = min(r[0] for r in rectangles)
    top = max(r[3] for r in rectangles)
    count = round((max(r[2] for r in rectangles) - left) / box)
    grid = [[False] * count for _ in range(count)]
    for x0, y0, x1, y1 in rectangles:
        cells = [(x0 - left) / box, (x1 - left) / box, (top - y1) / box, (top - y0) / box]
        assert all(abs(cell - round(cell)) < 0.01 for cell in cells), "a rectangle off the module grid"
        c0, c1, r0, r1 = (round(cell) for cell in cells)
        for row in range(r0, r1):
            for column in range(c0, c1):
                assert not grid[row][column], "modules painted twice"
                grid[row][column] = True
    return grid


def decode(grid):
    """What a QR reader makes of the grid, drawn 8 pixels a module with a 4-module quiet zone."""
    import zxingcpp
    from PIL import Image, ImageDraw

    scale, border = 8, 4
    side = (len(grid) + 2 * border) * scale
    image = Image.new("L", (side, side), 255)
    pen = ImageDraw.Draw(image)
    for row_number, row in enumerate(grid):
        for column, dark in enumerate(row):
            if dark:
                x, y = (column + border) * scale, (row_number + border) * scale
                pen.rectangle((x, y, x + scale - 1, y + scale - 1), fill=0)
    return [(result.format, result.text) for result in zxingcpp.read_barcodes(image)]


def test_the_qr_code_in_the_pdf_decodes_to_the_verify_url(issued, settings):
    import zxingcpp

    from certificates.services import verify_url

    with issued.pdf.open("rb") as file:
        rectangles = filled_rectangles(file.read())
    url = verify_url(issued.code)
    grid = modules_drawn(rectangles)
    assert grid == reference_modules(url)
    assert decode(grid) == [(zxingcpp.BarcodeFormat.QRCode, url)]


@pytest.mark.parametrize("length", [1, 40, 150, 400, 1000])
def test_the_fast_encoder_matches_reportlabs_for_every_version_size(length):
    """Short and long payloads (one to several Reed-Solomon blocks, with version information from 7 up)."""
    from certificates.pdf import qr_modules

    url = "https://kynangso.nghean.gov.vn/certificates/verify/" + "NA-2026-M2XD" * (length // 12) + "/"
    assert qr_modules(url) == reference_modules(url)
