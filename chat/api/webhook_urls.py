"""Where a webhook may go: http(s) only, and, unless TUTOR_WEBHOOK_ALLOW_PRIVATE=1, only to
public addresses: every address the host resolves to is checked, when the job is made and
again before each delivery, and the delivery connects to the address that was checked (the
host name still goes in the Host header and TLS's SNI and certificate check), so a DNS answer
that changes in between cannot point it into the server's own network either."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class BadWebhook(ValueError):
    """A webhook URL that is refused; the message says why."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_webhook_url(url: str, allow_private: bool) -> str | None:
    """Raise BadWebhook unless `url` is http(s) and (unless allowed) resolves to public
    addresses only; the address to connect to (None when private ones are allowed)."""
    if len(url) > 2000:
        raise BadWebhook("webhook_url is too long")
    try:
        parts = urlsplit(url)
    except ValueError:  # such as an unclosed "[" of an IPv6 address
        raise BadWebhook("webhook_url is not a valid URL") from None
    if parts.scheme not in ("http", "https"):
        raise BadWebhook("webhook_url must be an http:// or https:// URL")
    if not parts.hostname or parts.username or parts.password:
        raise BadWebhook("webhook_url must name a host, without user or password")
    try:
        # What the resolver and the delivery will do with the name; a label of more than
        # 63 characters, an empty one or a lone surrogate fails here rather than there.
        parts.hostname.encode("idna")
    except UnicodeError:
        raise BadWebhook("webhook_url's host is not a valid host name") from None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise BadWebhook("webhook_url has an invalid port") from None
    if allow_private:
        return None
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, port, type=socket.SOCK_STREAM
        )
    except OSError:
        raise BadWebhook(f"webhook_url's host {parts.hostname} does not resolve") from None
    addresses = {str(info[4][0]) for info in found}
    if not addresses or not all(_public(a) for a in addresses):
        raise BadWebhook(
            "webhook_url resolves to a private, loopback or reserved address, which is refused"
        )
    return sorted(addresses)[0]


def pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """`url` with its host replaced by the checked `address`; the Host header and the TLS
    server name (httpx's `sni_hostname` extension) keep the host name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    shown = f"[{address}]" if ":" in address else address
    netloc = f"{shown}:{parts.port}" if parts.port else shown
    host_header = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl(), {"Host": host_header}, {"sni_hostname": host}
