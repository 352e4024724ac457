"""mkdocs.yml, read the way both engines read it, and the site's public address checked.

Both MkDocs and Zensical read mkdocs.yml; the build steps need a few of its
settings (docs_dir, site_dir, site_url, the redirect map) without importing
either engine, so this reads the file with the one non-standard tag it uses,
`!ENV`, resolved as MkDocs and Zensical resolve it.
"""
from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from guide.errors import GuideError

CONFIG_FILE = "mkdocs.yml"
SITE_URL_VARIABLE = "SITE_URL"
EXAMPLE_URL = "https://guide.example.org/"


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    # !ENV NAME or !ENV [NAME, ..., default]: the first variable that is set wins.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = node.value
        default = loader.construct_object(items[-1]) if len(items) > 1 else None
        names = [loader.construct_scalar(item) for item in (items[:-1] if len(items) > 1 else items)]
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_Loader.add_constructor("!ENV", _env)


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise GuideError(f"{path.name} is not valid YAML: {' '.join(str(error).split())}") from None
    return data if isinstance(data, dict) else {}


def check_site_url(value: object, source: str) -> str:
    """The site's public address, ending in '/'; a one-line GuideError naming `source` otherwise."""
    fix = f"Fix: set it to the site's public address, like {SITE_URL_VARIABLE}={EXAMPLE_URL}"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise GuideError(f"{source} is empty, so canonical links, previews and short links would have no address. {fix}")
    text = str(value)
    if re.search(r"\s", text):
        raise GuideError(f"{source} is {text!r}, which contains a space. {fix}")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GuideError(f"{source} is {text!r}, which is not a web address with a host. {fix}")
    if parts.query or parts.fragment:
        raise GuideError(f"{source} is {text!r}; it cannot carry a '?' or '#' part. {fix}")
    return text if text.endswith("/") else text + "/"


@dataclass(frozen=True)
class Project:
    """The settings of one checkout (or a test's copy of it) that the build steps need."""

    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    config: dict = field(repr=False)

    @property
    def base_path(self) -> str:
        """The path the site is served under: '/' or, under a sub-path, like '/help/'."""
        return urlsplit(self.site_url).path or "/"

    @property
    def site_name(self) -> str:
        return str(self.config.get("site_name") or "")

    @property
    def site_description(self) -> str:
        return str(self.config.get("site_description") or "")

    @property
    def extra(self) -> dict:
        return self.config.get("extra") or {}

    def plugin(self, name: str) -> dict | None:
        """A plugin's settings from `plugins:` (None when it is not listed)."""
        for item in self.config.get("plugins") or []:
            if item == name:
                return {}
            if isinstance(item, dict) and name in item:
                return item[name] or {}
        return None

    @property
    def redirect_maps(self) -> dict[str, str]:
        """Old page file -> new page file, from the redirects plugin (the one redirect map)."""
        maps = (self.plugin("redirects") or {}).get("redirect_maps") or {}
        return {str(old): str(new) for old, new in maps.items()}

    def absolute_url(self, path: str) -> str:
        """The public URL of a site-relative path like 'during/keep-calm/'."""
        return self.site_url + path.lstrip("/")

    def root_relative(self, path: str) -> str:
        """A root-relative URL of a site-relative path, under the site's base path."""
        return posixpath.join(self.base_path, path.lstrip("/"))


def load_project(config_file: Path | str | None = None, site_dir: Path | str | None = None) -> Project:
    config_file = Path(config_file or CONFIG_FILE).resolve()
    if not config_file.is_file():
        raise GuideError(f"{config_file}: no such file. Fix: run the build from the project folder.")
    config = read_yaml(config_file)
    root = config_file.parent
    if SITE_URL_VARIABLE in os.environ:
        site_url = check_site_url(os.environ[SITE_URL_VARIABLE], f"The environment variable {SITE_URL_VARIABLE}")
    else:
        site_url = check_site_url(config.get("site_url"), f"site_url in {config_file.name}")
    return Project(
        root=root,
        config_file=config_file,
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        site_dir=Path(site_dir).resolve() if site_dir else root / str(config.get("site_dir") or "site"),
        site_url=site_url,
        config=config,
    )
