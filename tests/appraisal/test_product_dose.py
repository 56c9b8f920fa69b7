"""EV product completeness and dose normalisation on the hair review's products."""

from __future__ import annotations

import pytest

from exograph.appraisal.dose import Regimen, Span, normalise
from exograph.appraisal.product import ITEMS, ProductFacts, score_product


def facts(**kw) -> ProductFacts:
    return ProductFacts(**{k: frozenset(v) if isinstance(v, (set, list, tuple)) else v for k, v in kw.items()})


def test_gentile_micrografts():
    # HF-MSCs from human scalp; mechanical disaggregation, centrifugation, filtration; NTA, TEM, fluorescence microscopy
    quality = score_product(facts(source_kinds={"mesenchymal-stem-cell"}, organisms={"NCBITaxon:9606"},
                                  tissues={"UBERON:0002073"}, isolation={"mechanical-disaggregation", "centrifugation", "filtration"},
                                  characterization={"nanoparticle-tracking-analysis", "transmission-electron-microscopy",
                                                    "fluorescence-microscopy"}))
    met = {i.key for i in quality.items if i.status == "met"}
    assert met == {"source-and-species", "separation-method", "single-vesicle-imaging"}
    assert quality.applicable == len(ITEMS) == 9 and quality.score == pytest.approx(3 / 9)
    assert quality.summary == "3 of 9 applicable items (33%)"
    size = next(i for i in quality.items if i.key == "particle-size")
    assert "no size summary" in size.reason


def test_norooznejhad_protein_dose_and_a_conditioned_medium():
    quality = score_product(facts(source_kinds={"mesenchymal-stem-cell"}, organisms={"NCBITaxon:9606"},
                                  tissues={"UBERON:0001987"}, isolation={"ultracentrifugation"},
                                  dose_kinds={"protein-per-session"}))
    quant = next(i for i in quality.items if i.key == "quantification-two-kinds")
    assert quant.status == "missing" and quant.reason == "quantified as protein only"
    medium = score_product(facts(isolation={"conditioned-medium-collection", "not-described"}))
    separation = next(i for i in medium.items if i.key == "separation-method")
    assert separation.status == "missing" and "not described" in separation.reason


def test_particles_and_protein_are_two_kinds_and_a_plant_source_has_no_culture():
    quality = score_product(facts(source_kinds={"plant"}, organisms={"NCBITaxon:3367"},
                                  characterization={"nanoparticle-tracking-analysis"}, dose_kinds={"protein-per-session"}))
    by_key = {i.key: i for i in quality.items}
    assert by_key["quantification-two-kinds"].status == "met"
    assert by_key["source-amount-and-culture"].status == "not applicable" and quality.applicable == 8
    assert by_key["source-and-species"].status == "met"  # a plant source is its species
    assert score_product(facts(source_kinds={"mesenchymal-stem-cell"}, organisms={"NCBITaxon:9606"})).items[0].reason == (
        "no tissue or cell type")


def test_everything_reported_scores_one():
    quality = score_product(facts(source_kinds={"mesenchymal-stem-cell"}, organisms={"NCBITaxon:9606"},
                                  cell_types={"CL:0002570"}, isolation={"ultracentrifugation"},
                                  characterization={"nanoparticle-tracking-analysis", "transmission-electron-microscopy"},
                                  dose_kinds={"particles-per-ml", "protein-per-session"}, positive_markers={"CD63", "TSG101"},
                                  negative_markers={"calnexin"}, culture_conditions=True, source_amount=True, size_summary=True))
    assert quality.score == 1.0 and quality.missing == ()


def test_norooznejhad_dose_per_session_and_course():
    # 140–160 µg per session, every 4 weeks for 3 sessions
    figures = normalise("protein-per-session", Span.of(low=140, high=160), Regimen(sessions=Span.of(3)))
    per = {f.per: f for f in figures}
    assert per["session"].stated and per["session"].amount == Span(140, 160)
    assert per["course"].amount == Span(140 * 3, 160 * 3) and str(per["course"].amount) == "420–480"


def test_chen_concentration_gives_a_dose_per_site_only():
    # 1 × 10^10 /mL, 0.1 mL per site, sites per session not stated, 4–6 sessions
    figures = normalise("particles-per-ml", Span.of(1e10), Regimen(sessions=Span.of(low=4, high=6), volume_per_site=Span.of(0.1)))
    per = {f.per: f for f in figures}
    assert per["site"].amount == Span(1e10 * 0.1, 1e10 * 0.1)
    assert per["session"].amount is None and per["session"].how == "not computable: sites per session not stated"
    assert per["course"].how == "not computable: no per-session dose"


def test_a_vial_dose_needs_vials_per_session_and_sites_multiply():
    per = {f.per: f for f in normalise("particles-per-vial", Span.of(6e10), Regimen(sessions=Span.of(12)))}
    assert per["session"].how == "not computable: vials per session not stated"
    full = {f.per: f for f in normalise("particles-per-ml", Span.of(1e11), Regimen(
        sessions=Span.of(3), volume_per_site=Span.of(low=0.05, high=0.1), sites_per_session=Span.of(20)))}
    assert full["session"].amount == Span(1e11 * 0.05 * 20, 1e11 * 0.1 * 20)
    assert full["course"].amount == Span(1e11 * 0.05 * 20 * 3, 1e11 * 0.1 * 20 * 3)
    by_volume = {f.per: f for f in normalise("particles-per-ml", Span.of(1e11), Regimen(volume_per_session=Span.of(3)))}
    assert by_volume["session"].amount == Span(3e11, 3e11) and by_volume["course"].amount is None
    with pytest.raises(ValueError, match="unknown dose kind"):
        normalise("dilution", Span.of(1), Regimen())
