"""Serve a built site folder over HTTP on 127.0.0.1, for link checks and browser tests.

Used as a context manager (`with serve("site") as base_url:`) so every caller
gets a free port and a server that stops when it is done.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    # LinkChecker throttles to 10 requests/s unless the server opts in with this header.
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve(folder: str | Path, port: int = 0) -> Iterator[str]:
    """Yield the base URL (ending in '/') of `folder` served on 127.0.0.1."""
    folder = Path(folder).resolve()
    if not (folder / "index.html").is_file():
        raise SystemExit(f"{folder}: no index.html here. Build the site first with 'make build'.")
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
