"""MCP over stdio: one JSON-RPC message per line, answered by `protocol.McpSession`.

A small loop instead of the MCP SDK, so an IDE's agent gets its first answer fast: importing
the SDK costs about a second here (it imports client, server and HTTP stacks at once). The
loop never dies of its input: a line that is not a message gets a JSON-RPC error, a line over
`MAX_MESSAGE_BYTES` is skipped unread (answered with an error naming its id when it shows one),
and a client that goes away mid-call ends the server quietly.

stdout carries protocol messages only: file descriptor 1 is pointed at stderr at start-up, so
a stray print (ours or a library's, Python or C) cannot corrupt the stream.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from mcp_manim_docs.jsonrpc import MAX_MESSAGE_BYTES, WireError, decode, encode, too_large
from mcp_manim_docs.protocol import McpSession
from mcp_manim_docs.tool_calls import ServiceLoader

_CHUNK = 1 << 16


def serve_stdio(cache_dir: Path | None = None) -> None:
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else written to stdout now lands on stderr
    sys.stdout = sys.stderr
    session = McpSession(ServiceLoader.from_cache(cache_dir))
    with contextlib.suppress(KeyboardInterrupt):
        run_loop(session, sys.stdin.buffer, protocol_out)
    with contextlib.suppress(OSError):  # the client may have closed its end first
        protocol_out.close()


def read_lines(stdin: BinaryIO, limit: int = MAX_MESSAGE_BYTES) -> Iterator[bytes | WireError]:
    """Each line, or a WireError for a line over `limit` bytes (read past, never held whole)."""
    while True:
        line = stdin.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        head, tail = line[:4096], line[-4096:]
        while not line.endswith(b"\n"):
            line = stdin.readline(_CHUNK)
            if not line:
                break
            tail = (tail + line)[-4096:]
        yield too_large(head, tail)


def reply_to(session: McpSession, line: bytes | WireError) -> bytes | None:
    """The encoded reply to one line, or None."""
    if isinstance(line, WireError):
        return encode(line.reply())
    if not line.strip():
        return None
    try:
        message = decode(line[:-1] if line.endswith(b"\n") else line)
    except WireError as error:
        return encode(error.reply())
    reply = session.handle(message)
    return None if reply is None else encode(reply)


def run_loop(session: McpSession, stdin: BinaryIO, out: BinaryIO) -> None:
    """Answer each line until stdin ends or the client stops reading."""
    for line in read_lines(stdin):
        reply = reply_to(session, line)
        if reply is None:
            continue
        try:
            out.write(reply + b"\n")
            out.flush()
        except (BrokenPipeError, ConnectionResetError, ValueError):
            return  # the client went away; nobody is left to answer
