"""The PDF prints every Vietnamese letter and the verify URL; the badge is signed and tamper-evident."""

import copy
import io
import unicodedata

import pytest

from tests.certificates.conftest import complete

pytestmark = pytest.mark.django_db


def pdf_text(certificate):
    from pypdf import PdfReader

    with certificate.pdf.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("name", ["Nguyễn Thị Hồng Nhung", "Lê Văn Đức"])
def test_the_pdf_holds_the_exact_name_and_the_verify_url(name, make_course, make_learner, template, settings):
    from certificates.services import issue_for_completion, verify_url

    settings.SITE_URL = "https://kynangso.nghean.gov.vn"
    decomposed = unicodedata.normalize("NFD", name)  # as some keyboards and imports send it
    learner = make_learner(decomposed)
    certificate = issue_for_completion(complete(learner, make_course(title="Chuyển đổi số cơ bản")).pk)
    reader, text = pdf_text(certificate)
    assert name in text
    assert "Chuyển đổi số cơ bản" in text
    assert certificate.code in text
    assert verify_url(certificate.code) == f"https://kynangso.nghean.gov.vn/certificates/verify/{certificate.code}/"
    assert verify_url(certificate.code) in text
    assert certificate.completed_on.strftime("%d/%m/%Y") in text
    assert "Nguyễn Văn Hùng" in text  # the signatory
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [842, 595]  # A4 landscape
    fonts = page["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else None
        descriptor = descriptor or font["/FontDescriptor"]
        assert "/FontFile2" in descriptor  # embedded
        assert "+" in str(font["/BaseFont"])  # subset
    assert certificate.pdf.size < 100_000


def test_expiry_and_organisation_print_when_present(issued):
    _reader, text = pdf_text(issued)
    assert "Sở Khoa học và Công nghệ" in text
    assert issued.expires_on.strftime("%d/%m/%Y") in text
    assert "90%" in text


def test_the_badge_is_an_open_badges_3_credential_whose_proof_verifies(issued):
    from certificates.services import credential_for, verify_credential

    badge = credential_for(issued)
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert badge["credentialSubject"]["name"] == "Nguyễn Thị Hoa"
    assert badge["credentialSubject"]["achievement"]["name"] == "An toàn thông tin cơ bản"
    assert badge["validFrom"].endswith("T17:00:00Z")  # local midnight in Asia/Ho_Chi_Minh
    assert "validUntil" in badge
    assert badge["credentialStatus"]["revoked"] is False
    assert badge["proof"]["type"] == "DataIntegrityProof"
    assert badge["proof"]["verificationMethod"].startswith("did:key:z6Mk")
    assert verify_credential(badge) == (True, "")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda b: b["credentialSubject"].__setitem__("name", "Nguyễn Thị Hoà"),
        lambda b: b.__setitem__("validUntil", "2099-01-01T00:00:00Z"),
        lambda b: b["credentialStatus"].__setitem__("revoked", True),
        lambda b: b["proof"].__setitem__("created", "2020-01-01T00:00:00Z"),
        lambda b: b["proof"].__setitem__("proofValue", b["proof"]["proofValue"][:-2] + "11"),
        lambda b: b.pop("proof"),
    ],
)
def test_a_tampered_badge_fails_verification(issued, tamper):
    from certificates.services import credential_for, verify_credential

    badge = copy.deepcopy(credential_for(issued))
    tamper(badge)
    ok, reason = verify_credential(badge)
    assert ok is False and reason


def test_a_badge_signed_by_another_key_is_not_this_sites(issued):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from certificates import badges
    from certificates.services import verify_credential

    forged = badges.sign(badges.unsigned_credential(issued), key=Ed25519PrivateKey.generate())
    assert badges.verify(forged) == (True, "")  # a consistent proof...
    assert verify_credential(forged)[0] is False  # ...but not by this site's key


def test_the_signing_key_comes_from_the_setting(issued, settings):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    from certificates import badges

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    seed = base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()
    expected = badges.did_key(badges.public_key_bytes(key.public_key()))[1]
    for value in (pem, seed):
        settings.CERTIFICATE_SIGNING_KEY = value
        assert badges.credential_for(issued)["proof"]["verificationMethod"] == expected
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_DEVELOPMENT_KEY = False
    with pytest.raises(badges.SigningKeyError):
        badges.signing_key()


def test_the_qr_code_encodes_the_verify_url_on_the_sites_own_address(make_course, make_learner, template, settings,
                                                                      monkeypatch):  # fmt: skip
    """`make run PORT=8123` sets SITE_URL to http://127.0.0.1:8123 (tests/test_small_things.py): the QR code a
    phone scans must open that address, not the default port."""
    from certificates import pdf
    from certificates.services import issue_for_completion

    settings.SITE_URL = "http://127.0.0.1:8123"
    encoded = []
    widget = pdf.QrCodeWidget

    def recording(value, *args, **kwargs):
        encoded.append(value)
        return widget(value, *args, **kwargs)

    monkeypatch.setattr(pdf, "QrCodeWidget", recording)
    certificate = issue_for_completion(complete(make_learner("Lê Văn Đức"), make_course(title="Cơ bản")).pk)
    assert encoded == [f"http://127.0.0.1:8123/certificates/verify/{certificate.code}/"]
