"""Checks on a request's audio before any GPU time is spent, and what the worker is given.

S3 URLs in every form AWS uses (`s3://`, virtual-hosted, path-style, regional, presigned) and a
configured custom endpoint are recognised; the bucket must be allowed, the object must exist,
be an audio format and fit the size limit. The worker gets a presigned URL (it needs no S3
credentials of its own) or, for a path it shares with us, the path.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx

from ai_server.config import AUDIO_EXTENSIONS, Settings
from shared.errors import ErrorCode, ServiceError
from shared.paths import resolve_inside, too_large

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

logger = logging.getLogger(__name__)

_VIRTUAL_HOST = re.compile(
    r"^(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])\.s3(?:[.\-](?:dualstack\.)?[a-z0-9\-]+)?"
    r"\.amazonaws\.com(?:\.cn)?$"
)
_PATH_STYLE_HOST = re.compile(r"^s3(?:[.\-](?:dualstack\.)?[a-z0-9\-]+)?\.amazonaws\.com(?:\.cn)?$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
_NON_AUDIO_TYPES = ("text/", "image/", "application/json", "application/xml", "application/pdf")


@dataclass(frozen=True)
class S3Location:
    bucket: str
    key: str
    presigned: bool


def parse_s3_url(url: str, endpoint_url: str | None = None) -> S3Location | None:
    """Recognise an S3 object URL; None when `url` is not one.

    Args:
        url: `s3://bucket/key`, or an https URL in virtual-hosted or path style, presigned or not.
        endpoint_url: A custom S3 endpoint whose URLs are path-style (MinIO, an emulator).
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    presigned = "X-Amz-Signature" in query or "Signature" in query
    host = (parts.hostname or "").lower()
    path = unquote(parts.path)
    if parts.scheme == "s3":
        bucket, key = host, path.lstrip("/")
    elif (match := _VIRTUAL_HOST.match(host)) is not None:
        bucket, key = match["bucket"], path.lstrip("/")
    elif _PATH_STYLE_HOST.match(host) or (
        endpoint_url is not None and parts.netloc == urlsplit(endpoint_url).netloc
    ):
        bucket, _, key = path.lstrip("/").partition("/")
    else:
        return None
    if not _BUCKET.match(bucket) or not key:
        return None
    return S3Location(bucket=bucket, key=key, presigned=presigned)


def _check_extension(name: str, content_type: str | None) -> None:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix and suffix not in AUDIO_EXTENSIONS:
        raise ServiceError(
            ErrorCode.UNSUPPORTED_FORMAT,
            f"{suffix} is not an audio format; send one of "
            f"{', '.join(sorted(e.lstrip('.') for e in AUDIO_EXTENSIONS))}.",
            {"extension": suffix},
        )
    if content_type and content_type.lower().startswith(_NON_AUDIO_TYPES):
        raise ServiceError(
            ErrorCode.UNSUPPORTED_FORMAT,
            f"The object's content type is {content_type}, not audio.",
            {"contentType": content_type},
        )


class SourceChecker:
    """Validates a request's audio source and turns it into the worker's job fields.

    Args:
        settings: The orchestrator's settings.
        http: The app's shared `httpx.AsyncClient` (for presigned and non-S3 URLs).
        s3: A boto3 S3 client (blocking; called in a thread).
    """

    def __init__(self, settings: Settings, http: httpx.AsyncClient, s3: S3Client):
        self._settings = settings
        self._http = http
        self._s3 = s3

    async def from_url(self, url: str) -> dict[str, Any]:
        """Check `url` and return the worker's source fields (`{"audio_url": ...}`)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "s3") or not parts.hostname:
            raise ServiceError(
                ErrorCode.INVALID_URL,
                "audioUrl must be an https URL or s3://bucket/key.",
                {"reason": "syntax"},
            )
        location = parse_s3_url(url, self._settings.s3.endpoint_url)
        if location is None:
            if parts.scheme == "s3":
                raise ServiceError(
                    ErrorCode.INVALID_URL, "Malformed s3:// URL.", {"reason": "syntax"}
                )
            if not self._settings.s3.allow_other_urls:
                raise ServiceError(
                    ErrorCode.INVALID_URL,
                    "Only S3 URLs are accepted.",
                    {"reason": "not_s3", "host": parts.hostname},
                )
            _check_extension(parts.path, None)
            await self._probe_url(url)
            return {"audio_url": url}
        allowed = self._settings.s3.allowed_buckets
        if allowed and location.bucket not in allowed:
            raise ServiceError(
                ErrorCode.FORBIDDEN_PATH,
                f"Bucket {location.bucket!r} is not allowed.",
                {"reason": "bucket_not_allowed", "bucket": location.bucket},
            )
        _check_extension(location.key, None)
        if location.presigned:
            await self._probe_url(url)
            return {"audio_url": url}
        await self._head_object(location)
        return {"audio_url": await self._presign(location.bucket, location.key)}

    async def from_path(self, raw: str) -> dict[str, Any]:
        """Check a local path and return the worker's source fields (a path or a presigned URL)."""
        real, relative = await asyncio.to_thread(self._check_file, raw)
        worker_root = self._settings.files.worker_root
        if worker_root is not None:
            return {"file_path": str(PurePosixPath(worker_root) / relative)}
        bucket = self._settings.s3.staging_bucket
        assert bucket is not None  # the settings validator guarantees one of the two
        key = f"{self._settings.s3.staging_prefix}{uuid.uuid4().hex}/{real.name}"
        await asyncio.to_thread(self._s3.upload_file, str(real), bucket, key)
        return {"audio_url": await self._presign(bucket, key)}

    def _check_file(self, raw: str) -> tuple[Path, PurePosixPath]:
        """The file's real path, and where it lies relative to the root that holds it."""
        roots = self._settings.files.roots
        real = resolve_inside(raw, roots)
        _check_extension(real.name, None)
        size = real.stat().st_size
        if size > self._settings.max_file_bytes:
            raise too_large(self._settings.max_file_bytes, size)
        if size == 0:
            raise ServiceError(
                ErrorCode.UNSUPPORTED_FORMAT,
                "The audio file is empty (0 bytes).",
                {"reason": "empty"},
            )
        root = next(r.resolve() for r in roots if real.is_relative_to(r.resolve()))
        return real, PurePosixPath(real.relative_to(root).as_posix())

    async def _head_object(self, location: S3Location) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        name = f"s3://{location.bucket}/{location.key}"
        try:
            head = await asyncio.to_thread(
                self._s3.head_object, Bucket=location.bucket, Key=location.key
            )
        except ClientError as exc:
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status == 404:
                raise ServiceError(
                    ErrorCode.FILE_NOT_FOUND, f"{name} does not exist.", {"reason": "not_found"}
                ) from exc
            raise ServiceError(
                ErrorCode.DOWNLOAD_FAILURE,
                f"{name} cannot be read (S3 answered {status}).",
                {"reason": "forbidden" if status == 403 else "s3_error", "status": status},
            ) from exc
        except BotoCoreError as exc:
            raise ServiceError(
                ErrorCode.DOWNLOAD_FAILURE, "S3 could not be reached.", {"reason": "unreachable"}
            ) from exc
        size = head.get("ContentLength", 0)
        if size > self._settings.max_file_bytes:
            raise too_large(self._settings.max_file_bytes, size)
        if size == 0:
            raise ServiceError(
                ErrorCode.UNSUPPORTED_FORMAT, f"{name} is empty (0 bytes).", {"reason": "empty"}
            )
        _check_extension(location.key, head.get("ContentType"))

    async def _probe_url(self, url: str) -> None:
        """Existence and size through a one-byte ranged GET (a presigned GET URL refuses HEAD)."""
        try:
            response = await self._http.get(url, headers={"Range": "bytes=0-0"}, timeout=15.0)
        except httpx.HTTPError as exc:
            raise ServiceError(
                ErrorCode.DOWNLOAD_FAILURE,
                "The audio URL could not be reached.",
                {"reason": "unreachable"},
            ) from exc
        status = response.status_code
        if status == 404:
            raise ServiceError(
                ErrorCode.FILE_NOT_FOUND,
                "The audio URL points to nothing.",
                {"reason": "not_found"},
            )
        if status >= 400:
            raise ServiceError(
                ErrorCode.DOWNLOAD_FAILURE,
                f"The audio URL answered HTTP {status}"
                + (" (expired or not allowed)." if status == 403 else "."),
                {"reason": "forbidden" if status == 403 else "http_error", "status": status},
            )
        total = response.headers.get("content-range", "").rpartition("/")[2]
        size = int(total) if total.isdigit() else None
        if size is not None and size > self._settings.max_file_bytes:
            raise too_large(self._settings.max_file_bytes, size)
        _check_extension("", response.headers.get("content-type"))

    async def _presign(self, bucket: str, key: str) -> str:
        url: str = await asyncio.to_thread(
            self._s3.generate_presigned_url,
            "get_object",
            Params={"Bucket": bucket, "Key": key},
            ExpiresIn=self._settings.s3.presign_expiry,
        )
        return url
