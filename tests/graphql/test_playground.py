"""The GraphiQL playground works offline: its page names only files this server serves, unchanged."""

from __future__ import annotations

import base64
import hashlib
import re

from api.graphql.playground import ASSETS_DIRECTORY

PAGE_HEADERS = {"Accept": "text/html"}
# Every file the page loads, with its Subresource Integrity value when it has one.
ASSET = re.compile(r'(?:src|href)="(?P<url>[^"]+)"(?:\s+integrity="(?P<integrity>[^"]+)")?')
VENDORED_FILES = 7  # React, ReactDOM, js-cookie, GraphiQL's script and style, the explorer's two


def sri(content: bytes) -> str:
    """The integrity value a browser checks a file against (SHA-384)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


def playground_page(client) -> str:
    response = client.get("/graphql", headers=PAGE_HEADERS)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_playground_page_names_no_other_host(client):
    page = playground_page(client)
    assert re.findall(r"https?://|(?:src|href)=\"//", page) == []


def test_every_file_the_playground_loads_is_served_here_as_published(client):
    assets = [(match["url"], match["integrity"]) for match in ASSET.finditer(playground_page(client))]
    assert sum(integrity is not None for _, integrity in assets) == VENDORED_FILES
    for url, integrity in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        if integrity is not None:  # the digests of Strawberry's CDN page: the same bytes as on npm
            assert sri(response.content) == integrity, url


def test_every_vendored_package_comes_with_its_licence():
    packages = [path for path in ASSETS_DIRECTORY.iterdir() if path.is_dir()]
    assert len(packages) == 5
    for package in packages:
        assert "MIT License" in (package / "LICENSE").read_text(), package.name
    assert "npm pack" in (ASSETS_DIRECTORY / "README.md").read_text()
