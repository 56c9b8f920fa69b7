"""A review's own results (the skin review has no per-study records): its comparisons and findings as a
review-level layer of the network, review → indication → outcome."""

from __future__ import annotations

import pytest

from exograph.analysis.evidence import Evidence, load_evidence
from exograph.analysis.network import network_from_evidence
from exograph.analysis.reviews import comparison_text
from exograph.viz.cards import review_card


def _row(**values: object) -> dict[str, object]:
    names = ("exosome_value", "control_value", "exosome_min", "exosome_max", "control_min", "control_max",
             "exosome_count", "control_count", "denominator", "unit_key")
    return {name: values.get(name) for name in names}


def test_comparisons_read_as_exosome_versus_control() -> None:
    assert comparison_text(_row(exosome_value=32.5, control_value=19.9, unit_key="percent")) == \
        "exosome 32.5% vs control 19.9%"
    assert comparison_text(_row(exosome_min=2.4, exosome_max=14.4, control_min=6.6, control_max=7.1,
                                unit_key="percent")) == "exosome 2.4–14.4% vs control 6.6–7.1%"
    assert comparison_text(_row(exosome_count=16, control_count=12, denominator=25, unit_key="areas")) == \
        "exosome 16 of 25 areas vs control 12 of 25 areas"
    assert comparison_text(_row(unit_key="points")) == ""


@pytest.fixture(scope="module")
def evidence(built_graph) -> Evidence:  # noqa: ANN001 - an rdflib Graph
    return load_evidence(built_graph)


def test_the_skin_review_is_a_layer_from_indications_to_outcomes(evidence: Evidence) -> None:
    (skin,) = [r for r in evidence.review_layer if r.id == "skin-review-2025"]
    assert (skin.studies, skin.participants) == (6, 99)
    assert sum(r.kind == "comparison" for r in skin.results) == 7
    assert sum(r.kind == "finding" for r in skin.results) == 4
    net = network_from_evidence(evidence)
    review = "review:skin-review-2025"
    linked = {net.nodes[n]["label"]: net.edges[review, n]["kind"] for n in net.neighbors(review)}
    assert set(linked.values()) == {"review"}
    assert {"scar thickness", "skin elasticity", "melanin index", "Scarring", "keloid"} <= set(linked)
    assert net.nodes[review]["patients"] == 99
    # study-level outcomes and the review's comparisons meet on one node
    aesthetic = next(n for n in net.neighbors(review) if net.nodes[n]["label"] == "global aesthetic improvement")
    assert any(net.nodes[n]["kind"] == "study" for n in net.neighbors(aesthetic))


def test_the_review_card_lists_its_comparisons_with_quotes(evidence: Evidence) -> None:
    (skin,) = [r for r in evidence.review_layer if r.id == "skin-review-2025"]
    card = review_card(evidence, skin)
    comparisons = next(s for s in card["sections"] if s["title"].startswith("Comparisons"))["items"]
    scar = next(item for item in comparisons if item["head"].startswith("scar thickness"))
    assert scar["text"] == "exosome 32.5% vs control 19.9%" and scar["detail"] == "p < 0.01"
    assert scar["quote"] == "reducing scar thickness (32.5% vs. 19.9%, p < 0.01)" and scar["locator"] == "Abstract, Result"
    assert "no per-study data" in card["flags"][0] and card["notes"]
