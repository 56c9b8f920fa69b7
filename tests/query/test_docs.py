"""docs/queries.md is generated from the query headers and their results on the current data; this
test fails when it is stale (regenerate with `exograph query --docs`)."""

from __future__ import annotations

from pathlib import Path

from exograph.paths import ProjectPaths
from exograph.query.docs import DOCS_FILE, render_docs

ROOT = Path(__file__).resolve().parents[2]


def test_docs_queries_md_is_current(built_project: Path, oxigraph_backend) -> None:  # noqa: ANN001
    expected = render_docs(ProjectPaths(built_project), oxigraph_backend)
    current = (ROOT / DOCS_FILE).read_text(encoding="utf-8") if (ROOT / DOCS_FILE).exists() else ""
    assert current == expected, "docs/queries.md is stale: run `exograph query --docs` and commit it"


def test_docs_show_every_query(built_project: Path, oxigraph_backend) -> None:  # noqa: ANN001
    text = render_docs(ProjectPaths(built_project), oxigraph_backend)
    for path in sorted((built_project / "queries").glob("*.rq")):
        assert f"\n## {path.stem}\n" in text
    assert "DO NOT EDIT" in text
