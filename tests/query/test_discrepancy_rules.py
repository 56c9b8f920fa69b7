"""Each kind of self-contradiction `discrepancies` surfaces is a rule over the graph, so a new record is
checked the same way as the curated ones. Every rule is proven here on a synthetic study record (read
by the real loader, included by the curated hair review, converted, merged with the ontology and queried on
Oxigraph): the record that contradicts itself gives a row of the rule's kind naming both statements and
both places, and the same record without the contradiction gives none."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from support import ROOT, key_label

from exograph.graphs import ontology_graph
from exograph.paths import ProjectPaths
from exograph.query.backends import OxigraphBackend
from exograph.query.catalog import load_catalog
from exograph.query.run import run_saved
from exograph.records.convert import data_graph, load_records

LABEL = "Synthetic et al. 2024"


def sourced(at: str, quote: str, **fields: Any) -> dict[str, Any]:
    return {**fields, "at": at, "quote": quote}


BASE: dict[str, Any] = {
    "id": "synthetic-2024",
    "label": LABEL,
    "document": "hair-review-2025",
    "citation": sourced("References, 1", "Doe J, Roe R. A synthetic study.", authors="Doe J, Roe R",
                        title="A synthetic study", year=2024),
    "first_author": [sourced("Table 1, Author", "Doe et al 1", value="Doe")],
    "year": [sourced("Table 1, Year", "2024", value=2024)],
    "countries": [sourced("Table 1, Country", "Iran", value=["Iran"])],
    "design": [sourced("Table 1, Study Design", "Prospective single-arm study", value="single-arm-trial",
                       as_reported="Prospective single-arm study", qualifiers=["prospective"])],
    "sample_size": [sourced("Table 1, Sample Size", "10 patients", value=10, as_reported="10 patients")],
    "conditions": [sourced("Table 1, Hair Condition", "AGA", indication="MONDO:0005339", as_reported="AGA")],
    "interventions": [{
        "id": "exosomes", "label": "Exosome injections", "role": "experimental",
        "sources": [sourced("Table 1, Source of Exosomes", "Adipose-derived MSCs", label="adipose-derived MSCs",
                            as_reported="Adipose-derived MSCs", kind="mesenchymal-stem-cell",
                            tissue="UBERON:0001013")],
        "administration": [sourced("Table 1, Injection Techniques", "Intradermal injections",
                                   as_reported="Intradermal injections", routes=["intradermal"])],
    }],
    "arms": [sourced("Table 1, Sample Size", "10 patients", id="treated", label="Treated", intervention="exosomes", n=10)],
}


@pytest.fixture(scope="module")
def ontology():  # noqa: ANN201 - an rdflib Graph
    return ontology_graph(ProjectPaths(ROOT))


@pytest.fixture(scope="module")
def saved_query():  # noqa: ANN201 - the saved discrepancies query
    return load_catalog(ROOT / "queries")["discrepancies"]


@pytest.fixture
def discrepancies(tmp_path: Path, ontology, saved_query) -> Callable[[dict], list[dict]]:  # noqa: ANN001
    """The rows of `discrepancies` about the synthetic study (the curated hair review includes it)."""
    def run(study: dict[str, Any]) -> list[dict]:
        project = tmp_path / f"project-{len(list(tmp_path.iterdir()))}"
        (project / "data" / "studies").mkdir(parents=True)
        for folder in ("reviews", "sources"):
            shutil.copytree(ROOT / "data" / folder, project / "data" / folder)
        write_yaml(project / "data" / "studies" / f"{study['id']}.yaml", study)
        review_path = project / "data" / "reviews" / "hair-review-2025.yaml"
        review = yaml.safe_load(review_path.read_text(encoding="utf-8"))
        review["included_studies"] = [sourced("Table 1, Author", "Doe et al 1", study=study["id"], reference_number=1)]
        write_yaml(review_path, review)
        graph = data_graph(load_records(ProjectPaths(project))) + ontology
        rows = run_saved(saved_query, OxigraphBackend(graph=graph), {})
        return [row for row in rows if row["record"] == LABEL or row["topic"].startswith(LABEL)]
    return run


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def study(**changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(BASE)
    record.update(copy.deepcopy(changes))
    return record


def of_kind(rows: list[dict], kind: str) -> list[dict]:
    return [row for row in rows if row["kind"] == key_label("DiscrepancyKind", kind)]


def intervention(**changes: Any) -> list[dict]:
    return [{**copy.deepcopy(BASE["interventions"][0]), **copy.deepcopy(changes)}]


def test_the_base_record_contradicts_itself_nowhere(discrepancies) -> None:  # noqa: ANN001
    assert discrepancies(study()) == []


# ---- adverse-events ---------------------------------------------------------------------------

NONE_IN_DISCUSSION = sourced("Discussion", "zero side effects", id="none", event="none", as_reported="zero side effects",
                             scope="any", arm="treated")
REDNESS = sourced("Results", "mild redness in 20% of cases", id="redness", event="redness",
                  as_reported="mild redness in 20% of cases", percent=20, severity="mild", arm="treated")


def test_adverse_events_none_at_all_beside_an_event(discrepancies) -> None:  # noqa: ANN001
    (row,) = of_kind(discrepancies(study(adverse_events=[NONE_IN_DISCUSSION, REDNESS])), "adverse-events")
    assert row["statement_a"] == "zero side effects" and row["source_a"] == 'Discussion: "zero side effects"'
    assert row["statement_b"].startswith("redness: mild redness in 20% of cases")
    assert row["source_b"] == 'Results: "mild redness in 20% of cases"'


def test_adverse_events_none_serious_beside_a_mild_event_agree(discrepancies) -> None:  # noqa: ANN001
    none_serious = {**NONE_IN_DISCUSSION, "scope": "serious", "as_reported": "no serious adverse events"}
    assert of_kind(discrepancies(study(adverse_events=[none_serious, REDNESS])), "adverse-events") == []
    severe = {**REDNESS, "severity": "severe"}
    assert len(of_kind(discrepancies(study(adverse_events=[none_serious, severe])), "adverse-events")) == 1


# ---- same-number ------------------------------------------------------------------------------

GROWTH = sourced("Table 1, Key Results", "Growth response: 54.5% females", id="growth", measure="growth-response",
                 subgroup="females", statistic="proportion", unit="percent", value=54.5, arm="treated")
SATISFIED = sourced("Results", "females (54.5% very satisfied)", id="satisfied", measure="satisfied-proportion",
                    subgroup="females", statistic="proportion", unit="percent", value=54.5, arm="treated")


def test_same_number_as_two_measures(discrepancies) -> None:  # noqa: ANN001
    (row,) = of_kind(discrepancies(study(measurements=[GROWTH, SATISFIED])), "same-number")
    assert {row["statement_a"], row["statement_b"]} == {"growth-response 54.5 percent (females)",
                                                      "satisfied-proportion 54.5 percent (females)"}
    assert {row["source_a"], row["source_b"]} == {"Table 1, Key Results: \"Growth response: 54.5% females\"",
                                                "Results: \"females (54.5% very satisfied)\""}


def test_same_number_of_different_subgroups_is_no_conflict(discrepancies) -> None:  # noqa: ANN001
    males = {**SATISFIED, "subgroup": "males", "quote": "males (54.5% satisfied)"}
    assert of_kind(discrepancies(study(measurements=[GROWTH, males])), "same-number") == []


# ---- design-qualifier -------------------------------------------------------------------------

OPEN_LABEL = sourced("Table 1, Study Design", "Prospective Open-Label Study", value="single-arm-trial",
                     as_reported="Prospective Open-Label Study", qualifiers=["prospective", "open-label"])
BLINDED = sourced("Risk of Bias", "blinded outcome evaluation", value="single-arm-trial",
                  as_reported="blinded outcome evaluation", qualifiers=["blinded-outcome-assessment"])


def test_design_open_label_vs_blinded_outcome_assessment(discrepancies) -> None:  # noqa: ANN001
    (row,) = of_kind(discrepancies(study(design=[OPEN_LABEL, BLINDED])), "design-qualifier")
    assert {row["statement_a"], row["statement_b"]} == {"open-label: Prospective Open-Label Study",
                                                      "blinded outcome assessment: blinded outcome evaluation"}
    assert "Risk of Bias: \"blinded outcome evaluation\"" in (row["source_a"], row["source_b"])


def test_design_stated_interventional_vs_a_design_that_is_observational(discrepancies) -> None:  # noqa: ANN001
    interventional = sourced("Results", "prospective interventional study", value="single-arm-trial",
                             as_reported="prospective interventional study", qualifiers=["interventional"])
    case_report = sourced("Table 1, Study Design", "Case report", value="case-report", as_reported="Case report")
    (row,) = of_kind(discrepancies(study(design=[interventional, case_report])), "design-qualifier")
    # a case report is observational by definition (ontology: exo:impliesQualifier)
    assert {row["statement_a"], row["statement_b"]} == {"interventional: prospective interventional study",
                                                      "observational (implied): Case report"}


def test_designs_that_differ_without_a_stated_qualifier_are_left_to_the_field_rule(discrepancies) -> None:  # noqa: ANN001
    cohort = sourced("Level II list", "Prospective cohort studies", value="prospective-cohort",
                     as_reported="Prospective cohort studies")
    rows = discrepancies(study(design=[{**BASE["design"][0], "qualifiers": []}, cohort]))
    assert of_kind(rows, "design-qualifier") == [] and len(of_kind(rows, "field")) == 1


# ---- class-claim ------------------------------------------------------------------------------

PLANT = sourced("Table 1, Source of Exosomes", "Ecklonia cava and Thuja orientalis plant extracts",
                label="plant extracts", as_reported="Ecklonia cava and Thuja orientalis plant extracts", kind="plant")
RCT = [sourced("Table 1, Study Design", "Pilot RCT", value="randomized-controlled-trial", as_reported="Pilot RCT")]


def test_class_claim_every_rct_msc_derived_vs_a_plant_source(discrepancies) -> None:  # noqa: ANN001
    # the curated hair review's Conclusion says the two RCTs tested MSC-derived exosome formulations
    (row,) = of_kind(discrepancies(study(design=RCT, interventions=intervention(sources=[PLANT]))), "class-claim")
    assert row["statement_a"] == "MSC-derived (every randomized controlled trial)"
    assert row["source_a"].startswith("Conclusion: \"The highest-quality evidence came from two randomized")
    assert row["statement_b"] == "plant extracts (plant)"
    assert row["source_b"] == 'Table 1, Source of Exosomes: "Ecklonia cava and Thuja orientalis plant extracts"'


def test_class_claim_agrees_with_an_msc_source_and_ignores_other_designs(discrepancies) -> None:  # noqa: ANN001
    assert of_kind(discrepancies(study(design=RCT)), "class-claim") == []
    assert of_kind(discrepancies(study(interventions=intervention(sources=[PLANT]))), "class-claim") == []


# ---- bias-reason ------------------------------------------------------------------------------

def robins(cell: str, reason: dict[str, Any], overall: str = "high") -> list[dict]:
    return [{"tool": "robins-i", "judgements": [
        sourced("Table 2, row 2", f"2. Bias in selection of participants {cell}", domain="selection-of-participants",
                judgement=cell),
        sourced("Risk of bias text", "high risk of bias due to unclear selection processes", domain="overall",
                judgement=overall, reasons=[reason]),
    ]}]


UNCLEAR_SELECTION = {"text": "unclear selection processes", "domain": "selection-of-participants", "kind": "concern",
                     "judgement": "unclear"}


def test_bias_reason_in_words_vs_the_table_cell(discrepancies) -> None:  # noqa: ANN001
    (row,) = of_kind(discrepancies(study(risk_of_bias=robins("moderate", UNCLEAR_SELECTION))), "bias-reason")
    assert row["statement_a"] == "high due to “unclear selection processes” (concern: unclear)"
    assert row["statement_b"] == "moderate"
    assert row["source_b"] == 'Table 2, row 2: "2. Bias in selection of participants moderate"'


def test_bias_reason_concern_for_a_high_risk_vs_a_low_cell(discrepancies) -> None:  # noqa: ANN001
    concern = {k: v for k, v in UNCLEAR_SELECTION.items() if k != "judgement"}
    assert len(of_kind(discrepancies(study(risk_of_bias=robins("low", concern))), "bias-reason")) == 1
    assert of_kind(discrepancies(study(risk_of_bias=robins("serious", concern))), "bias-reason") == []
    assert of_kind(discrepancies(study(risk_of_bias=robins("low", concern, overall="low"))), "bias-reason") == []
    strength = {**concern, "kind": "strength", "text": "clearly defined participant selection"}
    assert len(of_kind(discrepancies(study(risk_of_bias=robins("serious", strength))), "bias-reason")) == 1


# ---- all-of-one -------------------------------------------------------------------------------

IN_ALL = sourced("Table 1, Key Results", "Significant improvement in hair density in all patients", id="density",
                 measure="hair-density", as_reported="Significant improvement in hair density in all patients",
                 direction="increase", significant=True, of_participants="all", arm="treated")
ONE = [sourced("Table 1, Sample Size", "1 male patients", value=1, as_reported="1 male patients")]


def test_all_patients_of_one(discrepancies) -> None:  # noqa: ANN001
    arms = [{**BASE["arms"][0], "n": 1, "quote": "1 male patients"}]
    (row,) = of_kind(discrepancies(study(sample_size=ONE, arms=arms, measurements=[IN_ALL])), "all-of-one")
    assert row["statement_a"] == "Significant improvement in hair density in all patients"
    assert row["source_b"] == 'Table 1, Sample Size: "1 male patients"'
    assert of_kind(discrepancies(study(measurements=[IN_ALL])), "all-of-one") == []


# ---- et-al ------------------------------------------------------------------------------------

def test_one_author_cited_as_et_al(discrepancies) -> None:  # noqa: ANN001
    one = {**BASE["citation"], "authors": "Doe J", "quote": "Doe J. A synthetic study."}
    (row,) = of_kind(discrepancies(study(citation=one)), "et-al")
    assert (row["statement_a"], row["statement_b"]) == ("Doe J (one author)", "Doe et al")
    assert (row["source_a"], row["source_b"]) == ("References, 1: \"Doe J. A synthetic study.\"",
                                                  "Table 1, Author: \"Doe et al 1\"")
    assert of_kind(discrepancies(study()), "et-al") == []  # two authors: "et al" fits


# ---- vesicle and delivery ---------------------------------------------------------------------

def test_vesicle_called_evs_in_one_place_and_exosomes_in_another(discrepancies) -> None:  # noqa: ANN001
    evs = sourced("Results", "MSC-derived EVs", label="MSC EVs", as_reported="MSC-derived EVs",
                  kind="mesenchymal-stem-cell", tissue="UBERON:0001013", vesicle="extracellular-vesicle")
    (row,) = of_kind(discrepancies(study(interventions=intervention(sources=[BASE["interventions"][0]["sources"][0], evs]))),
                     "vesicle")
    assert {row["statement_a"], row["statement_b"]} == {"Adipose-derived MSCs (extracellular exosome)",
                                                      "MSC-derived EVs (extracellular vesicle)"}


def test_needle_injection_vs_noninvasive_electroporation(discrepancies) -> None:  # noqa: ANN001
    electroporation = sourced("References, 1", "via noninvasive electroporation", as_reported="via noninvasive electroporation",
                              routes=["electroporation"])
    subcutaneous = sourced("Results", "subcutaneous injections", as_reported="subcutaneous injections",
                           routes=["subcutaneous"])
    administration = BASE["interventions"][0]["administration"]
    (row,) = of_kind(discrepancies(study(interventions=intervention(administration=administration + [electroporation]))),
                     "delivery")
    assert {row["statement_a"], row["statement_b"]} == {"Intradermal injections (intradermal injection)",
                                                      "via noninvasive electroporation (electroporation)"}
    assert of_kind(discrepancies(study(interventions=intervention(administration=administration + [subcutaneous]))),
                   "delivery") == []
