"""The upload attack on the public proxy form, through a real gunicorn worker.

Shared by tests/privacy/test_rights_upload_limits.py and bench/upload_memory.py. The attack
(issue 10): many file parts of 10 MB each in one multipart POST that carries a CSRF cookie but
no valid token. What is measured is the worker's peak resident memory (Linux VmHWM, reset
through /proc/<pid>/clear_refs before each attack) against its resident memory just before.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
BOUNDARY = "----lifemento-attack-7d3f"
PROXY_PATH = "/privacy/requests/proxy/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


@dataclass
class Worker:
    """One gunicorn sync worker serving the app; its memory read from /proc."""

    port: int
    master: subprocess.Popen
    pid: int

    def rss_mb(self) -> float:
        return _kib(self.pid, "VmRSS") / 1024

    def peak_mb(self) -> float:
        return _kib(self.pid, "VmHWM") / 1024

    def reset_peak(self) -> None:
        # "5" resets the peak RSS (VmHWM) to the current RSS (Linux 4.0+).
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")


@contextlib.contextmanager
def gunicorn_worker(env: dict[str, str], cwd: Path = ROOT) -> Iterator[Worker]:
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    master = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lifemento.wsgi",
            "--workers=1",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        pid = None
        while time.monotonic() < deadline:
            if master.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"gunicorn exited: {log.read().decode()[-2000:]}")
            children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
            if children:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                    pid = int(children[0])
                    break
            time.sleep(0.2)
        if pid is None:
            raise RuntimeError("gunicorn did not start within 60 s")
        yield Worker(port=port, master=master, pid=pid)
    finally:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(timeout=20)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait()
        log.close()


def _read_response(sock: socket.socket, timeout: float = 60) -> tuple[int, bytes]:
    sock.settimeout(timeout)
    data = b""
    with contextlib.suppress(OSError):
        while True:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
            head, _, body = data.partition(b"\r\n\r\n")
            match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if match and len(body) >= int(match.group(1)):
                break
    if not data:
        return 0, b""
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2]


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        headers = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if cookie:
            headers += f"Cookie: {cookie}\r\n"
        sock.sendall((headers + "\r\n").encode())
        sock.settimeout(30)
        data = b""
        while piece := sock.recv(65536):
            data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    cookies = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            key, _, rest = value.strip().partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return int(lines[0].split()[1]), cookies, body


def csrf_cookie(port: int) -> str:
    """What an attacker gets by opening the form once: a CSRF cookie (the token is left out)."""
    return csrf_pair(port)[0]


def csrf_pair(port: int) -> tuple[str, str]:
    """(cookie header, form token): what the form page hands anyone who opens it."""
    status, cookies, body = get(port, PROXY_PATH)
    assert status == 200, status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), token


def _part_head(name: str, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename:
        disposition += f'; filename="{filename}"'
        return (
            f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n"
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()


def attack_body(parts: int, part_bytes: int, token: str = "") -> tuple[int, Iterator[bytes]]:
    """(length, chunks) of a multipart body: a few text fields (with the CSRF token if given),
    then `parts` PDF-looking file parts of `part_bytes` each, the first named like the real
    field."""
    values = [("principal_name", "김지원"), ("kind", "access")]
    if token:
        values.insert(0, ("csrfmiddlewaretoken", token))
    fields = b"".join(_part_head(name) + value.encode() + b"\r\n" for name, value in values)
    filler = b"%PDF-1.4\n" + b"A" * (MB - 9)
    heads = [
        _part_head("attorney" if i == 0 else f"attorney{i}", f"f{i}.pdf") for i in range(parts)
    ]
    tail = f"--{BOUNDARY}--\r\n".encode()
    length = len(fields) + sum(len(h) + part_bytes + 2 for h in heads) + len(tail)

    def chunks() -> Iterator[bytes]:
        yield fields
        for head in heads:
            yield head
            left = part_bytes
            while left:
                piece = filler[: min(left, len(filler))]
                left -= len(piece)
                yield piece
            yield b"\r\n"
        yield tail

    return length, chunks()


def post_attack(
    port: int,
    cookie: str,
    *,
    parts: int = 30,
    part_bytes: int = 10 * MB,
    mode: str = "honest",
    token: str = "",
) -> int:
    """Send the attack; stop sending as soon as the server answers or hangs up. Returns the
    status (0: the connection closed without an answer).

    mode "honest": Content-Length is the real length; "lying": it claims 10 MB and the whole
    body follows anyway; "chunked": no Content-Length at all (Transfer-Encoding: chunked).
    """
    length, chunks = attack_body(parts, part_bytes, token)
    head = (
        f"POST {PROXY_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nConnection: close\r\n"
    )
    if mode == "chunked":
        head += "Transfer-Encoding: chunked\r\n"
    else:
        head += f"Content-Length: {length if mode == 'honest' else 10 * MB}\r\n"
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall((head + "\r\n").encode())
        try:
            for chunk in chunks:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                if mode == "chunked":
                    chunk = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                sock.sendall(chunk)
            else:
                if mode == "chunked":
                    sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass
        status, _ = _read_response(sock)
        return status


def measure(worker: Worker, cookie: str, **attack) -> tuple[int, float]:
    """(status, peak growth in MB) of one attack on a warm worker."""
    before = worker.rss_mb()
    worker.reset_peak()
    status = post_attack(worker.port, cookie, **attack)
    time.sleep(0.3)  # let the worker finish with the request after the answer
    return status, worker.peak_mb() - before


def server_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "DJANGO_SETTINGS", "COV_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lifemento.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DEBUG="false",
        DATABASE_POOL="false",
        # Its own cache keys: the proxy form's throttle counts these attacks, and must not
        # count them against the tests' (or another run's) address.
        CACHE_KEY_PREFIX=f"upload-attack-{os.getpid()}-{time.monotonic_ns()}",
    )
    return env
