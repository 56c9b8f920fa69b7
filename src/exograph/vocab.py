"""Every namespace and every IRI the code names, once.

Curated files use short keys (``hair-density``, ``um``, ``intradermal``); this module maps each key to
its IRI: a real OBO term where one exists (each listed in an import module under ontology/imports/),
otherwise a local class defined in ontology/exograph.ttl.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

EXO = Namespace("https://w3id.org/exograph/ontology#")
EXD = Namespace("https://w3id.org/exograph/data/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
    "exo": EXO,
    "exd": EXD,
    "obo": OBO,
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "bibo": BIBO,
    "fabio": FABIO,
    "skos": Namespace(str(SKOS)),
    "owl": Namespace(str(OWL)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "sh": SH,
}

CURIE_PREFIXES = {"UBERON", "CL", "GO", "MONDO", "HP", "OBI", "ECO", "STATO", "UO", "CHMO", "MAXO",
                  "NCBITaxon", "OAE", "DOID", "IAO", "BFO", "RO"}

__all__ = ["EXO", "EXD", "OBO", "BIBO", "FABIO", "SH", "PREFIXES", "expand_curie", "RDF", "RDFS",
           "OWL", "XSD", "PROV", "DCTERMS", "SKOS"]


def expand_curie(curie: str) -> URIRef:
    """`UBERON:0001013` → the OBO PURL; `exo:Foo` → the exograph ontology IRI."""
    prefix, _, local = curie.partition(":")
    if prefix in CURIE_PREFIXES:
        return OBO[f"{prefix}_{local}"]
    if prefix == "exo":
        return EXO[local]
    raise ValueError(f"unknown prefix {prefix!r} in {curie!r}; expected one of "
                     f"{', '.join(sorted(CURIE_PREFIXES))} or exo")


def obo(curie: str) -> URIRef:
    return expand_curie(curie)


# ---- value sets: key -> IRI ----------------------------------------------------------------

DESIGNS = {
    "randomized-controlled-trial": EXO.RandomizedControlledTrial,
    "single-arm-trial": EXO.SingleArmTrial,
    "prospective-cohort": EXO.ProspectiveCohortStudy,
    "retrospective-study": EXO.RetrospectiveStudy,
    "case-series": EXO.CaseSeries,
    "case-report": EXO.CaseReport,
}

# measure key -> (IRI, dimension). The dimension says which units fit the measure.
MEASURES = {
    "hair-density": (EXO.HairDensity, "per-area"),
    "hair-count": (EXO.HairCount, "count"),
    "hair-loss-count": (EXO.HairLossCount, "count"),
    "hair-thickness": (EXO.HairThickness, "length"),
    "hair-diameter": (EXO.HairDiameter, "length"),
    "hair-density-percent-change": (EXO.HairDensityPercentChange, "ratio"),
    "patient-satisfaction": (EXO.PatientSatisfaction, "score"),
    "physician-satisfaction": (EXO.PhysicianSatisfaction, "score"),
    "satisfied-proportion": (EXO.SatisfiedProportion, "ratio"),
    "growth-response": (EXO.GrowthResponseRate, "ratio"),
    "noticeable-improvement": (EXO.NoticeableImprovementRate, "ratio"),
    "terminal-vellus-ratio": (EXO.TerminalVellusRatio, "ratio"),
    "global-photography": (EXO.GlobalPhotography, "qualitative"),
    "global-aesthetic-improvement": (EXO.GlobalAestheticImprovement, "score"),
    "hair-regrowth": (EXO.HairRegrowth, "qualitative"),
    "hair-length": (EXO.HairLength, "qualitative"),
    "hair-breakage": (EXO.HairBreakage, "qualitative"),
    "hair-cuticle": (EXO.HairCuticleStructure, "qualitative"),
    "self-assessment": (EXO.SelfAssessment, "score"),
    "adverse-events": (EXO.AdverseEventOccurrence, "qualitative"),
    "scar-thickness": (EXO.ScarThickness, "ratio"),
    "wrinkles": (EXO.WrinkleParameters, "ratio"),
    "skin-elasticity": (EXO.SkinElasticity, "ratio"),
    "skin-hydration": (EXO.SkinHydration, "ratio"),
    "melanin-index": (EXO.MelaninIndex, "ratio"),
    "investigator-global-assessment": (EXO.InvestigatorGlobalAssessment, "count"),
    "follicle-diameter": (EXO.FollicleDiameter, "length"),
    "in-vitro-ev-analysis": (EXO.InVitroExtracellularVesicleAnalysis, "qualitative"),
    "sem-assessment": (EXO.ScanningElectronMicroscopyAssessment, "qualitative"),
    "dermoscopy": (EXO.DermoscopicAssessment, "qualitative"),
    "clinical-photography": (EXO.ClinicalPhotography, "qualitative"),
    "patient-report": (EXO.PatientReport, "qualitative"),
}

# unit key -> (IRI, dimension)
UNITS = {
    "hairs/cm2": (EXO.HairsPerSquareCentimetre, "per-area"),
    "hairs": (OBO.UO_0000189, "count"),
    "count": (OBO.UO_0000189, "count"),
    "areas": (OBO.UO_0000189, "count"),
    "um": (OBO.UO_0000017, "length"),
    "mm": (OBO.UO_0000016, "length"),
    "cm": (OBO.UO_0000015, "length"),
    "nm": (OBO.UO_0000018, "length"),
    "mL": (OBO.UO_0000098, "volume"),
    "mL/cm2": (EXO.MillilitrePerSquareCentimetre, "volume-per-area"),
    "percent": (OBO.UO_0000187, "ratio"),
    "percentage-points": (EXO.PercentagePoint, "ratio"),
    "points": (EXO.RatingScalePoint, "score"),
    "day": (OBO.UO_0000033, "time"),
    "week": (OBO.UO_0000034, "time"),
    "month": (OBO.UO_0000035, "time"),
    "year": (OBO.UO_0000036, "time"),
    "sessions": (EXO.Session, "count"),
    "ug": (OBO.UO_0000023, "mass"),
    "ug/mL": (OBO.UO_0000274, "mass-concentration"),
    "particles": (EXO.Particle, "count"),
    "particles/mL": (EXO.ParticlesPerMillilitre, "number-concentration"),
    "particles/vial": (EXO.ParticlesPerVial, "amount-per-container"),
    "ratio": (EXO.DilutionRatio, "ratio"),
    "gauge": (EXO.NeedleGauge, "length"),
}

# Conversions to micrometres, for thickness comparisons whatever unit the source used.
MICROMETRES_PER_UNIT = {"um": 1.0, "mm": 1000.0, "nm": 0.001, "cm": 10000.0}

ROUTES = {
    "intradermal": OBO.OBI_0000942,
    "subcutaneous": OBO.OBI_0000954,
    "topical": OBO.MAXO_0001518,
    "interfollicular": EXO.InterfollicularInfusion,
    "scalp-injection": EXO.ScalpInjection,
    "electroporation": OBO.OBI_0302912,
}

ADJUNCTS = {
    "microneedling": EXO.Microneedling,
    "low-level-laser-therapy": EXO.LowLevelLaserTherapy,
    "electroporation": OBO.OBI_0302912,
    "plant-extract": EXO.PlantExtractCoAdministration,
}

TECHNIQUES = {
    "nappage": EXO.NappageTechnique,
    "microneedle-roller": EXO.MicroneedleRoller,
    "dermaroller": EXO.MicroneedleRoller,
    "insulin-syringe": EXO.InsulinSyringe,
    "intradermal-microneedling": EXO.Microneedling,
}

METHODS = {
    "ultracentrifugation": OBO.CHMO_0002016,
    "centrifugation": OBO.OBI_0302886,
    "filtration": OBO.CHMO_0001640,
    "transmission-electron-microscopy": OBO.CHMO_0000080,
    "scanning-electron-microscopy": OBO.CHMO_0000073,
    "electron-microscopy": OBO.OBI_0001631,
    "dynamic-light-scattering": OBO.CHMO_0000167,
    "flow-cytometry": OBO.CHMO_0000061,
    "fluorescence-microscopy": OBO.CHMO_0000087,
    "nanoparticle-tracking-analysis": EXO.NanoparticleTrackingAnalysis,
    "aqueous-two-phase-system": EXO.AqueousTwoPhaseSystemIsolation,
    "thery-protocol": EXO.TheryProtocol,
    "mechanical-disaggregation": EXO.MechanicalDisaggregation,
    "infection-screening": EXO.InfectionScreening,
    "conditioned-medium-collection": EXO.ConditionedMediumCollection,
    "not-described": EXO.MethodNotDescribed,
}

ADVERSE_EVENTS = {
    "none": EXO.NoAdverseEvent,
    "redness": OBO.HP_0010783,
    "itching": OBO.HP_0000989,
    "numbness": OBO.HP_0033748,
    "headache": OBO.HP_0002315,
    "swelling": OBO.OAE_0009307,
    "pain": OBO.HP_0012531,
    "scalp-irritation": EXO.ScalpIrritation,
    "irritation": EXO.ScalpIrritation,
    "infection": EXO.InfectionAdverseEvent,
    "immunogenic-reaction": EXO.ImmunogenicReaction,
    "allergic-reaction": EXO.AllergicReaction,
    "long-term-adverse-effect": EXO.LongTermAdverseEffect,
    "unspecified": EXO.UnspecifiedAdverseEvent,
}

# What a statement that no adverse event occurred rules out (schema.AdverseEvent.scope).
NONE_SCOPES = {
    "any": EXO.NoneOfAnyKind,
    "serious": EXO.NoneSerious,
    "severe": EXO.NoneSevere,
    "named": EXO.NoneOfNamedEvents,
}

SOURCE_KINDS = {
    "mesenchymal-stem-cell": EXO.MSCDerivedExosomeSource,
    "mesenchymal-stromal-cell": EXO.MSCDerivedExosomeSource,
    "plant": EXO.PlantDerivedExosomeSource,
    "stem-cell-other": EXO.ExosomeSource,
    "unspecified": EXO.ExosomeSource,
}

VESICLES = {
    "exosome": OBO.GO_0070062,
    "extracellular-vesicle": OBO.GO_1903561,
    "conditioned-medium": EXO.ExosomeRichConditionedMedium,
}

STATISTICS = {
    "mean": OBO.STATO_0000573,
    "median": OBO.STATO_0000574,
    "proportion": EXO.Proportion,
    "score": EXO.Score,
    "count": OBO.STATO_0000047,
    "unspecified": EXO.UnspecifiedStatistic,
}

EVIDENCE_LEVELS = {level: EXO[f"OCEBMLevel{level}"] for level in ("I", "II", "III", "IV", "V")}

# source record kind -> the class of the document (FaBiO where it has one)
DOCUMENT_KINDS = {
    "systematic-review": FABIO.SystematicReview,
    "journal-article": FABIO.JournalArticle,
    "preprint": FABIO.Preprint,
    "conference-abstract": EXO.ConferenceAbstract,
    "registry-record": EXO.TrialRegistryRecord,
    "curator-notes": EXO.CuratorNotes,
}

BIAS_TOOLS = {
    "robins-i": EXO.ROBINS_I,
    "rob-1": EXO.CochraneRoB1,
    "rob-2": EXO.RoB2,
    "nice-checklist": EXO.NICEChecklist,
    "not-named": EXO.UnnamedRiskOfBiasTool,
}

BIAS_DOMAINS = {
    "robins-i": ["confounding", "selection-of-participants", "classification-of-interventions",
                 "deviations-from-interventions", "missing-data", "measurement-of-outcomes",
                 "selection-of-reported-result", "overall"],
    "rob-1": ["random-sequence-generation", "allocation-concealment", "blinding-of-participants",
              "blinding-of-outcome-assessment", "incomplete-outcome-data", "selective-reporting",
              "other-bias", "overall"],
    "rob-2": ["randomization-process", "deviations-from-interventions", "missing-outcome-data",
              "measurement-of-outcome", "selection-of-reported-result", "overall"],
    "nice-checklist": ["overall"],
}

# Design qualifiers a statement of a study's design may carry; pairs that exclude each other are
# declared in the ontology (exo:excludesQualifier), and each design class implies some
# (exo:impliesQualifier: a trial is interventional, a cohort study observational).
DESIGN_QUALIFIERS = {key: EXO[f"qualifier-{key}"] for key in (
    "pilot", "phase-1", "phase-2", "multicentric", "evaluator-blinded", "blinded-outcome-assessment",
    "open-label", "non-blinded", "non-randomized", "randomized", "observational", "prospective",
    "retrospective", "interventional")}

# How an outcome was assessed (schema.Measurement.method, OutcomesMeasuredFact.methods).
ASSESSMENT_METHODS = {
    "trichoscan": EXO.Trichoscan,
    "trichoscopy": EXO.Trichoscopy,
    "dermoscopy": EXO.Dermoscopy,
    "questionnaire": EXO.Questionnaire,
    "survey": EXO.Survey,
    "global-photography": EXO.GlobalPhotographyMethod,
    "clinical-photography": EXO.ClinicalPhotographyMethod,
    "scanning-electron-microscopy": OBO.CHMO_0000073,
    "patient-report": EXO.PatientReportMethod,
    "rating-scale": EXO.RatingScaleMethod,
}

# Qualifiers of a studied population (schema.PopulationQualifier.key).
POPULATION_QUALIFIERS = {key: EXO[f"population-{key}"] for key in (
    "early-stage", "in-remission", "mild-to-moderate", "persistent", "acquired", "adult")}

JUDGEMENTS = ["low", "moderate", "serious", "serious-to-critical", "critical", "unclear", "high",
              "no-information"]


def moderator_iri(factor: str) -> URIRef:
    return EXO[f"moderator-{factor}"]


def domain_iri(tool: str, domain: str) -> URIRef:
    return EXO[f"{tool}-{domain}"]


def judgement_iri(judgement: str) -> URIRef:
    return EXO[f"judgement-{judgement}"]
