"""Fetching a job's audio into its temporary directory: http(s), s3://, base64 or a local path."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import logging
import socket
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from shared.errors import ErrorCode, ServiceError
from shared.jobs import JobInput, parse_s3_uri
from shared.paths import resolve_inside, too_large
from stt_worker.config import WorkerSettings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
_AUDIO_NAME = "audio"


class _RetryableDownloadError(Exception):
    """A 5xx answer or a transport error: worth another attempt."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def _download_failure(message: str, **details: Any) -> ServiceError:
    return ServiceError(ErrorCode.DOWNLOAD_FAILURE, message, details or None)


def _suffix(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if 1 < len(suffix) <= 6 and suffix[1:].isalnum() else ""


class SourceFetcher:
    """Brings a job's audio to a local file, enforcing size limits and the allowed locations.

    One fetcher lives for the worker's lifetime so HTTP connections and the S3 client are reused.
    """

    def __init__(self, settings: WorkerSettings):
        self._settings = settings
        http = settings.http
        self._http = httpx.Client(
            timeout=httpx.Timeout(http.read_timeout, connect=http.connect_timeout),
            follow_redirects=False,  # each hop is checked by the SSRF guard
            headers={"User-Agent": "stt-worker/1.0"},
        )
        self._s3: S3Client | None = None

    def close(self) -> None:
        self._http.close()

    def fetch(self, job: JobInput, workdir: Path) -> Path:
        """Return a local path holding the job's audio, inside `workdir` unless it is a file_path.

        Raises:
            ServiceError: with the code that fits the failure.
        """
        if job.audio_url is not None:
            return self._fetch_http(job.audio_url, workdir)
        if job.s3_uri is not None:
            return self._fetch_s3(job.s3_uri, workdir)
        if job.audio_base64 is not None:
            return self._fetch_base64(job.audio_base64, workdir)
        if job.file_path is not None:
            return self.resolve_file(job.file_path)
        raise ServiceError(ErrorCode.INVALID_REQUEST, "The job has no audio source.")

    # --- local files -------------------------------------------------------------------------

    def resolve_file(self, raw: str) -> Path:
        """Resolve `raw` inside an allowed root (see `shared.paths.resolve_inside`)."""
        real = resolve_inside(raw, self._settings.allowed_file_roots)
        size = real.stat().st_size
        if size > self._settings.max_file_bytes:
            raise too_large(self._settings.max_file_bytes, size)
        return real

    # --- base64 ------------------------------------------------------------------------------

    def _fetch_base64(self, encoded: str, workdir: Path) -> Path:
        header, sep, body = encoded.partition(",")
        if not (sep and header.startswith("data:")):
            body = encoded
        body = "".join(body.split()).replace("-", "+").replace("_", "/")
        limit = self._settings.max_file_bytes
        if len(body) * 3 // 4 > limit:
            raise too_large(limit, len(body) * 3 // 4)
        try:
            data = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ServiceError(
                ErrorCode.INVALID_REQUEST, "audio_base64 is not valid base64."
            ) from exc
        target = workdir / _AUDIO_NAME
        target.write_bytes(data)
        return target

    # --- S3 ----------------------------------------------------------------------------------

    def _s3_client(self) -> S3Client:
        if self._s3 is None:
            import boto3
            from botocore.config import Config

            s3, http = self._settings.s3, self._settings.http
            self._s3 = boto3.client(
                "s3",
                endpoint_url=s3.endpoint_url,
                region_name=s3.region,
                aws_access_key_id=s3.access_key_id.get_secret_value() if s3.access_key_id else None,
                aws_secret_access_key=s3.secret_access_key.get_secret_value()
                if s3.secret_access_key
                else None,
                config=Config(
                    connect_timeout=http.connect_timeout,
                    read_timeout=http.read_timeout,
                    retries={"max_attempts": http.retries + 1, "mode": "standard"},
                ),
            )
        return self._s3

    def _fetch_s3(self, uri: str, workdir: Path) -> Path:
        from botocore.exceptions import BotoCoreError, ClientError

        bucket, key = parse_s3_uri(uri)
        limit = self._settings.max_file_bytes
        target = workdir / (_AUDIO_NAME + _suffix(key))
        try:
            response = self._s3_client().get_object(Bucket=bucket, Key=key)
            size = response.get("ContentLength")
            body = response["Body"]
            try:
                if size is not None and size > limit:
                    raise too_large(limit, size)
                self._write_capped(body.iter_chunks(CHUNK_BYTES), target)
            finally:
                body.close()
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in ("NoSuchKey", "NoSuchBucket", "404") or status == 404:
                raise _download_failure(
                    f"The S3 object {uri} does not exist.", reason="not_found", status=404
                ) from exc
            if code in ("AccessDenied", "403", "InvalidAccessKeyId") or status == 403:
                raise _download_failure(
                    f"Access to the S3 object {uri} was denied.", reason="forbidden", status=403
                ) from exc
            raise _download_failure(
                f"S3 refused to serve {uri} ({code or status}).", reason="s3_error", status=status
            ) from exc
        except BotoCoreError as exc:
            raise _download_failure(
                f"S3 could not be reached for {uri}.", reason="unreachable"
            ) from exc
        return target

    # --- http(s) -----------------------------------------------------------------------------

    def _check_address(self, url: str) -> None:
        """The SSRF guard: refuse hosts that resolve to non-public addresses."""
        if self._settings.http.allow_private_addresses:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise _download_failure(
                f"The host {host!r} could not be resolved.", reason="dns"
            ) from exc
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise ServiceError(
                    ErrorCode.INVALID_URL,
                    f"The URL points to a private or local address ({host}); it is not allowed.",
                    {"reason": "private_address"},
                )

    def _fetch_http(self, url: str, workdir: Path) -> Path:
        http = self._settings.http
        target = workdir / (_AUDIO_NAME + _suffix(urlsplit(url).path))
        retrying = Retrying(
            stop=stop_after_attempt(http.retries + 1),
            wait=wait_exponential_jitter(multiplier=http.retry_backoff, max=10.0),
            retry=retry_if_exception_type(_RetryableDownloadError),
            reraise=True,
        )
        try:
            retrying(self._download_once, url, target)
        except _RetryableDownloadError as exc:
            attempts = http.retries + 1
            raise _download_failure(
                f"Downloading the audio failed after {attempts} attempts ({exc.reason}).",
                reason="unavailable",
                status=exc.status,
            ) from exc
        return target

    def _download_once(self, url: str, target: Path) -> None:
        for _ in range(self._settings.http.max_redirects + 1):
            self._check_address(url)
            try:
                with self._http.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        if urlsplit(url).scheme not in ("http", "https"):
                            raise ServiceError(
                                ErrorCode.INVALID_URL, "The URL redirects to a non-HTTP location."
                            )
                        continue
                    self._raise_for_status(response)
                    declared = response.headers.get("content-length")
                    limit = self._settings.max_file_bytes
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise too_large(limit, int(declared))
                    self._write_capped(response.iter_bytes(CHUNK_BYTES), target)
                    return
            except httpx.TransportError as exc:
                raise _RetryableDownloadError(type(exc).__name__) from exc
        raise _download_failure("The URL redirects too many times.", reason="too_many_redirects")

    @staticmethod
    def _raise_for_status(response: httpx.Response) -> None:
        status = response.status_code
        if status < 300:
            return
        if status >= 500:
            raise _RetryableDownloadError(f"HTTP {status}", status)
        reason = {401: "unauthorized", 403: "forbidden", 404: "not_found", 410: "not_found"}.get(
            status, "http_error"
        )
        raise _download_failure(
            f"The audio URL answered HTTP {status} ({reason.replace('_', ' ')}).",
            reason=reason,
            status=status,
        )

    def _write_capped(self, chunks: Any, target: Path) -> None:
        limit = self._settings.max_file_bytes
        written = 0
        with target.open("wb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise too_large(limit)
                out.write(chunk)
