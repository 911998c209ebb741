"""The access log's external witness: a copy of each checkpoint, and of the chain head at that
moment, written outside the database, once, where the database's owner cannot rewrite it.

Whoever owns the database can switch the log's triggers off, cut entries from the end and put
back a head saved earlier, restore yesterday's backup, or delete every row; nothing inside the
database can tell that from a log that really is that short (issue 17). The witness can: the
verifier (privacy.accesslog.verify.access_log_verify) compares the database with it, so a
checkpoint the witness holds and the database lacks, or a head behind the one witnessed, is
reported.

Backends, chosen by ACCESS_LOG_WITNESS:
- "file:///path": one file per record, created once (link(2) of a fsynced temporary file, which
  fails if the name exists) and never rewritten; the directory is fsynced too. Meant for a
  directory on append-only or WORM storage (chattr +a, a WORM NFS export); the embedded default
  and the tests' (a temporary directory per test).
- "s3://bucket/prefix": S3 or an S3-compatible store with Object Lock. Each object is written
  with `If-None-Match: *` (never over an existing one) under a compliance-mode retention of
  ACCESS_LOG_WITNESS_RETENTION_DAYS, which not even the bucket's root account can shorten.

Record names are "<chain>/<number, 12 digits>.json", so the names alone say which checkpoints
the witness holds; only the newest record has to be read (each checkpoint signs the previous
one, so the database's checkpoints agreeing with the newest witnessed one agree with all).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

NAME = re.compile(r"^(?P<number>\d{12})\.json$")


class WitnessError(Exception):
    """The witness could not be read or written."""


def record_name(chain: str, number: int) -> str:
    return f"{chain}/{number:012d}.json"


def _number(name: str) -> int | None:
    match = NAME.match(name.rsplit("/", 1)[-1])
    return int(match["number"]) if match else None


SameCheck = Callable[[bytes], bool]


class FilesystemWitness:
    kind = "filesystem"

    def __init__(self, root: Path):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"FilesystemWitness({self.root})"

    def put(self, name: str, data: bytes, *, same: SameCheck | None = None) -> None:
        """Create `name` with `data`, once. If it exists, it is left as it is; `same` says
        whether what is there is this record (a concurrent writer's copy) or a conflict."""
        path = self.root / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    os.link(tmp, path)  # atomic, and refuses an existing name
                except FileExistsError:
                    existing = path.read_bytes()
                    if not (same(existing) if same else existing == data):
                        raise WitnessError(f"{name} exists with other content") from None
                    return
            finally:
                os.unlink(tmp)
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as error:
            raise WitnessError(f"{self.root}: {error}") from error

    def numbers(self, chain: str) -> list[int]:
        directory = self.root / chain
        try:
            names = os.listdir(directory)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise WitnessError(f"{directory}: {error}") from error
        return sorted(n for n in map(_number, names) if n is not None)

    def get(self, name: str) -> bytes:
        try:
            return (self.root / name).read_bytes()
        except OSError as error:
            raise WitnessError(f"{self.root / name}: {error}") from error


class S3Witness:
    kind = "s3"

    def __init__(self, bucket: str, prefix: str = "", *, retention_days: int, client=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.retention_days = retention_days
        self._client = client

    def __repr__(self) -> str:
        return f"S3Witness(s3://{self.bucket}/{self.prefix})"

    @property
    def client(self):
        if self._client is None:
            import boto3

            options = {}
            if settings.ACCESS_LOG_WITNESS_S3_ENDPOINT_URL:
                options["endpoint_url"] = settings.ACCESS_LOG_WITNESS_S3_ENDPOINT_URL
            if settings.ACCESS_LOG_WITNESS_S3_REGION:
                options["region_name"] = settings.ACCESS_LOG_WITNESS_S3_REGION
            self._client = boto3.client("s3", **options)
        return self._client

    def put(self, name: str, data: bytes, *, same: SameCheck | None = None) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self.prefix + name
        until = datetime.now(UTC) + timedelta(days=self.retention_days)
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=data,
                ContentType="application/json",
                IfNoneMatch="*",
                ObjectLockMode="COMPLIANCE",
                ObjectLockRetainUntilDate=until,
                ChecksumAlgorithm="SHA256",
            )
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("PreconditionFailed", "ConditionalRequestConflict"):
                existing = self.get(name)
                if not (same(existing) if same else existing == data):
                    raise WitnessError(f"{key} exists with other content") from None
                return
            raise WitnessError(f"s3://{self.bucket}/{key}: {error}") from error
        except BotoCoreError as error:
            raise WitnessError(f"s3://{self.bucket}/{key}: {error}") from error

    def numbers(self, chain: str) -> list[int]:
        from botocore.exceptions import BotoCoreError, ClientError

        found = []
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=f"{self.prefix}{chain}/"
            )
            for page in pages:
                for item in page.get("Contents", ()):
                    number = _number(item["Key"])
                    if number is not None:
                        found.append(number)
        except (BotoCoreError, ClientError) as error:
            raise WitnessError(f"s3://{self.bucket}/{self.prefix}{chain}/: {error}") from error
        return sorted(found)

    def get(self, name: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + name)["Body"].read()
        except (BotoCoreError, ClientError) as error:
            raise WitnessError(f"s3://{self.bucket}/{self.prefix}{name}: {error}") from error


def from_url(url: str, *, client=None) -> FilesystemWitness | S3Witness:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return FilesystemWitness(Path(unquote(parts.path)))
    if parts.scheme == "s3" and parts.netloc:
        return S3Witness(
            parts.netloc,
            unquote(parts.path),
            retention_days=settings.ACCESS_LOG_WITNESS_RETENTION_DAYS,
            client=client,
        )
    raise ValueError(f"ACCESS_LOG_WITNESS must be file:///path or s3://bucket/prefix: {url!r}")


_configured: dict[str, FilesystemWitness | S3Witness] = {}


def configured() -> FilesystemWitness | S3Witness | None:
    """The witness named by ACCESS_LOG_WITNESS (one client per URL and process), or None."""
    url = settings.ACCESS_LOG_WITNESS
    if not url:
        return None
    if url not in _configured:
        _configured[url] = from_url(url)
    return _configured[url]
