"""A real S3 API over HTTP on 127.0.0.1 for the tests: moto's server, which boto3 talks to
unpatched, as it would to AWS, MinIO or R2. It can be stopped and started again on the same port
(an S3 outage); its buckets live in this process, so they outlast the outage."""

from __future__ import annotations

import logging
import socket
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

# Test-only credentials, so boto3 signs requests; the canary test sets its own secret.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "tutor-test-key",
    "AWS_SECRET_ACCESS_KEY": "tutor-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class S3Server:
    port: int = field(default_factory=_free_port)
    _server: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        # One log line per request, from a server thread, to whatever stderr was when it
        # started (a test's captured stream, closed later): noise at best, so not at all.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.1)
        raise AssertionError("moto's S3 server did not start")

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def client(self) -> Any:
        """A boto3 client of its own (not the code under test's), to look at the bucket."""
        from boto3.session import Session

        return Session(
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
        ).client("s3", endpoint_url=self.url)

    def new_bucket(self) -> str:
        name = f"tutor-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def objects(self, bucket: str) -> dict[str, dict[str, Any]]:
        """Every object of `bucket`: key → its HEAD answer (ContentType, ContentLength, ...)."""
        client = self.client()
        listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {o["Key"]: client.head_object(Bucket=bucket, Key=o["Key"]) for o in listed}

    def read(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()
