"""Run Debian's nginx on a loopback address with a built site's generated nginx.conf, as production would.

For the tests (tests/test_served.py), the Observatory and Lighthouse (make
bench): the site's own site/nginx.conf is included, unchanged, in a server
block that only says where to listen and where the files are, the way
handbook/operators.md ("nginx") tells an operator to write theirs. Everything
else nginx needs lives in a temporary prefix (configuration, pid file, logs,
temp folders), so it runs beside any other nginx on the machine and leaves
nothing behind.

`tls=True` adds what the MDN HTTP Observatory looks for on a real host: HTTPS
on port 443 with a certificate made for the run, and port 80 redirecting to
it. Those two ports are on an address of the 127.0.0.0/8 loopback range
picked at random, so parallel runs do not collide.
"""
from __future__ import annotations

import contextlib
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
INSTALL = "run 'make test' as root (it installs them), or 'sudo apt-get install nginx libnginx-mod-http-brotli-static'"


def nginx_path() -> str:
    path = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(path) or not BROTLI_MODULE.is_file():
        raise SystemExit(f"Debian's nginx and its Brotli module are missing: {INSTALL}.")
    return path


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:PORT/BASE/
    host: str
    port: int
    https_url: str | None = None  # https://ADDRESS/BASE/ when tls=True
    certificate: Path | None = None
    error_log: Path | None = None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _wait(host: str, port: int, process: subprocess.Popen, log: Path, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped at start (exit {process.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {host}:{port} within {seconds} s:\n{log.read_text(errors='replace')[-3000:]}")


def make_certificate(folder: Path, address: str) -> tuple[Path, Path]:
    """A self-signed certificate for `address`, made for this run (openssl, Debian's)."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "2", "-subj", f"/CN={address}", "-addext", f"subjectAltName=IP:{address}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return key, cert


def _config(prefix: Path, root: Path, include: Path, host: str, port: int, tls: tuple[str, Path, Path] | None) -> str:
    site_server = f"root {root};\n        include {include};"
    servers = [f"""
    server {{
        listen {host}:{port};
        server_name localhost;
        {site_server}
    }}"""]
    if tls:
        address, key, cert = tls
        servers.append(f"""
    server {{
        listen {address}:80;
        return 301 https://$host$request_uri;
    }}
    server {{
        listen {address}:443 ssl http2;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        {site_server}
    }}""")
    temp = prefix / "temp"
    return f"""# Written by guide/checks/nginx.py for one run; the site's part is {include}.
daemon off;
master_process on;
worker_processes 1;
# Workers run as the caller, who can read the temporary folders (as root, the
# default user "nobody" could not).
user {pwd.getpwuid(os.geteuid()).pw_name};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
load_module {BROTLI_MODULE};
events {{ worker_connections 256; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    {"".join(servers)}
}}
"""


@contextlib.contextmanager
def serve(site: Path | str, base_path: str = "/", *, tls: bool = False, port: int = 0) -> Iterator[Served]:
    """Serve a built site with its own nginx.conf on 127.0.0.1 (and, with tls, HTTPS on a loopback address).

    `port` 0 picks a free one; give the port a site was built for (its SITE_URL)
    when Material's instant navigation must take over links."""
    site = Path(site).resolve()
    include = site / "nginx.conf"
    if not include.is_file():
        raise SystemExit(f"{include} is missing: build the site with 'make build' (the host-config step writes it).")
    binary = nginx_path()
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    with tempfile.TemporaryDirectory(prefix="guide-nginx-") as tmp:
        prefix = Path(tmp)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "temp" / name).mkdir(parents=True)
        root = site
        if base != "/":
            # The operator's root holds the site under its base path, as on the real host.
            root = prefix / "root"
            (root / base.strip("/")).parent.mkdir(parents=True, exist_ok=True)
            (root / base.strip("/")).symlink_to(site, target_is_directory=True)
        tls_parts = None
        if tls:
            address = f"127.{random.randint(1, 254)}.{random.randint(0, 254)}.{random.randint(1, 254)}"
            key, cert = make_certificate(prefix, address)
            tls_parts = (address, key, cert)
        host, port = "127.0.0.1", port or free_port()
        (prefix / "nginx.conf").write_text(_config(prefix, root, include, host, port, tls_parts), encoding="utf-8")
        log = prefix / "error.log"
        process = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        try:
            log.touch()
            _wait(host, port, process, log)
            if tls_parts:
                _wait(tls_parts[0], 443, process, log)
            yield Served(
                url=f"http://{host}:{port}{base}",
                host=host,
                port=port,
                https_url=f"https://{tls_parts[0]}{base}" if tls_parts else None,
                certificate=tls_parts[2] if tls_parts else None,
                error_log=log,
            )
        finally:
            process.send_signal(signal.SIGQUIT)  # graceful stop of this master and its worker
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
