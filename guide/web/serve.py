"""Serve a built site folder over HTTP on 127.0.0.1, for the link check, the tests and the benchmark.

Used as a context manager (`with serve("site") as base_url:`) so every caller
gets a free port and a server that stops when it is done. `base_path` serves
the folder under a sub-path (like /help/), as a host does for a site whose
SITE_URL has one; anything outside it is a 404.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    base_path = "/"

    # LinkChecker throttles to 10 requests/s unless the server opts in with this header.
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + path[len(self.base_path):])

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve(folder: str | Path, port: int = 0, base_path: str = "/") -> Iterator[str]:
    """Yield the base URL (ending in '/') of `folder` served on 127.0.0.1."""
    folder = Path(folder).resolve()
    if not (folder / "index.html").is_file():
        raise SystemExit(f"{folder}: no index.html here. Build the site first with 'make build'.")
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    handler = functools.partial(type("Handler", (_Handler,), {"base_path": base_path}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
