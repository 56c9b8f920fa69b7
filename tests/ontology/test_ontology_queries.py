"""The hierarchy-aware saved queries, run through the project's query runner on rdflib and Oxigraph:
a descendant of the chosen ancestor matches, a term outside it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from exograph.query.backends import OxigraphBackend, RdflibBackend
from exograph.query.catalog import parse_query_file
from exograph.query.run import run_saved
from ontology_helpers import data, merged, ontology, project_paths  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
OBO = "http://purl.obolibrary.org/obo/"
HIERARCHY_QUERIES = ("studies-by-tissue-ancestor", "indications-under", "studies-by-cell-type-ancestor")


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def backend(request, merged):
    return RdflibBackend(merged) if request.param == "rdflib" else OxigraphBackend(merged)


def run(backend, name: str, **given: str) -> list[dict]:
    return run_saved(parse_query_file(ROOT / "queries" / f"{name}.rq"), backend, given)


@pytest.mark.parametrize("name", HIERARCHY_QUERIES)
def test_header_parses_with_a_uri_ancestor_default(name):
    query = parse_query_file(ROOT / "queries" / f"{name}.rq")
    [parameter] = query.parameters
    assert parameter.name == "ancestor" and parameter.type == "uri" and parameter.default.startswith(OBO)


def test_studies_by_tissue_ancestor(backend):
    rows = run(backend, "studies-by-tissue-ancestor")
    assert {"study": "Park et al. 2022", "tissue": OBO + "UBERON_0001013", "tissue_label": "adipose tissue",
            "ancestor_label": "material anatomical entity"} in rows
    tissues = {r["tissue_label"] for r in run(backend, "studies-by-tissue-ancestor", ancestor=OBO + "UBERON_0000479")}
    assert "adipose tissue" in tissues and "placenta" not in tissues  # placenta is an organ, not a tissue
    organs = {r["tissue_label"] for r in run(backend, "studies-by-tissue-ancestor", ancestor=OBO + "UBERON_0000062")}
    assert "placenta" in organs and "adipose tissue" not in organs


def test_indications_under_alopecia(backend):
    rows = {r["indication"]: r for r in run(backend, "indications-under")}
    assert rows[OBO + "MONDO_0005339"]["indication_label"] == "androgenetic alopecia"
    assert rows[OBO + "MONDO_0005339"]["studies"] >= 1
    assert rows[OBO + "MONDO_0005339"]["ancestor_label"] == "alopecia"
    assert OBO + "HP_0009886" not in rows  # trichorrhexis nodosa is a hair-shaft disorder, not alopecia
    via_doid = {r["indication"] for r in run(backend, "indications-under", ancestor=OBO + "DOID_987")}
    assert OBO + "MONDO_0005339" in via_doid  # MONDO:0005339 exactMatch DOID:0050801 is_a DOID:987


def test_studies_by_cell_type_ancestor(backend):
    rows = run(backend, "studies-by-cell-type-ancestor")
    assert any(r["study"] == "Park et al. 2022" and r["cell_type"] == OBO + "CL_0002570" for r in rows)
    assert not run(backend, "studies-by-cell-type-ancestor", ancestor=OBO + "CL_0000057")  # fibroblast
