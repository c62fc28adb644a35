"""A JSON-LD case never makes graphmap fetch anything: a context or import naming a document
(a URL, a file, a relative path) is one located line, exit 2, and no connection is attempted."""

from __future__ import annotations

import json

import pytest

from conftest import run_here

STUDY = {"@id": "https://w3id.org/graphmap/id/t/_study", "@type": "gm:Study", "dcterms:identifier": "t"}
INLINE = {"gm": "https://w3id.org/graphmap/ontology#", "dcterms": "http://purl.org/dc/terms/"}


def _contexts(url: str) -> list:
    return [
        url,
        [url, INLINE],
        [INLINE, {"@import": url}],
        {**INLINE, "dcterms:identifier": {"@id": "dcterms:identifier", "@context": url}},
    ]


@pytest.mark.parametrize("where", ["http", "file", "relative"])
@pytest.mark.parametrize("shape", range(4))
def test_a_context_from_elsewhere_is_refused_and_never_fetched(tmp_path, monkeypatch, silent_server, where, shape):
    port = silent_server.getsockname()[1]
    secret = tmp_path / "secret.jsonld"
    secret.write_text(json.dumps({"@context": INLINE}), encoding="utf-8")
    url = {"http": f"http://127.0.0.1:{port}/context.jsonld", "file": secret.as_uri(), "relative": "secret.jsonld"}[where]
    case = tmp_path / "case.jsonld"
    case.write_text(json.dumps({"@context": _contexts(url)[shape], "@graph": [STUDY]}, indent=1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_here("validate", str(case))
    assert run.code == 2 and run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{case}:") and "names a document elsewhere" in lines[0], run.err
    assert int(lines[0].split(":")[1]) > 1  # the line that names it
    with pytest.raises(BlockingIOError):
        silent_server.accept()  # nobody ever connected


def test_an_inline_context_is_read(tmp_path):
    case = tmp_path / "case.jsonld"
    case.write_text(json.dumps({"@context": INLINE, "@graph": [STUDY]}), encoding="utf-8")
    run = run_here("validate", str(case))
    assert "names a document elsewhere" not in run.err
