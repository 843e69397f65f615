"""Backing up and restoring the whole site: the database and MEDIA_ROOT (certificate PDFs, roster uploads).

A backup is a folder holding:

- `database.dump`: PostgreSQL in pg_dump's custom format (compressed, restored with pg_restore), or
  `database.sqlite3`: a consistent copy of the SQLite file (SQLite's online backup);
- `media.tar.gz`: MEDIA_ROOT as it was;
- `manifest.json`: when, from which engine, and the files' sizes and SHA-256.

Restoring puts the database into DATABASE_URL's database (emptied of the site's tables first) and
unpacks the media into MEDIA_ROOT. The certificate signing key set in CERTIFICATE_SIGNING_KEY is not
in the backup (it is a secret kept with the other settings); the development key is, under MEDIA_ROOT.
"""

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


@dataclass
class Database:
    engine: str  # "postgresql" or "sqlite"
    settings: dict

    @classmethod
    def default(cls):
        db = connections["default"].settings_dict
        engine = "sqlite" if db["ENGINE"].endswith("sqlite3") else "postgresql"
        if "postgresql" not in db["ENGINE"] and engine != "sqlite":
            raise BackupError(f"unsupported database engine {db['ENGINE']}")
        return cls(engine, db)

    def pg_env(self):
        """libpq's variables: the password never appears on a command line."""
        db = self.settings
        env = {**os.environ, "PGDATABASE": db["NAME"]}
        for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
            if db.get(key):
                env[variable] = str(db[key])
        return env


def pg_tool(name):
    """The newest installed pg_dump / pg_restore (a client older than the server refuses to dump it)."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    if candidates:
        return candidates[-1]
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def _run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")
    return result


def _digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def backup(destination):
    """Write a backup into the new folder `destination`; returns its manifest."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=False)
    database = Database.default()
    if database.engine == "postgresql":
        _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(destination / DUMP)], env=database.pg_env())  # fmt: skip
        database_file = DUMP
    else:
        source = sqlite3.connect(database.settings["NAME"])
        target = sqlite3.connect(destination / SQLITE)
        with target:
            source.backup(target)  # consistent even while the site writes
        source.close()
        target.close()
        database_file = SQLITE
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(destination / MEDIA, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": database.engine,
        "files": {
            name: {"bytes": (destination / name).stat().st_size, "sha256": _digest(destination / name)}
            for name in (database_file, MEDIA)
        },
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(source):
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} is not a backup folder: {exc}") from None
    for name, facts in manifest["files"].items():
        if not (source / name).exists() or _digest(source / name) != facts["sha256"]:
            raise BackupError(f"{source / name} is missing or damaged (its checksum differs)")
    return manifest


def restore(source):
    """Restore the backup folder `source` into DATABASE_URL's database and MEDIA_ROOT."""
    source = Path(source)
    manifest = read_manifest(source)
    database = Database.default()
    if manifest["engine"] != database.engine:
        raise BackupError(f"the backup is of {manifest['engine']}, DATABASE_URL points at {database.engine}")
    connections.close_all()
    if database.engine == "postgresql":
        # --clean drops what the dump holds before creating it again; one transaction, so a failure
        # leaves the database as it was.
        _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "--dbname", database.settings["NAME"], str(source / DUMP)],
             env=database.pg_env())  # fmt: skip
    else:
        target = Path(database.settings["NAME"])
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(source / SQLITE, partial)
        os.replace(partial, target)  # atomic: the site never sees half a file
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        for member in archive.getmembers():
            if member.name == "media":
                continue
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")  # no paths outside MEDIA_ROOT, no devices
    return manifest
