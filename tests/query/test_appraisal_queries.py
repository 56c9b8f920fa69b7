"""The appraisal's saved queries on the curated graph: a reported number the recomputation does not
reproduce is a discrepancy, and the summary-of-findings table gives each body's certainty and reasons."""

from __future__ import annotations

from support import key_label

from exograph.query.run import run_saved


def test_a_failed_check_is_a_discrepancy(catalog, rdflib_backend) -> None:  # noqa: ANN001
    rows = run_saved(catalog["discrepancies"], rdflib_backend)
    statistic = [r for r in rows if r["kind"] == key_label("DiscrepancyKind", "statistic")]
    assert {r["record"] for r in statistic} == {"Wan et al. 2025", "Skin review 2025 (MSC exosomes for scars, aging and hyperpigmentation)"}
    iga = next(r for r in statistic if r["statement_a"] == "p = 0.02 (16/25 vs 12/25)")
    assert iga["source_b"].startswith("computed: 2x2 consistency check")
    assert "16 out of 25 areas" in iga["source_a"]


def test_summary_of_findings_rows(catalog, rdflib_backend) -> None:  # noqa: ANN001
    rows = run_saved(catalog["summary-of-findings"], rdflib_backend, {"outcome": "density"})
    adipose = next(r for r in rows if r["source"] == "adipose tissue" and r["outcome"] == "hair density")
    assert adipose["certainty"] == "very low" and int(adipose["patients"]) == 140 and int(adipose["studies"]) == 3
    assert adipose["indication"] == "androgenetic alopecia"
    assert "indirectness: exosomes given with a co-intervention" in adipose["reasons"]
