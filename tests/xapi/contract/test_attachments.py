"""Attachments and signed statements (xAPI 1.0.3 Data 2.4.11, 2.6; Communication 1.5.2, 2.1.3)."""

import base64
import copy
import datetime
import email.message
import hashlib
import hmac
import json
import uuid

import pytest

from tests.xapi.support import VERSIONS, make_statement

pytestmark = pytest.mark.django_db

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
CERTIFICATE = b"%PDF-1.4 pretend certificate for Nguyen Van A\n\x00\x01\x02\xff binary tail"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def attachment_for(content, content_type="application/pdf", usage="http://example.com/usage/certificate", **extra):
    return {
        "usageType": usage,
        "display": {"en-US": "Certificate"},
        "contentType": content_type,
        "length": len(content),
        "sha2": sha256(content),
        **extra,
    }


def multipart(statements, parts, boundary="kns-xapi-boundary-7f3a"):
    """Build a multipart/mixed body: the statements, then (content, content_type, declared_hash) parts."""
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json.dumps(statements).encode(),
        b"\r\n",
    ]
    for content, content_type, declared in parts:
        chunks += [
            f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {declared}\r\n\r\n".encode(),
            content,
            b"\r\n",
        ]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'


def post_multipart(lrs, statements, parts, version="1.0.3"):
    body, content_type = multipart(statements, parts)
    return lrs.post("statements", body, content_type=content_type, version=version)


def parse_multipart(response):
    """Split a multipart response into [(headers, body)]."""
    holder = email.message.Message()
    holder["Content-Type"] = response["Content-Type"]
    assert holder.get_content_type() == "multipart/mixed"
    delimiter = b"--" + holder.get_param("boundary").encode()
    parts = []
    for chunk in response.content.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n")
        head, _, body = chunk.partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        parts.append((headers, body.removesuffix(b"\r\n")))
    return parts


# Attachment transmission


@pytest.mark.parametrize("version", VERSIONS)
def test_multipart_statement_with_matching_attachment_is_stored(lrs, version):
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    response = post_multipart(lrs, statement, [(CERTIFICATE, "application/pdf", sha256(CERTIFICATE))], version)
    assert response.status_code == 200, response.content
    assert response.json() == [statement["id"]]
    stored = lrs.fetch(statement["id"], version=version)
    assert stored["attachments"][0]["sha2"] == sha256(CERTIFICATE)


@pytest.mark.parametrize("version", VERSIONS)
def test_multipart_batch_sharing_one_attachment_part(lrs, version):
    first = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    second = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    response = post_multipart(lrs, [first, second], [(CERTIFICATE, "application/pdf", sha256(CERTIFICATE))], version)
    assert response.status_code == 200, response.content
    assert response.json() == [first["id"], second["id"]]


@pytest.mark.parametrize("version", VERSIONS)
def test_multipart_without_attachments_is_accepted(lrs, version):
    statement = make_statement(with_id=True)
    assert post_multipart(lrs, statement, [], version).status_code == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_missing_attachment_part_is_400(lrs, version):
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    response = post_multipart(lrs, statement, [], version)
    assert response.status_code == 400
    assert lrs.get("statements", {"statementId": statement["id"]}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_part_with_a_different_hash_is_400(lrs, version):
    other = b"another file entirely"
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    response = post_multipart(lrs, statement, [(other, "application/pdf", sha256(other))], version)
    assert response.status_code == 400
    assert lrs.get("statements", {"statementId": statement["id"]}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_part_whose_content_does_not_match_its_declared_hash_is_400(lrs, version):
    # Communication 1.5.2.s1.b4: parts are matched by the SHA-2 of their raw data, no other way.
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    tampered = CERTIFICATE.replace(b"Nguyen", b"Tran  ")
    response = post_multipart(lrs, statement, [(tampered, "application/pdf", sha256(CERTIFICATE))], version)
    assert response.status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_attachment_without_file_url_sent_as_plain_json_is_400(lrs, version):
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    assert lrs.post("statements", statement, version=version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_file_url_only_attachment_needs_no_part(lrs, version):
    attachment = attachment_for(CERTIFICATE, fileUrl="https://example.com/certificates/1.pdf")
    statement = make_statement(with_id=True, attachments=[attachment])
    assert lrs.post("statements", statement, version=version).status_code == 200
    stored = lrs.fetch(statement["id"], version=version)
    assert stored["attachments"][0]["fileUrl"] == "https://example.com/certificates/1.pdf"


@pytest.mark.parametrize("version", VERSIONS)
def test_file_url_only_attachment_in_multipart_is_accepted(lrs, version):
    attachment = attachment_for(CERTIFICATE, fileUrl="https://example.com/certificates/1.pdf")
    statement = make_statement(with_id=True, attachments=[attachment])
    assert post_multipart(lrs, statement, [], version).status_code == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_put_with_multipart_attachment(lrs, version):
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    body, content_type = multipart(statement, [(CERTIFICATE, "application/pdf", sha256(CERTIFICATE))])
    response = lrs.put("statements", body, {"statementId": statement["id"]}, content_type=content_type, version=version)
    assert response.status_code == 204, response.content


# Attachments in responses


@pytest.mark.parametrize("version", VERSIONS)
def test_get_with_attachments_true_returns_multipart_with_the_raw_data(lrs, version):
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    assert (
        post_multipart(lrs, statement, [(CERTIFICATE, "application/pdf", sha256(CERTIFICATE))], version).status_code
        == 200
    )
    for params in ({"statementId": statement["id"], "attachments": "true"}, {"attachments": "true"}):
        response = lrs.get("statements", params, version=version)
        assert response.status_code == 200
        parts = parse_multipart(response)
        assert parts[0][0]["content-type"].startswith("application/json")
        first = json.loads(parts[0][1])
        found = first["id"] if "id" in first else first["statements"][0]["id"]
        assert found == statement["id"]
        assert len(parts) == 2
        headers, data = parts[1]
        assert data == CERTIFICATE
        assert headers["x-experience-api-hash"] == sha256(CERTIFICATE)
        assert headers.get("content-transfer-encoding", "binary") == "binary"


@pytest.mark.parametrize("version", VERSIONS)
def test_get_without_attachments_is_plain_json(lrs, version):
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    post_multipart(lrs, statement, [(CERTIFICATE, "application/pdf", sha256(CERTIFICATE))], version)
    response = lrs.get("statements", {"statementId": statement["id"], "attachments": "false"}, version=version)
    assert response["Content-Type"].startswith("application/json")
    assert CERTIFICATE not in response.content


# Signed statements (Data 2.6)


@pytest.fixture(scope="module")
def signer():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def certificate_for(key):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kỹ Năng Số test signer")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jws(payload, key, *, alg="RS256", x5c=None):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    header = {"alg": alg}
    if x5c:
        header["x5c"] = x5c
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}".encode()
    if alg.startswith("RS"):
        digest = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}[alg]()
        signature = key.sign(signing_input, padding.PKCS1v15(), digest)
    else:
        signature = hmac.new(b"shared secret", signing_input, hashlib.sha256).digest()
    return signing_input + b"." + b64url(signature).encode()


def signed(statement, token, content_type="application/octet-stream"):
    """The statement with its signature attachment, and the multipart part carrying the JWS."""
    statement = copy.deepcopy(statement)
    attachment = {
        "usageType": SIGNATURE_USAGE,
        "display": {"en-US": "Signature"},
        "contentType": content_type,
        "length": len(token),
        "sha2": sha256(token),
    }
    statement.setdefault("attachments", []).append(attachment)
    return statement, [(token, content_type, sha256(token))]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_valid_signed_statement_is_stored(lrs, signer, alg, version):
    original = make_statement(with_id=True)
    statement, parts = signed(original, jws(original, signer, alg=alg))
    response = post_multipart(lrs, statement, parts, version)
    assert response.status_code == 200, response.content
    stored = lrs.fetch(original["id"], version=version)
    assert stored["attachments"][0]["usageType"] == SIGNATURE_USAGE


@pytest.mark.parametrize("version", VERSIONS)
def test_valid_signed_statement_with_x5c_certificate_is_stored(lrs, signer, version):
    original = make_statement(with_id=True)
    statement, parts = signed(original, jws(original, signer, x5c=[certificate_for(signer)]))
    response = post_multipart(lrs, statement, parts, version)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("version", VERSIONS)
def test_signature_payload_without_the_lrs_assigned_id_is_equivalent(lrs, signer, version):
    # Data 2.6: differences in id, authority, stored, timestamp and version are ignored.
    original = make_statement()
    statement, parts = signed(original, jws(original, signer))
    statement["id"] = str(uuid.uuid4())
    assert post_multipart(lrs, statement, parts, version).status_code == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_signature_payload_not_matching_the_statement_is_400(lrs, signer, version):
    original = make_statement(with_id=True)
    tampered = copy.deepcopy(original)
    tampered["verb"] = {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}}
    statement, parts = signed(tampered, jws(original, signer))
    response = post_multipart(lrs, statement, parts, version)
    assert response.status_code == 400
    assert response.content
    assert lrs.get("statements", {"statementId": original["id"]}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_signature_not_made_by_the_x5c_certificate_key_is_400(lrs, signer, other_key, version):
    original = make_statement(with_id=True)
    statement, parts = signed(original, jws(original, signer, x5c=[certificate_for(other_key)]))
    assert post_multipart(lrs, statement, parts, version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_signature_with_a_non_rsa_algorithm_is_400(lrs, signer, version):
    original = make_statement(with_id=True)
    statement, parts = signed(original, jws(original, signer, alg="HS256"))
    assert post_multipart(lrs, statement, parts, version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("token", [b"not a jws", b"a.b.c", b"e30.e30"], ids=["garbage", "bad-base64", "two-parts"])
def test_malformed_signature_is_400(lrs, token, version):
    statement, parts = signed(make_statement(with_id=True), token)
    assert post_multipart(lrs, statement, parts, version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_signature_attachment_with_wrong_content_type_is_400(lrs, signer, version):
    original = make_statement(with_id=True)
    statement, parts = signed(original, jws(original, signer), content_type="text/plain")
    assert post_multipart(lrs, statement, parts, version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_part_that_belongs_to_no_attachment_is_400(lrs, version):
    # Communication 1.5.2: each part after the first is the raw data of an attachment of the statements.
    from xapi.models import Attachment

    stray = b"a file no attachment mentions"
    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    parts = [(CERTIFICATE, "application/pdf", sha256(CERTIFICATE)), (stray, "text/plain", sha256(stray))]
    response = post_multipart(lrs, statement, parts, version)
    assert response.status_code == 400
    assert sha256(stray) in response.json()["message"]
    assert lrs.get("statements", {"statementId": statement["id"]}, version=version).status_code == 404
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("version", VERSIONS)
def test_part_without_any_attachment_in_the_statement_is_400(lrs, version):
    statement = make_statement(with_id=True)
    response = post_multipart(lrs, statement, [(CERTIFICATE, "application/pdf", sha256(CERTIFICATE))], version)
    assert response.status_code == 400
    assert lrs.get("statements", {"statementId": statement["id"]}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("sent", "signed_as"), [("P1DT12H36M0.12S", "P1DT12H36M0.1237S"), ("PT5S", "PT5.009S")])
def test_signed_durations_are_compared_to_a_hundredth_of_a_second(lrs, signer, sent, signed_as, version):
    # Data 4.6 (1.0.3) and IEEE 9274.1.1 (2.0.0): precision beyond 0.01 s is left out of the comparison.
    original = make_statement(with_id=True, result={"duration": sent})
    payload = copy.deepcopy(original)
    payload["result"]["duration"] = signed_as
    statement, parts = signed(original, jws(payload, signer))
    response = post_multipart(lrs, statement, parts, version)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("version", VERSIONS)
def test_signed_durations_differing_by_a_hundredth_are_different(lrs, signer, version):
    original = make_statement(with_id=True, result={"duration": "PT1.12S"})
    payload = copy.deepcopy(original)
    payload["result"]["duration"] = "PT1.13S"
    statement, parts = signed(original, jws(payload, signer))
    assert post_multipart(lrs, statement, parts, version).status_code == 400


def header_token(header, payload):
    """A JWS whose header is any JSON: the LRS must refuse it before any signature check."""
    return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}.c2ln".encode()


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "header",
    [["RS256"], {"alg": ["RS256"]}, {"alg": {"x": 1}}, {"alg": "RS256", "x5c": {"a": 1}}, {"alg": "RS256", "x5c": [1]}],
    ids=["header-array", "alg-array", "alg-object", "x5c-object", "x5c-number"],
)
def test_signature_header_of_the_wrong_shape_is_400(lrs, header, version):
    original = make_statement(with_id=True)
    statement, parts = signed(original, header_token(header, original))
    response = post_multipart(lrs, statement, parts, version)
    assert response.status_code == 400, response.content
