"""`FileStorage` on S3 (or any S3 API: MinIO, R2, a test server), through boto3.

Objects go up through the outbox (tools/storage/outbox.py): a file is first kept on local disk,
then uploaded — at once when S3 answers, later by the uploader's retries when it does not — so a
lesson never fails or loses a file because S3 was down. Until its upload, a key is served from
the outbox copy. Keys are immutable by design (they name user, lesson, scene and version), so
objects carry a far-future Cache-Control and a downloaded copy is kept for later reads.

Credentials come from boto3's standard chain only (environment, shared files, instance roles);
nothing here reads, logs or passes them on.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.storage.local import LocalStorage, place_file
from tools.storage.outbox import Outbox, Pending
from tools.storage.uploader import Uploader

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"
MB = 1024 * 1024

# botocore's debug lines carry request headers and URLs; a DEBUG app log must not include them.
for _noisy in ("boto3", "botocore", "s3transfer", "urllib3"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)


class StorageUnavailable(OSError):
    """S3 could not be reached or refused the request; the message names no secret."""


@dataclass(frozen=True)
class S3Config:
    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    cdn_base_url: str | None = None
    presign_ttl_s: int = 900
    multipart_threshold_mb: int = 16
    retry_base_s: float = 1.0
    retry_max_s: float = 300.0


def cache_control(key: str) -> str:
    """Lesson files (`u/…`, named by version) never change; chat uploads may be replaced."""
    return IMMUTABLE if key.startswith("u/") else REVALIDATE


class S3Storage:
    """Objects in one bucket under an optional prefix; `url` is presigned (or on the CDN)."""

    def __init__(
        self, config: S3Config, outbox_dir: Path, downloads_dir: Path, client: Any = None
    ) -> None:
        self.config = config
        self._client: Any = client or make_client(config)  # boto3's client is untyped
        self._downloads = LocalStorage(downloads_dir)  # read-through copies of objects
        self.uploader = Uploader(
            Outbox(outbox_dir),
            self._upload,
            uploaded=self._keep_copy,
            retry_base_s=config.retry_base_s,
            retry_max_s=config.retry_max_s,
        )

    def object_key(self, key: str) -> str:
        """The S3 key of storage key `key` (validated like a local key: no '..', no '//')."""
        self._downloads.path_for(key)  # raises ValueError for a key that is not plain
        return f"{self.config.prefix.strip('/')}/{key}" if self.config.prefix.strip("/") else key

    async def put(self, key: str, source: Path, content_type: str) -> None:
        """Upload `source` as `key` now if S3 answers, else keep it for the retries."""
        self.object_key(key)
        if not source.is_file():
            raise FileNotFoundError(f"cannot store {key!r}: no file at {source}")
        await self.uploader.send(key, source, content_type)

    async def local_path(self, key: str) -> Path:
        """A local file with the object's bytes: the outbox copy, a kept download, or a new one."""
        waiting = self._waiting(key)
        if waiting is not None:
            return self.uploader.outbox.data_path(waiting)
        if await self._downloads.exists(key):
            return await self._downloads.local_path(key)
        await asyncio.to_thread(self._download, key)
        return await self._downloads.local_path(key)

    async def url(self, key: str) -> str:
        """A presigned GET URL (or the CDN's), or the outbox copy's path while it waits."""
        waiting = self._waiting(key)
        if waiting is not None:
            return str(self.uploader.outbox.data_path(waiting))
        name = self.object_key(key)
        if self.config.cdn_base_url:
            return f"{self.config.cdn_base_url.rstrip('/')}/{name}"
        return self._client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.config.bucket, "Key": name},
            ExpiresIn=self.config.presign_ttl_s,
        )

    async def exists(self, key: str) -> bool:
        if self._waiting(key) is not None or await self._downloads.exists(key):
            return True
        return await asyncio.to_thread(self._head, key)

    async def delete(self, key: str) -> None:
        for entry in self.uploader.pending():
            if entry.key == key:
                self.uploader.outbox.remove(entry)
        await self._downloads.delete(key)
        await asyncio.to_thread(self._call, "delete", key, self._client.delete_object,
                                Bucket=self.config.bucket, Key=self.object_key(key))  # fmt: skip

    def pending(self) -> list[str]:
        """Keys saved locally and still waiting for their upload."""
        return [entry.key for entry in self.uploader.pending()]

    async def start(self) -> None:
        """Resume uploads an earlier run left waiting."""
        self.uploader.start()

    async def drain(self, timeout_s: float) -> list[str]:
        """Try every waiting upload now; the keys still waiting after `timeout_s`."""
        return [entry.key for entry in await self.uploader.drain(timeout_s)]

    async def close(self) -> None:
        await self.uploader.close()

    def _waiting(self, key: str) -> Pending | None:
        self.object_key(key)
        return self.uploader.outbox.newest_for(key)

    def _upload(self, entry: Pending, data: Path) -> None:
        from boto3.s3.transfer import TransferConfig

        threshold = self.config.multipart_threshold_mb * MB
        # The transfer manager sends a file over the threshold in parts, several at once.
        transfer = TransferConfig(multipart_threshold=threshold, multipart_chunksize=threshold)
        extra = {"ContentType": entry.content_type, "CacheControl": cache_control(entry.key)}
        self._call("upload", entry.key, self._client.upload_file, str(data), self.config.bucket,
                   self.object_key(entry.key), ExtraArgs=extra, Config=transfer)  # fmt: skip

    def _keep_copy(self, entry: Pending, data: Path) -> None:
        """An uploaded file stays readable here: stitching a lesson reads its clips, and does
        not wait for (or fail with) S3."""
        place_file(data, self._downloads.path_for(entry.key))

    def _download(self, key: str) -> None:
        dest = self._downloads.path_for(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.part")
        try:
            self._call("download", key, self._client.download_file, self.config.bucket,
                       self.object_key(key), str(tmp))  # fmt: skip
            place_file(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)

    def _head(self, key: str) -> bool:
        try:
            self._call("look up", key, self._client.head_object,
                       Bucket=self.config.bucket, Key=self.object_key(key))  # fmt: skip
        except FileNotFoundError:
            return False
        return True

    def _call(self, what: str, key: str, method: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one boto3 call; its failures become FileNotFoundError or StorageUnavailable."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(*args, **kwargs)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code in {"404", "NoSuchKey", "NotFound"}:
                raise FileNotFoundError(f"no stored object {key!r}") from None
            raise StorageUnavailable(f"S3 {what} of {key!r} failed: {code or error}") from None
        except BotoCoreError as error:
            raise StorageUnavailable(f"S3 {what} of {key!r} failed: {error}") from None


def make_client(config: S3Config) -> Any:
    """A boto3 S3 client: short connect timeout (a down S3 is noticed fast), standard retries."""
    from boto3.session import Session
    from botocore.config import Config

    return Session().client(
        "s3",
        endpoint_url=config.endpoint_url,
        region_name=config.region,
        config=Config(
            connect_timeout=3,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            signature_version="s3v4",
            s3={"addressing_style": "path"} if config.endpoint_url else None,
        ),
    )
