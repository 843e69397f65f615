"""multipart/mixed bodies: statements with their attachments, in and out (xAPI §2.1.11)."""

import hashlib
import secrets

from .errors import BadRequest
from .limits import CONTENT_TYPE_MAX

HASHES = {64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


def boundary_of(content_type):
    for piece in content_type.split(";")[1:]:
        name, _, value = piece.strip().partition("=")
        if name.lower() == "boundary":
            return value.strip().strip('"')
    raise BadRequest("multipart/mixed needs a boundary")


def _headers(raw):
    headers = {}
    for line in raw.split(b"\r\n"):
        if not line.strip():
            continue
        name, sep, value = line.decode("latin-1").partition(":")
        if not sep:
            raise BadRequest("a multipart part has a malformed header")
        headers[name.strip().lower()] = value.strip()
    return headers


def parse(body, content_type):
    """Return (statement JSON bytes, {sha2: (content type, bytes)}); every part's hash is checked."""
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise BadRequest("the multipart body has no parts")
    parts = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n")
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        raw_headers, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            raw_headers, content = chunk, b""
            if raw_headers.startswith(b"\r\n"):
                raw_headers = b""
        parts.append((_headers(raw_headers), content))
    if not parts:
        raise BadRequest("the multipart body has no parts")
    first_headers, statement_json = parts[0]
    if not first_headers.get("content-type", "").lower().startswith("application/json"):
        raise BadRequest("the first part of a multipart body must be application/json")
    attachments = {}
    for headers, content in parts[1:]:
        sha2 = headers.get("x-experience-api-hash", "").lower()
        if not sha2:
            raise BadRequest("every attachment part needs an X-Experience-API-Hash header")
        if headers.get("content-transfer-encoding", "binary").lower() != "binary":
            raise BadRequest("attachment parts must use Content-Transfer-Encoding: binary")
        algorithm = HASHES.get(len(sha2))
        if algorithm is None or algorithm(content).hexdigest() != sha2:
            raise BadRequest(f"the content of attachment part {sha2} does not match its hash")
        part_type = headers.get("content-type", "application/octet-stream")
        if len(part_type) > CONTENT_TYPE_MAX:
            raise BadRequest(f"an attachment part's Content-Type is longer than {CONTENT_TYPE_MAX} characters")
        attachments[sha2] = (part_type, content)
    return statement_json, attachments


def build(json_bytes, attachments):
    """A multipart/mixed body of the JSON followed by each (sha2, content type, bytes) attachment."""
    boundary = secrets.token_hex(16)
    out = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), json_bytes, b"\r\n"]
    for sha2, content_type, content in attachments:
        out.append(
            f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode()
        )
        out += [bytes(content), b"\r\n"]
    out.append(f"--{boundary}--".encode())
    return b"".join(out), f"multipart/mixed; boundary={boundary}"
