"""The certificate PDF: A4, reportlab, Be Vietnam Pro embedded and subset, a QR code to the verify page.

The wording on the certificate is Vietnamese-first data (the template's text and the labels below), as
on any official Vietnamese document; it is not interface text and is not translated.
"""

import io
import itertools
import logging
import unicodedata
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

logger = logging.getLogger(__name__)

FONT = "BeVietnamPro"
FONT_BOLD = "BeVietnamPro-Bold"
FONT_SEMIBOLD = "BeVietnamPro-SemiBold"

LABELS = {
    "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "awarded_to": "Chứng nhận",
    "organisation": "Đơn vị",
    "completed_on": "Ngày hoàn thành",
    "score": "Điểm bài kiểm tra cuối khóa",
    "code": "Mã chứng nhận",
    "expires_on": "Có giá trị đến",
    "verify": "Kiểm tra tính xác thực",
    "place_date": "Nghệ An, ngày {d:02d} tháng {m:02d} năm {y}",
    "no_score": "không chấm điểm",
}


@cache
def register_fonts():
    """Register the TTFs once per process; reportlab embeds only the glyphs a document uses."""
    from fontpkg_be_vietnam_pro import ROOT

    for name, file in ((FONT, "Regular"), (FONT_SEMIBOLD, "SemiBold"), (FONT_BOLD, "Bold")):
        pdfmetrics.registerFont(TTFont(name, str(ROOT / "files" / f"BeVietnamPro-{file}.ttf")))
    return True


def nfc(text):
    return unicodedata.normalize("NFC", str(text if text is not None else ""))


def dmy(day):
    return day.strftime("%d/%m/%Y") if day else ""


def verify_url(code):
    return settings.SITE_URL + reverse("certificates:verify", args=[code])


def template_data(certificate):
    """The template as it was in the revision the certificate was drawn with."""
    template = None
    if certificate.template_revision_id:
        try:
            template = certificate.template_revision.as_object()
        except Exception:  # a revision that no longer loads: fall back to the template itself
            logger.exception("could not load template revision %s", certificate.template_revision_id)
    template = template or certificate.template
    if template is None:
        from .models import DEFAULT_WORDING

        return {
            "issuing_body": "UBND TỈNH NGHỆ AN",
            "issuing_unit": "",
            "heading": "GIẤY CHỨNG NHẬN",
            "wording": DEFAULT_WORDING,
            "signatory_name": "",
            "signatory_title": "",
            "orientation": "landscape",
            "accent_colour": "#8B1A1A",
            "signature": None,
            "seal": None,
        }
    return {
        "issuing_body": template.issuing_body,
        "issuing_unit": template.issuing_unit,
        "heading": template.heading,
        "wording": template.wording,
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "orientation": template.orientation,
        "accent_colour": template.accent_colour,
        "signature": _image_path(template.signature_image_id),
        "seal": _image_path(template.seal_image_id),
    }


def _image_path(image_id):
    if not image_id:
        return None
    from wagtail.images import get_image_model

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return None
    try:
        return image.file.path
    except (NotImplementedError, ValueError):
        return None


def fields_of(certificate):
    score = f"{certificate.score}%" if certificate.score is not None else LABELS["no_score"]
    hours = certificate.hours
    hours_text = f"{float(hours):g}".replace(".", ",") if hours is not None else ""
    return {
        "name": certificate.learner_name,
        "course": certificate.course_title,
        "track": certificate.track,
        "hours": hours_text,
        "completed_on": dmy(certificate.completed_on),
        "score": score,
        "organisation": certificate.organisation,
    }


def render(certificate):
    """The PDF of a certificate, as bytes."""
    data = template_data(certificate)
    fields = {key: nfc(value) for key, value in fields_of(certificate).items()}
    try:
        wording = nfc(data["wording"]).format(**fields)
    except (KeyError, IndexError, ValueError):
        from .models import DEFAULT_WORDING

        wording = DEFAULT_WORDING.format(**fields)
    return draw(
        {
            **{key: nfc(value) for key, value in data.items() if isinstance(value, str)},
            "signature": data["signature"],
            "seal": data["seal"],
            "name": fields["name"],
            "organisation": fields["organisation"],
            "wording": wording,
            "completed_on": fields["completed_on"],
            "score": fields["score"],
            "code": certificate.code,
            "expires_on": dmy(certificate.expires_on),
            "issued_on": certificate.issued_on,
            "url": verify_url(certificate.code),
        }
    )


def draw(d):
    """Lay out one certificate from plain values (the benchmark calls this too)."""
    register_fonts()
    size = landscape(A4) if d.get("orientation", "landscape") == "landscape" else A4
    width, height = size
    accent = HexColor(d.get("accent_colour") or "#8B1A1A")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size, pageCompression=1, invariant=1, initialFontName=FONT)
    pdf.setTitle(f"{d['heading']} {d['code']}")
    pdf.setAuthor(d["issuing_body"])
    pdf.setSubject(d["name"])

    # Frame
    pdf.setStrokeColor(accent)
    pdf.setLineWidth(3)
    pdf.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)

    left, right, centre = 25 * mm, width - 25 * mm, width / 2
    top = height - 27 * mm
    # Header: the issuing body on the left, the national motto on the right.
    pdf.setFillColor(HexColor("#222222"))
    column = (width - 50 * mm) / 2
    pdf.setFont(FONT, 10.5)
    pdf.drawCentredString(left + column / 2 - 10 * mm, top, d["issuing_body"].upper())
    if d.get("issuing_unit"):
        pdf.setFont(FONT_BOLD, 10.5)
        pdf.drawCentredString(left + column / 2 - 10 * mm, top - 14, d["issuing_unit"].upper())
    pdf.setFont(FONT_BOLD, 10.5)
    pdf.drawCentredString(right - column / 2 + 10 * mm, top, LABELS["nation"])
    pdf.setFont(FONT_SEMIBOLD, 10.5)
    pdf.drawCentredString(right - column / 2 + 10 * mm, top - 14, LABELS["motto"])

    # Heading and name
    y = top - 58
    pdf.setFillColor(accent)
    pdf.setFont(FONT_BOLD, 30)
    pdf.drawCentredString(centre, y, d["heading"])
    y -= 34
    pdf.setFillColor(HexColor("#222222"))
    pdf.setFont(FONT, 13)
    pdf.drawCentredString(centre, y, LABELS["awarded_to"])
    y -= 32
    pdf.setFillColor(accent)
    pdf.setFont(FONT_BOLD, 26)
    pdf.drawCentredString(centre, y, d["name"])
    pdf.setFillColor(HexColor("#222222"))
    if d.get("organisation"):
        y -= 22
        pdf.setFont(FONT, 12.5)
        pdf.drawCentredString(centre, y, f"{LABELS['organisation']}: {d['organisation']}")
    y -= 26
    pdf.setFont(FONT, 13)
    for line in simpleSplit(d["wording"], FONT, 13, width - 70 * mm):
        pdf.drawCentredString(centre, y, line)
        y -= 18

    # Facts
    facts = [(LABELS["completed_on"], d["completed_on"]), (LABELS["score"], d["score"]), (LABELS["code"], d["code"])]
    if d.get("expires_on"):
        facts.append((LABELS["expires_on"], d["expires_on"]))
    y -= 6
    for label, value in facts:
        pdf.setFont(FONT, 11)
        pdf.drawRightString(centre - 3, y, f"{label}:")
        pdf.setFont(FONT_SEMIBOLD, 11)
        pdf.drawString(centre + 3, y, value)
        y -= 15

    # QR code to the verify page, bottom left.
    qr_size = 32 * mm
    draw_qr(pdf, d["url"], left, 20 * mm, qr_size)
    pdf.setFont(FONT, 8)
    pdf.drawString(left, 17 * mm, f"{LABELS['verify']}:")
    pdf.drawString(left, 17 * mm - 10, d["url"])

    # Signature block, bottom right.
    issued = d["issued_on"]
    sign_x = right - 45 * mm
    sy = 62 * mm
    pdf.setFont(FONT, 11)
    pdf.drawCentredString(sign_x, sy, LABELS["place_date"].format(d=issued.day, m=issued.month, y=issued.year))
    pdf.setFont(FONT_BOLD, 11.5)
    for line in simpleSplit(d.get("signatory_title", "").upper(), FONT_BOLD, 11.5, 90 * mm):
        sy -= 15
        pdf.drawCentredString(sign_x, sy, line)
    for path, box in ((d.get("seal"), 30 * mm), (d.get("signature"), 24 * mm)):
        if path:
            try:
                pdf.drawImage(path, sign_x - box / 2, 24 * mm, box, box, mask="auto", preserveAspectRatio=True)
            except OSError:
                logger.warning("certificate image %s could not be read", path)
    if d.get("signatory_name"):
        pdf.setFont(FONT_BOLD, 12.5)
        pdf.drawCentredString(sign_x, 20 * mm, d["signatory_name"])

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# Any of the eight QR mask patterns is valid (ISO/IEC 18004); the encoder's search for the best one
# costs about 110 ms a code in pure Python, so one fixed pattern is used.
QR_MASK = 2
QR_BORDER = QrCodeWidget.barBorder  # modules of quiet zone on each side, as the widget draws it


@cache
def _rs_products(degree):
    """For each value of the leading term, what one step of the division by the Reed-Solomon generator
    polynomial of `degree`, (x - a^0)(x - a^1)...(x - a^(degree-1)) over GF(256), XORs into the rest."""
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    poly = [1]
    for i in range(degree):
        product = [*poly, 0]
        for j, coefficient in enumerate(poly):
            if coefficient:
                product[j + 1] ^= exp[(log[coefficient] + i) % 255]
        poly = product
    return [(0,) * degree] + [
        tuple(exp[(log[factor] + log[c]) % 255] if c else 0 for c in poly[1:]) for factor in range(1, 256)
    ]


def _rs_remainder(data, degree):
    """The `degree` error-correction codewords of one block of data codewords."""
    products = _rs_products(degree)
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [r ^ p for r, p in zip([*remainder[1:], 0], products[factor], strict=True)]
    return remainder


class _Bits:
    """The bit buffer the encoder's segments write into (`put` is all they call), kept as one integer."""

    def __init__(self):
        self.value = 0
        self.length = 0

    def put(self, number, length):
        self.value = (self.value << length) | number
        self.length += length


def _codewords(qr):
    """The final codeword sequence of `qr` (data padded, error correction added, blocks interleaved): what
    reportlab's `QRCode.createData` returns, with the Reed-Solomon division done on tables instead of its
    polynomial objects (with the data placement below, under 1 ms a code against 3 to 5 ms)."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(qr.version, qr.errorCorrectLevel)
    bits = _Bits()
    for data in qr.dataList:
        data.write(bits, qr.version)
    capacity = sum(block.dataCount for block in blocks)
    if bits.length > capacity * 8:
        raise ValueError("QR payload too long")
    if bits.length + 4 <= capacity * 8:
        bits.put(0, 4)  # terminator
    bits.put(0, -bits.length % 8)  # zeros to the byte
    codes = [*bits.value.to_bytes(bits.length // 8, "big"), *[qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1] * capacity]
    codes = codes[:capacity]
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        chunk = codes[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_rs_remainder(chunk, block.totalCount - block.dataCount))
    return [
        code
        for group in (data_blocks, ec_blocks)
        for column in itertools.zip_longest(*group)
        for code in column
        if code is not None
    ]


@cache
def _qr_layout(version, level):
    """The modules of a code of `version` and `level` with the fixed mask before its data is placed (finder,
    timing and alignment patterns, format and version information), and where the data bits go, in order,
    with the mask's value at each place."""
    qr = qrencoder.QRCode(version, level)
    capacity = sum(block.totalCount for block in qrencoder.QRRSBlock.getRSBlocks(version, level))
    qr.dataCache = [0] * capacity
    qr.makeImpl(False, QR_MASK)
    mask = qrencoder.QRUtil.getMask(QR_MASK)
    places = tuple((row, column, bool(mask(row, column))) for column, row in qr.dataPosIterator())
    return tuple(tuple(row) for row in qr.modules), places


def qr_modules(url):
    """The QR code of `url` (level M, the fixed mask) as rows of booleans, the top row first: what reportlab's
    encoder gives with `makeImpl(False, QR_MASK)`, the function patterns and data places kept per version."""
    qr = QrCodeWidget(url, barLevel="M").qr
    qr.version = qr.calculate_version()
    codes = _codewords(qr)
    template, places = _qr_layout(qr.version, qr.errorCorrectLevel)
    modules = [list(row) for row in template]
    bits = [(code >> shift) & 1 == 1 for code in codes for shift in (7, 6, 5, 4, 3, 2, 1, 0)]
    bits += [False] * (len(places) - len(bits))  # remainder bits: the mask alone shows there
    for (row, column, masked), dark in zip(places, bits, strict=True):
        modules[row][column] = dark != masked
    return modules


def draw_qr(pdf, url, x, y, size):
    """The QR code of `url` in a `size` square at (x, y), quiet zone included: each horizontal run of dark
    modules is one rectangle, all of them one filled path, in a coordinate system of one unit a module."""
    modules = qr_modules(url)
    count = len(modules)
    box = size / (count + 2 * QR_BORDER)
    runs = []
    for row_number, row in enumerate(modules):
        bottom = count - 1 - row_number
        column = 0
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:
                runs.append(f"{column} {bottom} {length} 1 re")
            column += length
    pdf.saveState()
    pdf.setFillColor(HexColor("#000000"))
    pdf.transform(box, 0, 0, box, x + QR_BORDER * box, y + QR_BORDER * box)
    pdf.addLiteral("\n".join(runs) + "\nf")
    pdf.restoreState()


def ensure_pdf(certificate):
    """Render and store the PDF once; a second renderer racing on it leaves the first file in place."""
    from .models import Certificate

    storage = certificate.pdf.storage
    if certificate.pdf and storage.exists(certificate.pdf.name):
        return certificate.pdf
    content = render(certificate)
    name = storage.save(f"certificates/pdf/{certificate.issued_on:%Y}/{certificate.code}.pdf", ContentFile(content))
    updated = Certificate.objects.filter(pk=certificate.pk, pdf=certificate.pdf.name or "").update(pdf=name)
    if not updated:
        storage.delete(name)
        certificate.refresh_from_db(fields=["pdf"])
    else:
        certificate.pdf.name = name
    return certificate.pdf
