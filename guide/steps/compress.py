"""Write a .br and a .gz copy beside every text file in site/, for hosts that serve them as they are.

nginx serves them with brotli_static and gzip_static (site/nginx.conf), so no
page is compressed per request and every one goes out at the strongest
setting: Brotli quality 11 and gzip level 9, which a server compressing on the
fly could not afford. A browser that accepts neither gets the file itself.

It runs after every step that writes a file, so no copy is older than its
original; the copies keep the original's modification time, so their ETag and
Last-Modified agree with the file they stand for. The gzip header carries no
name and no time, so the same file always gives the same bytes.

Brotli at quality 11 takes about 7 s for the whole site on this project's
machines and gzip at level 9 most of a second, most of it for files that did
not change (the theme's scripts and their source maps, pages nobody edited).
So both copies are cached by content in build/compressed/, like the worksheet
PDFs; an entry no build has used for a week is removed (both engines' builds
share the folder).
COMPRESS_CACHE=off makes every copy afresh (bench does).
"""
from __future__ import annotations

import gzip
import hashlib
import logging
import os
import time

import brotli

from guide.web import headers as web_headers

log = logging.getLogger("guide")
CACHE_DIR = "build/compressed"
KEEP_UNUSED_SECONDS = 7 * 24 * 3600


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=11)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def run(build) -> None:
    site = build.site_dir
    use_cache = os.environ.get("COMPRESS_CACHE", "on").lower() not in ("off", "0", "no")
    cache = build.project.root / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    started, count, made, raw, packed = time.perf_counter(), 0, 0, 0, 0
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative in web_headers.HOST_FILES or relative.endswith(web_headers.COMPRESSED):
            continue
        if not web_headers.is_text(relative):
            continue
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        stat = path.stat()
        for suffix, squeeze in ((".br", _brotli), (".gz", _gzip)):
            cached = cache / (key + suffix)
            if use_cache and cached.is_file():
                body = cached.read_bytes()
                cached.touch()
            else:
                body = squeeze(data)
                cached.write_bytes(body)
                made += suffix == ".br"
            copy = path.with_name(path.name + suffix)
            copy.write_bytes(body)
            os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            if suffix == ".br":
                packed += len(body)
        count += 1
        raw += len(data)
    for old in [*cache.glob("*.br"), *cache.glob("*.gz")]:
        if old.stat().st_mtime < time.time() - KEEP_UNUSED_SECONDS:
            old.unlink()
    log.info(
        "Compressed %d text files (%d made, %d from cache) in %.2f s: %.0f KB, %.0f KB as Brotli.",
        count, made, count - made, time.perf_counter() - started, raw / 1024, packed / 1024,
    )
