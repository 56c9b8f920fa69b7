"""Saved-query results checked against values read from the source documents themselves (the hair
review and the skin review's abstract), not against numbers typed into the test."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from support import key_label

from exograph.query.run import run_saved


@pytest.fixture(scope="module")
def run(catalog, oxigraph_backend):  # noqa: ANN001, ANN201 - run(name, **params) -> rows
    return lambda name, **given: run_saved(catalog[name], oxigraph_backend, given)


def number(text: str) -> Decimal:
    return Decimal(text.replace("−", "-"))


def study_rows(rows: list[dict], author: str) -> list[dict]:
    return [row for row in rows if row["study"].startswith(author)]


def first_int(text: str) -> int:
    return int(re.match(r"\s*(\d+)", text).group(1))


def test_sum_of_sample_sizes_is_the_reviews_stated_298(run, sources) -> None:  # noqa: ANN001
    stated = int(re.search(r"\((\d+) patients\)", sources.hair).group(1))
    table_sum = sum(first_int(cells[4]) for cells in sources.table1().values())
    (row,) = run("patients-total")
    assert stated == table_sum == 298
    assert (row["studies"], row["sum_of_sample_sizes"], row["stated_patients"], row["agrees"]) == (
        len(sources.table1()), stated, stated, "yes")


def test_studies_lists_every_table1_row_with_its_sample_size(run, sources) -> None:  # noqa: ANN001
    rows = run("studies")
    assert len(rows) == len(sources.table1()) == 11
    for author, cells in sources.table1().items():
        (row,) = study_rows(rows, author)
        assert row["sample_size"] == first_int(cells[4])
        assert cells[1] in row["year"].split(" | ")


def test_density_change_for_dehghani(run, sources) -> None:  # noqa: ANN001
    match = re.search(r"Dehghani et al<sup>12</sup> \(Level II\).*?from ([\d.]+) to ([\d.]+) hairs/cm", sources.hair, re.S)
    baseline, followup = number(match.group(1)), number(match.group(2))
    rows = study_rows(run("density-change", source="placenta"), "Dehghani")
    assert rows and all(Decimal(str(r["baseline"])) == baseline == Decimal("96.5") for r in rows)
    assert all(Decimal(str(r["followup"])) == followup == Decimal("163.5") for r in rows)
    assert all(Decimal(str(r["change"])) == followup - baseline for r in rows)
    assert all(r["change_basis"].startswith("computed") for r in rows)


def test_density_change_never_mixes_hair_counts(run, sources) -> None:  # noqa: ANN001
    count_change = number(re.search(r"median \+([\d.]+) hairs\)", sources.hair).group(1))  # Amini: a hair count
    rows = run("density-change")
    assert not study_rows(rows, "Amini")
    assert all(row["change"] is None or Decimal(str(row["change"])) != count_change for row in rows)
    assert len({row["unit"] for row in rows}) == 1


def test_density_change_source_parameter(run, sources) -> None:  # noqa: ANN001
    adipose_authors = {a for a, cells in sources.table1().items() if "dipose" in cells[7]}
    rows = run("density-change", source="adipose")
    assert {row["study"].split(" et al")[0] for row in rows} == adipose_authors == {"Nadeem", "Park", "Wan"}


def test_thickness_change_is_in_micrometres(run, sources) -> None:  # noqa: ANN001
    rows = run("thickness-change")
    low, high = map(number, re.search(r"diameter from ([\d.]+) mm to ([\d.]+) mm", sources.hair).groups())
    dehghani = study_rows(rows, "Dehghani")
    assert dehghani and all(Decimal(str(r["change_um"])) == (high - low) * 1000 == 10 for r in dehghani)
    assert all(r["change_basis"].startswith("computed") for r in dehghani)
    for author, text in (("Park", sources.table1()["Park"][12]), ("Nadeem", sources.table1()["Nadeem"][12])):
        stated = number(re.search(r"([\d.]+) μm increase in thickness", text).group(1))
        assert {Decimal(str(r["change_um"])) for r in study_rows(rows, author)} == {stated}


def test_skin_outcomes_elasticity_and_scar_thickness(run, sources) -> None:  # noqa: ANN001
    rows = {row["outcome"]: row for row in run("skin-outcomes")}
    exo, control, p = re.search(r"elasticity was enhanced \(\+([\d.]+)% vs\. (−[\d.]+)%,\s*p = ([\d.]+)\)", sources.skin).groups()
    (elasticity,) = [row for name, row in rows.items() if "elasticity" in name]
    assert (Decimal(str(elasticity["exosome_value"])), Decimal(str(elasticity["control_value"])),
            Decimal(str(elasticity["p_value"]))) == (number(exo), number(control), number(p)) == (
            Decimal("11.3"), Decimal("-3.3"), Decimal("0.002"))
    assert elasticity["significant"] is True and elasticity["p_comparator"] == "="
    scar_p = re.search(r"scar thickness \([\d.]+% vs\. [\d.]+%,\s*p < ([\d.]+)\)", sources.skin).group(1)
    (scar,) = [row for name, row in rows.items() if "scar" in name]
    assert scar["p_comparator"] == "<" and Decimal(str(scar["p_value"])) == number(scar_p)


def test_non_significant_findings_are_the_skin_reviews_large_p_values(run, sources) -> None:  # noqa: ANN001
    stated = {number(p) for p in re.findall(r"p = ([\d.]+)\)", sources.skin) if number(p) >= Decimal("0.05")}
    rows = run("non-significant")
    assert {Decimal(str(row["p_value"])) for row in rows} == stated == {Decimal("0.37"), Decimal("0.44")}


def test_patients_by_source_adipose(run, sources) -> None:  # noqa: ANN001
    studies = re.search(r"Adipose-derived exosomes were evaluated in (\w+) studies", sources.hair).group(1)
    patients = sum(first_int(c[4]) for c in sources.table1().values() if "dipose" in c[7])
    (row,) = [row for row in run("patients-by-source") if "adipose" in row["source"].lower()]
    assert (row["studies"], row["patients"]) == ({"three": 3}[studies], patients) == (3, 140)
    assert sum(row["patients"] for row in run("patients-by-source")) == 298


def test_evidence_level_one_is_the_two_rcts(run, sources) -> None:  # noqa: ANN001
    listed = re.search(r"Level I \(High-quality RCTs\): \d studies \((.*?)\)\.", sources.hair).group(1)
    authors = set(re.findall(r"(\w+) et al", listed))
    rows = run("evidence-levels")
    assert {row["study"].split(" et al")[0] for row in rows if row["level"].endswith(" I")} == authors == {"Amini", "Nadeem"}


def _judgement(text: str) -> str:
    return text.lower().removesuffix(" risk of bias").replace(" ", "-")


def test_risk_of_bias_reproduces_table_2(run, sources) -> None:  # noqa: ANN001
    names, table = sources.table2()
    rows = run("risk-of-bias")
    checked = 0
    for number_, cells in enumerate(table, start=1):
        place = f"Table 2, row {number_}," if number_ <= 7 else "Table 2, Overall"
        for name, cell in zip(names, cells[1:]):
            found = [r for r in study_rows(rows, name) if (r["locator"] or "").startswith(place)]
            assert [_judgement(r["judgement"]) for r in found] == [_judgement(cell)], (name, place)
            checked += 1
    assert checked == 9 * 8


def test_adverse_events_nadeem_redness(run, sources) -> None:  # noqa: ANN001
    percent = re.search(r"only mild, transient redness reported in (\d+)% of cases", sources.hair).group(1)
    rows = [r for r in study_rows(run("adverse-events"), "Nadeem") if r["frequency"]]
    assert [(r["frequency"], r["severity"], r["transient"]) for r in rows] == [(f"{percent}%", "mild", True)]


def test_follow_up_range_is_the_reviews(run, sources) -> None:  # noqa: ANN001
    low, high = re.search(r"Follow-up durations varied from (\d+) weeks to (\d+) months", sources.hair).groups()
    days = [Decimal(str(row["duration_days"])) for row in run("follow-up")]
    assert min(days) == int(low) * 7 and max(days) == int(high) * Decimal("30.4375")


def test_discrepancies_set_the_stated_density_range_beside_the_computed_one(run, sources) -> None:  # noqa: ANN001
    low, high = re.search(r"hair density \(([\d.]+) to ([\d.]+) hairs/cm", sources.hair).groups()
    rows = [r for r in run("discrepancies") if r["topic"] == "claim: hair-density-increase-range"]
    assert len(rows) == 1
    (row,) = rows
    assert row["statement_a"] == f"{low} to {high} hairs/cm2" and row["source_a"].startswith("Abstract")
    assert row["source_b"].startswith("computed from the study records") and row["statement_b"] == "7.3 to 67 hairs/cm2"


def discrepancy(key: str) -> str:
    """The label the discrepancies query prints for one of its rules."""
    return key_label("DiscrepancyKind", key)


def test_discrepancies_cover_every_kind(run, sources) -> None:  # noqa: ANN001
    rows = run("discrepancies")
    assert {row["kind"] for row in rows} == {discrepancy(k) for k in (
        "field", "claim", "evidence", "bias", "source", "statistic", "vesicle", "delivery", "adverse-events",
        "same-number", "design-qualifier", "class-claim", "bias-reason", "all-of-one", "et-al")}
    table_year = sources.table1()["Lueangarun"][1]
    reference_year = re.search(r"Lueangarun S, .*?(\d{4});", sources.hair).group(1)
    years = [r for r in rows if r["topic"] == "Lueangarun et al. 2022 — year"]
    assert [{r["statement_a"], r["statement_b"]} for r in years] == [{table_year, reference_year}]
    ersan = [r for r in rows if r["kind"] == discrepancy("bias") and r["record"].startswith("Ersan")]
    assert [{_judgement(r["statement_a"]), _judgement(r["statement_b"])} for r in ersan] == [{"serious", "high"}]


def _kind(rows: list[dict], kind: str, author: str) -> list[dict]:
    return [r for r in rows if r["kind"] == discrepancy(kind) and r["record"].startswith(author)]


def test_discrepancies_adverse_events_stated_two_ways(run, sources) -> None:  # noqa: ANN001
    # Nadeem: a percentage in the Results vs "zero side effects" in the Discussion
    percent = re.search(r"only mild, transient redness reported in (\d+)% of cases", sources.hair).group(1)
    assert "with extremely high satisfaction and zero side effects" in sources.hair
    (nadeem,) = _kind(run("discrepancies"), "adverse-events", "Nadeem")
    assert nadeem["statement_a"] == "zero side effects" and nadeem["source_a"].startswith("Discussion")
    assert f"{percent}% of cases" in nadeem["source_b"] and nadeem["source_b"].startswith("Results")
    # Sasaki: swelling or pain in the Results vs "no adverse effects" in the Discussion
    assert "with only transient swelling or pain attributed to microneedling" in sources.hair
    sasaki = _kind(run("discrepancies"), "adverse-events", "Sasaki")
    assert sorted(r["statement_b"].split(":")[0] for r in sasaki) == ["pain", "swelling"]
    assert all(r["statement_a"] == "no adverse effects" and r["source_a"].startswith("Discussion") for r in sasaki)


def test_discrepancies_one_number_as_growth_response_and_as_satisfaction(run, sources) -> None:  # noqa: ANN001
    table = dict((group, value) for value, group in re.findall(r"([\d.]+)% (females|males)", sources.table1()["Sasaki"][12]))
    text = re.search(r"males \(([\d.]+)% satisfied to extremely satisfied\) and females \(([\d.]+)% very satisfied\)",
                     sources.hair).groups()
    assert (table["males"], table["females"]) == text
    rows = _kind(run("discrepancies"), "same-number", "Sasaki")
    assert sorted((r["statement_a"], r["statement_b"]) for r in rows) == sorted(
        (f"growth-response {table[g]} percent ({g})", f"satisfied-proportion {table[g]} percent ({g})") for g in table)
    assert all(r["source_a"].startswith("Table 1, Key Results") and r["source_b"].startswith("Results") for r in rows)


def test_discrepancies_design_qualifiers_that_exclude_each_other(run, sources) -> None:  # noqa: ANN001
    assert "Open-Label" in sources.table1()["Wan"][3] and "and blinded outcome evaluation" in sources.hair
    rows = run("discrepancies")
    wan = _kind(rows, "design-qualifier", "Wan")
    assert wan and all(r["statement_a"].startswith("open-label") and r["statement_b"].startswith("blinded outcome assessment")
                       for r in wan)
    assert "prospective interventional study by Lueangarun" in sources.hair and sources.table1()["Lueangarun"][3] == "Case report"
    lueangarun = _kind(rows, "design-qualifier", "Lueangarun")
    assert any({r["statement_a"], r["statement_b"]} == {"interventional: prospective interventional study",
                                                        "observational (implied): Case report"} for r in lueangarun)


def test_discrepancies_every_rct_msc_derived_but_one_is_a_plant_extract(run, sources) -> None:  # noqa: ANN001
    assert "two randomized controlled trials, which supported the efficacy and tolerability of MSC-derived" in sources.hair
    plant = sources.table1()["Amini"][7]
    rows = _kind(run("discrepancies"), "class-claim", "Amini")
    assert rows and all(r["source_a"].startswith("Conclusion") for r in rows)
    assert any(r["source_b"] == f'Table 1, Source of Exosomes: "{plant}"' for r in rows)
    assert {r["record"] for r in run("discrepancies") if r["kind"] == discrepancy("class-claim")} == {"Amini et al. 2025"}


def test_discrepancies_bias_reasons_in_the_text_vs_table_2(run, sources) -> None:  # noqa: ANN001
    names, table = sources.table2()
    named = re.search(r"such as those by (.*?) exhibited high risk of bias due to serious confounding, unclear selection "
                      r"processes, and selective outcome reporting", sources.hair).group(1)
    studies = [n for n in names if n[:6] in named]  # the text spells one name Norooznezhad
    assert len(studies) == 5
    rows = run("discrepancies")

    def cell(row: int, name: str) -> str:
        return _judgement(table[row][1 + names.index(name)])

    for name in studies:
        found = {r["topic"].rsplit(", ", 1)[1]: r for r in _kind(rows, "bias-reason", name)}
        # "unclear selection processes": no cell of Table 2 says unclear
        assert found["selection-of-participants"]["statement_b"] == cell(1, name) != "unclear"
        # "selective outcome reporting" as a reason for high risk, where the table rates that domain low or moderate
        assert ("selection-of-reported-result" in found) == (cell(6, name) in ("low", "moderate"))
    assert "unblinded outcome assessments" in sources.hair
    (sasaki,) = _kind(rows, "bias-reason", "Sasaki")
    assert sasaki["statement_b"] == cell(5, "Sasaki") == "moderate"


def test_discrepancies_all_patients_of_a_single_case(run, sources) -> None:  # noqa: ANN001
    cells = sources.table1()["Lueangarun"]
    assert cells[4] == "1 male patients" and cells[12].endswith("in all patients")
    rows = _kind(run("discrepancies"), "all-of-one", "Lueangarun")
    assert rows and all(r["statement_b"] == "1 patient" and r["source_a"].startswith("Table 1, Key Results") for r in rows)


def test_discrepancies_a_single_author_cited_as_et_al(run, sources) -> None:  # noqa: ANN001
    authors = re.search(r"- (Sasaki [A-Z]+)\. Clinical use", sources.hair).group(1)
    assert sources.table1()["Sasaki"][0].startswith("Sasaki et al")
    (row,) = [r for r in run("discrepancies") if r["kind"] == discrepancy("et-al")]
    assert (row["statement_a"], row["statement_b"]) == (f"{authors} (one author)", "Sasaki et al")
    assert row["source_a"].startswith("References, 17") and row["source_b"].startswith("Table 1, Author")


def test_discrepancies_evs_in_one_place_exosomes_in_another(run, sources) -> None:  # noqa: ANN001
    assert "EVs (XoFlo)" in sources.table1()["Sasaki"][7] and "Bone marrow-derived MSC exosomes" in sources.hair
    assert "MSC-derived EVs" in sources.table1()["Norooznejhad"][6]
    rows = run("discrepancies")
    for author in ("Sasaki", "Norooznejhad"):
        found = _kind(rows, "vesicle", author)
        assert found and all({"extracellular vesicle", "extracellular exosome"} <= {
            r["statement_a"].rsplit("(", 1)[1].rstrip(")"), r["statement_b"].rsplit("(", 1)[1].rstrip(")")} for r in found)


def test_discrepancies_needle_injection_vs_noninvasive_electroporation(run, sources) -> None:  # noqa: ANN001
    assert "30-gauge needle" in sources.table1()["Lueangarun"][9] and "via noninvasive electroporation" in sources.hair
    rows = [r for r in run("discrepancies") if r["kind"] == discrepancy("delivery")]
    assert {r["record"] for r in rows} == {"Lueangarun et al. 2022"}
    assert all(r["source_b"].startswith("References, 20") and r["statement_b"].endswith("(electroporation)") for r in rows)
    assert any(r["source_a"].startswith("Table 1, Injection Techniques") for r in rows)


def test_review_claims_total_agrees_and_single_arm_count_does_not(run, sources) -> None:  # noqa: ANN001
    stated_single_arm = re.search(r"(\d) single arm prospective studies", sources.hair).group(1)
    rows = run("review-claims")
    (total,) = [r for r in rows if r["topic"] == "total-patients"]
    assert total["agrees"] == "yes" and total["computed"] == "298"  # a count has no unit after it
    single = [r for r in rows if r["topic"] == "design-count" and r["about"] == "single-arm trial"
              and r["stated_at"].startswith("Data Synthesis")]
    assert [(r["stated"], r["computed"], r["agrees"]) for r in single] == [(stated_single_arm, "3", "no")]
    longest = [r for r in rows if r["topic"] == "follow-up-longest"]
    assert longest and all(r["stated"] == r["computed"] == "12 months" for r in longest)
