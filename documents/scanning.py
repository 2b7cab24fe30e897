"""ClamAV through clamd's socket (settings.CLAMD_SOCKET: a unix socket path or tcp://host:port),
the INSTREAM command.

The stream is sent in chunks, each prefixed with its length as 4 bytes big-endian, ended by a
zero-length chunk; clamd answers `stream: OK`, `stream: <signature> FOUND` or `... ERROR`.
`scan` raises `ScannerUnavailable` when clamd cannot be reached or answers with an error (e.g. a
file above its StreamMaxLength): the caller then refuses the file rather than keep it unscanned."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings


class ScannerUnavailable(Exception):
    pass


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""  # the virus's signature name when not clean


def _connect() -> socket.socket:
    """A unix socket path, or `tcp://host:port` (clamd's TCPSocket, e.g. the clamav container)."""
    address = getattr(settings, "CLAMD_SOCKET", "/run/clamav/clamd.ctl")
    timeout = float(getattr(settings, "CLAMD_TIMEOUT", 60))
    try:
        if address.startswith("tcp://"):
            host, _, port = address.removeprefix("tcp://").rpartition(":")
            return socket.create_connection((host, int(port)), timeout=timeout)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError:
            sock.close()
            raise
        return sock
    except (OSError, ValueError) as error:
        raise ScannerUnavailable(f"clamd niet bereikbaar op {address}: {error}") from error


def _answer(sock: socket.socket) -> str:
    received = b""
    while not received.endswith(b"\0"):
        block = sock.recv(4096)
        if not block:
            break
        received += block
    return received.rstrip(b"\0").decode("utf-8", "replace").strip()


def ping() -> bool:
    try:
        with _connect() as sock:
            sock.sendall(b"zPING\0")
            return _answer(sock) == "PONG"
    except (ScannerUnavailable, OSError):
        return False


def scan(chunks: Iterable[bytes]) -> ScanResult:
    """Scan the content given as chunks of bytes."""
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), 1 << 20):
                    part = chunk[start : start + (1 << 20)]
                    sock.sendall(struct.pack("!L", len(part)) + part)
            sock.sendall(struct.pack("!L", 0))
            answer = _answer(sock)
    except OSError as error:  # a reset mid-stream: clamd closes on StreamMaxLength, crashes, ...
        raise ScannerUnavailable(f"virusscan afgebroken: {error}") from error
    if answer.endswith("OK"):
        return ScanResult(clean=True)
    if answer.endswith("FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature[:200])
    raise ScannerUnavailable(f"onverwacht antwoord van clamd: {answer[:200]}")


def scanning_enabled() -> bool:
    """Off only where the settings allow it (the embedded demo without clamd; never production)."""
    return bool(getattr(settings, "DOCUMENT_VIRUS_SCAN", True))
