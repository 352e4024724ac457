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
PDFs, and only content the cache lacks is compressed, on every core; an entry
no build has used for a week is removed (both engines' builds share the folder).
COMPRESS_CACHE=off makes every copy afresh (bench does).
"""
from __future__ import annotations

import gzip
import hashlib
import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from guide.web import headers as web_headers

log = logging.getLogger("guide")
CACHE_DIR = "build/compressed"
KEEP_UNUSED_SECONDS = 7 * 24 * 3600


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=11)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _squeeze(job: tuple[str, str]) -> tuple[str, str]:
    """Compress one file into the cache (run in a worker process: Brotli 11 is CPU-bound)."""
    source, cached = job
    data = Path(source).read_bytes()
    for suffix, squeeze in ((".br", _brotli), (".gz", _gzip)):
        # Written beside, then renamed: a build stopped halfway leaves no half file that a later
        # build would take for a cached copy, and an entry other folders link to is replaced, never rewritten.
        part = Path(f"{cached}{suffix}.{os.getpid()}.part")
        part.write_bytes(squeeze(data))
        os.replace(part, cached + suffix)
    return source, cached


def _text_files(site: Path) -> list[Path]:
    return [
        path for path in sorted(site.rglob("*"))
        if path.is_file()
        and path.relative_to(site).as_posix() not in web_headers.HOST_FILES
        and not path.name.endswith(web_headers.COMPRESSED)
        and web_headers.is_text(path.name)
    ]


def run(build) -> None:
    site = build.site_dir
    use_cache = os.environ.get("COMPRESS_CACHE", "on").lower() not in ("off", "0", "no")
    cache = build.project.root / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files = _text_files(site)
    keys = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    # A file whose content the cache already holds costs a copy; only new content is compressed,
    # on every core: at quality 11 Brotli is the build's slowest work for a large site.
    todo = sorted({
        key: path for path, key in keys.items()
        if not (use_cache and (cache / (key + ".br")).is_file() and (cache / (key + ".gz")).is_file())
    }.items())
    jobs = [(str(path), str(cache / key)) for key, path in todo]
    if len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(_squeeze, jobs, chunksize=max(1, len(jobs) // (8 * (os.cpu_count() or 1)))))
    elif jobs:
        _squeeze(jobs[0])
    raw = packed = 0
    for path, key in keys.items():
        stat = path.stat()
        for suffix in (".br", ".gz"):
            cached = cache / (key + suffix)
            body = cached.read_bytes()
            os.utime(cached)  # still in use: kept by the clean-up below
            copy = path.with_name(path.name + suffix)
            copy.write_bytes(body)
            os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            packed += len(body) if suffix == ".br" else 0
        raw += stat.st_size
    # A .part is what a stopped build left half written: gone by the same rule.
    for old in [*cache.glob("*.br"), *cache.glob("*.gz"), *cache.glob("*.part")]:
        if old.stat().st_mtime < time.time() - KEEP_UNUSED_SECONDS:
            old.unlink()
    log.info(
        "Compressed %d text files (%d made, %d from cache) in %.2f s: %.0f KB, %.0f KB as Brotli.",
        len(files), len(jobs), len(files) - len(jobs), time.perf_counter() - started, raw / 1024, packed / 1024,
    )
