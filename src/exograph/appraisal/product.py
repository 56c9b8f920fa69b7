"""EV product quality: how completely a study reports its exosome product, item by item.

The items follow the minimal information for studies of extracellular vesicles (MISEV2018, Théry et al.,
J Extracell Vesicles 2018;7:1535750; updated as MISEV2023, Welsh et al., J Extracell Vesicles
2024;13:e12404) and the idea of EV-TRACK's EV-METRIC (Van Deun et al., Nat Methods 2017;14:228–232):
a score is the share of applicable items a study reports. Each item is met, missing or not applicable,
with the reason; score = met / applicable, with the list of missing items. An item is only ever met by a
fact the study record states (a method, a dose, a source), never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Literal

Status = Literal["met", "missing", "not applicable"]

# Method keys (src/exograph/vocab.py METHODS) by what they measure.
PARTICLE_COUNTING = {"nanoparticle-tracking-analysis", "tunable-resistive-pulse-sensing", "nano-flow-cytometry"}
SIZING = {"nanoparticle-tracking-analysis", "dynamic-light-scattering", "transmission-electron-microscopy",
          "tunable-resistive-pulse-sensing", "cryo-electron-microscopy"}
SINGLE_VESICLE_IMAGING = {"transmission-electron-microscopy", "scanning-electron-microscopy", "electron-microscopy",
                          "cryo-electron-microscopy", "atomic-force-microscopy"}
SEPARATION_NOT_STATED = {"not-described", "conditioned-medium-collection"}
DOSE_UNIT_KIND = {"particles-per-vial": "particles", "particles-per-ml": "particles", "particles": "particles",
                  "protein-per-session": "protein", "protein-per-ml": "protein", "protein": "protein",
                  "lipid": "lipid", "cell-equivalents": "cell equivalents", "volume": "volume"}


@dataclass(frozen=True)
class ProductFacts:
    """What a study record states about its exosome product (every statement of every experimental arm)."""

    source_kinds: frozenset[str] = frozenset()
    organisms: frozenset[str] = frozenset()
    tissues: frozenset[str] = frozenset()
    cell_types: frozenset[str] = frozenset()
    isolation: frozenset[str] = frozenset()
    characterization: frozenset[str] = frozenset()
    dose_kinds: frozenset[str] = frozenset()
    positive_markers: frozenset[str] = frozenset()
    negative_markers: frozenset[str] = frozenset()
    culture_conditions: bool = False
    source_amount: bool = False
    size_summary: bool = False

    @property
    def quantified_as(self) -> set[str]:
        """The kinds of quantity the product is measured in: particles, protein, lipid."""
        kinds = {DOSE_UNIT_KIND[k] for k in self.dose_kinds if DOSE_UNIT_KIND.get(k) in ("particles", "protein", "lipid")}
        if self.characterization & PARTICLE_COUNTING:
            kinds.add("particles")
        return kinds


@dataclass(frozen=True)
class ItemResult:
    key: str
    label: str
    status: Status
    reason: str


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    guideline: str
    judge: Callable[[ProductFacts], tuple[Status, str]] = field(compare=False)


def _source(f: ProductFacts) -> tuple[Status, str]:
    origin = sorted(f.tissues | f.cell_types)
    if "plant" in f.source_kinds and f.organisms:
        return "met", f"plant species {', '.join(sorted(f.organisms))}"
    if origin and f.organisms:
        return "met", f"{', '.join(origin)} from {', '.join(sorted(f.organisms))}"
    lacking = [name for name, ok in (("tissue or cell type", origin), ("species", f.organisms)) if not ok]
    return "missing", "no " + " and no ".join(lacking)


def _culture(f: ProductFacts) -> tuple[Status, str]:
    if f.source_kinds and f.source_kinds <= {"plant"}:
        return "not applicable", "a plant source is not a cell culture"
    if f.culture_conditions and f.source_amount:
        return "met", "culture conditions and source amount stated"
    return "missing", "no culture conditions or amount of source material stated"


def _separation(f: ProductFacts) -> tuple[Status, str]:
    named = sorted(f.isolation - SEPARATION_NOT_STATED)
    if named:
        return "met", ", ".join(named)
    return "missing", ("the method is stated as not described" if "not-described" in f.isolation else
                       "conditioned medium without a separation step" if f.isolation else "no separation method")


def _quantification(f: ProductFacts) -> tuple[Status, str]:
    kinds = sorted(f.quantified_as)
    if len(kinds) >= 2:
        return "met", " and ".join(kinds)
    return "missing", f"quantified as {kinds[0]} only" if kinds else "no quantification"


def _size(f: ProductFacts) -> tuple[Status, str]:
    methods = sorted(f.characterization & SIZING)
    if methods and f.size_summary:
        return "met", f"{', '.join(methods)} with a size summary"
    if methods:
        return "missing", f"sized by {', '.join(methods)}, but no size summary (mode, mean or distribution) is stated"
    return "missing", "no particle-size method"


def _positive(f: ProductFacts) -> tuple[Status, str]:
    if f.positive_markers:
        return "met", ", ".join(sorted(f.positive_markers))
    flow = " (flow cytometry is named, but no marker)" if "flow-cytometry" in f.characterization else ""
    return "missing", "no transmembrane or cytosolic EV marker named" + flow


def _negative(f: ProductFacts) -> tuple[Status, str]:
    if f.negative_markers:
        return "met", ", ".join(sorted(f.negative_markers))
    return "missing", "no negative or co-isolate marker named"


def _imaging(f: ProductFacts) -> tuple[Status, str]:
    methods = sorted(f.characterization & SINGLE_VESICLE_IMAGING)
    return ("met", ", ".join(methods)) if methods else ("missing", "no single-vesicle imaging")


def _dose_units(f: ProductFacts) -> tuple[Status, str]:
    kinds = sorted({DOSE_UNIT_KIND.get(k, k) for k in f.dose_kinds})
    if len(kinds) >= 2:
        return "met", " and ".join(kinds)
    return "missing", f"dose in {kinds[0]} only" if kinds else "no dose"


ITEMS: tuple[Item, ...] = (
    Item("source-and-species", "source and species", "MISEV2018 §2; MISEV2023 'EV sources'", _source),
    Item("source-amount-and-culture", "source amount and culture conditions", "MISEV2018 §2; MISEV2023 'pre-separation'", _culture),
    Item("separation-method", "separation method", "MISEV2018 §3; EV-METRIC", _separation),
    Item("quantification-two-kinds", "quantification by two kinds (particles, protein, lipid)", "MISEV2018 §4a; MISEV2023 'quantification'", _quantification),
    Item("particle-size", "particle size method and summary", "MISEV2018 §4c", _size),
    Item("positive-markers", "positive EV markers (transmembrane and cytosolic)", "MISEV2018 §4b categories 1–2; EV-METRIC", _positive),
    Item("negative-markers", "negative or co-isolate markers", "MISEV2018 §4b category 3; EV-METRIC", _negative),
    Item("single-vesicle-imaging", "single-vesicle imaging", "MISEV2018 §4c; EV-METRIC (electron microscopy)", _imaging),
    Item("dose-in-two-units", "dose in more than one unit", "MISEV2023 'EV-based therapeutics: dose'", _dose_units),
)


@dataclass(frozen=True)
class ProductQuality:
    items: tuple[ItemResult, ...]

    @property
    def met(self) -> int:
        return sum(1 for i in self.items if i.status == "met")

    @property
    def applicable(self) -> int:
        return sum(1 for i in self.items if i.status != "not applicable")

    @property
    def score(self) -> float:
        return self.met / self.applicable if self.applicable else 0.0

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i.label for i in self.items if i.status == "missing")

    @property
    def summary(self) -> str:
        return f"{self.met} of {self.applicable} applicable items ({self.score:.0%})"


def score_product(facts: ProductFacts) -> ProductQuality:
    """Judge every item on what the record states."""
    results = []
    for item in ITEMS:
        status, reason = item.judge(facts)
        results.append(ItemResult(item.key, item.label, status, reason))
    return ProductQuality(tuple(results))
