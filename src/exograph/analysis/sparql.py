"""The SPARQL behind the analytics and the page: one query per kind of fact, each returning one row per
fact with its provenance (quote, locator, document). Plain values only; labels are looked up after."""

from __future__ import annotations

PREFIXES = """PREFIX exo: <https://w3id.org/exograph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
"""

# Provenance of the fact node ?f, as optional columns.
_PROVENANCE = """
  OPTIONAL { ?f exo:quote ?quote }
  OPTIONAL { ?f exo:locator ?locator }
  OPTIONAL { ?f prov:wasDerivedFrom ?document }"""

STUDIES = PREFIXES + """
# One row per study: its record id, label, smallest stated sample size, first year, citation.
SELECT ?study ?id ?label (MIN(?n) AS ?patients) (MIN(?y) AS ?year) (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?doi)
WHERE {
  ?study a exo:Study ; exo:recordId ?id ; rdfs:label ?label .
  OPTIONAL { ?study exo:sampleSize ?n }
  OPTIONAL { ?study exo:publicationYear ?y }
  OPTIONAL { ?study dcterms:bibliographicCitation ?c . OPTIONAL { ?c dcterms:title ?t } OPTIONAL { ?c bibo:doi ?d } }
} GROUP BY ?study ?id ?label"""

STUDY_FACTS = PREFIXES + """
# Statements of a study's design, sample size and country, with provenance.
SELECT ?study ?field ?value ?as_reported ?quote ?locator ?document WHERE {
  VALUES (?predicate ?field) { (exo:hasDesign "design") (exo:sampleSize "sample size") (exo:country "country") }
  ?study a exo:Study .
  ?f a exo:FieldStatement ; rdf:subject ?study ; rdf:predicate ?predicate ; rdf:object ?value .
  OPTIONAL { ?f exo:asReported ?as_reported }""" + _PROVENANCE + """
}"""

LEVELS = PREFIXES + """
# Evidence levels assigned to each study (several when the review states it more than once).
SELECT ?study ?level ?scale ?quote ?locator ?document WHERE {
  ?study a exo:Study ; exo:hasEvidenceLevelAssignment ?f . ?f exo:evidenceLevel ?level .
  OPTIONAL { ?f exo:scaleName ?scale }""" + _PROVENANCE + """
}"""

RISK_OF_BIAS = PREFIXES + """
# The overall risk-of-bias judgement of each study, per tool.
SELECT ?study ?tool ?judgement ?quote ?locator ?document WHERE {
  ?study a exo:Study ; exo:hasRiskOfBiasAssessment ?a . ?a rdfs:label ?tool ; exo:hasJudgement ?f .
  ?f exo:domainKey "overall" ; exo:judgementKey ?judgement .""" + _PROVENANCE + """
}"""

SOURCES = PREFIXES + """
# Every exosome-source statement of every intervention; ?path orders a field's statements.
SELECT ?study ?source ?path ?label ?as_reported ?kind ?tissue ?cell ?quote ?locator ?document WHERE {
  ?study a exo:Study ; exo:hasIntervention ?i . ?i exo:usesExosomeSource ?f .
  ?f exo:fieldPath ?path ; rdfs:label ?label ; exo:sourceKind ?kind .
  BIND(?f AS ?source)
  OPTIONAL { ?f exo:asReported ?as_reported }
  OPTIONAL { ?f exo:derivedFromTissue ?tissue }
  OPTIONAL { ?f exo:derivedFromCell ?cell }""" + _PROVENANCE + """
}"""

INDICATIONS = PREFIXES + """
# The indications each study treated, with the condition as the source reports it.
SELECT ?study ?target ?as_reported ?quote ?locator ?document WHERE {
  ?study a exo:Study ; exo:hasCondition ?f . ?f exo:indication ?target .
  OPTIONAL { ?f exo:asReported ?as_reported }""" + _PROVENANCE + """
}"""

MEASUREMENTS = PREFIXES + """
# Every outcome measurement: measure, arm, unit, values, spread, time point, p-value, provenance.
SELECT ?study ?f ?target ?measure_key ?unit_key ?as_reported ?subgroup ?baseline ?followup ?change
       ?change_min ?change_max ?value ?sd ?scale_points ?n ?arm_label ?arm_n ?p ?p_comparator ?significant
       ?tp_value ?tp_unit ?quote ?locator ?document WHERE {
  ?study a exo:Study ; exo:hasMeasurement ?f . ?f exo:measure ?target ; exo:measureKey ?measure_key .
  OPTIONAL { ?f exo:unitKey ?unit_key }
  OPTIONAL { ?f exo:asReported ?as_reported }
  OPTIONAL { ?f exo:subgroup ?subgroup }
  OPTIONAL { ?f exo:baselineValue ?baseline }
  OPTIONAL { ?f exo:followupValue ?followup }
  OPTIONAL { ?f exo:changeValue ?change }
  OPTIONAL { ?f exo:changeMin ?change_min }
  OPTIONAL { ?f exo:changeMax ?change_max }
  OPTIONAL { ?f exo:reportedValue ?value }
  OPTIONAL { ?f exo:standardDeviation ?sd }
  OPTIONAL { ?f exo:scalePoints ?scale_points }
  OPTIONAL { ?f exo:participants ?n }
  OPTIONAL { ?f exo:arm ?arm . OPTIONAL { ?arm rdfs:label ?arm_label } OPTIONAL { ?arm exo:armSize ?arm_n } }
  OPTIONAL { ?f exo:pValue ?p }
  OPTIONAL { ?f exo:pValueComparator ?p_comparator }
  OPTIONAL { ?f exo:significant ?significant }
  OPTIONAL { ?f exo:timepoint ?tp . ?tp exo:numericValue ?tp_value ; exo:unitKey ?tp_unit }""" + _PROVENANCE + """
} ORDER BY ?study ?f"""

OUTCOMES_MEASURED = PREFIXES + """
# Outcomes a study says it measured (whether or not the review gives a result).
SELECT ?study ?target ?as_reported ?quote ?locator ?document WHERE {
  ?study a exo:Study ; exo:hasOutcomesMeasured ?f . ?f exo:measure ?target .
  OPTIONAL { ?f rdfs:label ?as_reported }""" + _PROVENANCE + """
}"""

ADVERSE_EVENTS = PREFIXES + """
# Adverse events reported for each study ('none' included: a report of no event is evidence too), with
# the patients affected as stated (a count or a percentage), the arm's size, and what a 'none' rules out.
SELECT ?study ?f ?target ?event_key ?as_reported ?percent ?count ?arm_n ?severity ?transient ?scope ?ruled_out
       ?quote ?locator ?document WHERE {
  ?study a exo:Study ; exo:hasAdverseEvent ?f . ?f exo:eventType ?target ; exo:eventKey ?event_key .
  OPTIONAL { ?f exo:asReported ?as_reported }
  OPTIONAL { ?f exo:percentAffected ?percent }
  OPTIONAL { ?f exo:participantsAffected ?count }
  OPTIONAL { ?f exo:arm/exo:armSize ?arm_n }
  OPTIONAL { ?f exo:severity ?severity }
  OPTIONAL { ?f exo:transient ?transient }
  OPTIONAL { ?f exo:noneScope ?scope }
  OPTIONAL { ?f exo:ruledOutEvent ?ruled_out }""" + _PROVENANCE + """
} ORDER BY ?study ?f"""

REVIEWS = PREFIXES + """
# The reviews the studies were extracted from, with the curators' notes on each.
SELECT ?review ?id ?label ?note WHERE {
  ?review a exo:SystematicReview ; rdfs:label ?label .
  OPTIONAL { ?review exo:recordId ?id }
  OPTIONAL { ?review rdfs:comment ?note }
} ORDER BY ?label"""

STUDY_NOTES = PREFIXES + """
# The curators' notes on each study: why its record says what it says.
SELECT ?study ?note WHERE { ?study a exo:Study ; rdfs:comment ?note }"""

REVIEW_CLAIMS = PREFIXES + """
# What a review says of itself in numbers: how many studies it included and how many participants.
SELECT ?review ?topic ?value ?quote ?locator ?document WHERE {
  VALUES ?topic { "included-studies" "total-patients" }
  ?review a exo:SystematicReview ; exo:hasClaim ?f . ?f exo:topic ?topic ; exo:claimedValue ?value .""" + _PROVENANCE + """
}"""

REVIEW_COMPARISONS = PREFIXES + """
# A review's own outcome comparisons (exosome vs control), for reviews without per-study records.
SELECT ?review ?f ?outcome_key ?indication ?unit_key ?exosome_value ?control_value ?exosome_min ?exosome_max
       ?control_min ?control_max ?exosome_count ?control_count ?denominator ?p ?p_comparator ?significant
       ?quote ?locator ?document WHERE {
  ?review a exo:SystematicReview ; exo:hasComparison ?f . ?f exo:outcomeName ?outcome_key .
  OPTIONAL { ?f exo:indication ?indication }
  OPTIONAL { ?f exo:unitKey ?unit_key }
  OPTIONAL { ?f exo:exosomeValue ?exosome_value }
  OPTIONAL { ?f exo:controlValue ?control_value }
  OPTIONAL { ?f exo:exosomeMin ?exosome_min }
  OPTIONAL { ?f exo:exosomeMax ?exosome_max }
  OPTIONAL { ?f exo:controlMin ?control_min }
  OPTIONAL { ?f exo:controlMax ?control_max }
  OPTIONAL { ?f exo:exosomeCount ?exosome_count }
  OPTIONAL { ?f exo:controlCount ?control_count }
  OPTIONAL { ?f exo:denominator ?denominator }
  OPTIONAL { ?f exo:pValue ?p }
  OPTIONAL { ?f exo:pValueComparator ?p_comparator }
  OPTIONAL { ?f exo:significant ?significant }""" + _PROVENANCE + """
} ORDER BY ?review ?f"""

REVIEW_FINDINGS = PREFIXES + """
# A review's own findings stated in words (with a count where it gives one).
SELECT ?review ?f ?statement ?topic ?indication ?count ?denominator ?quote ?locator ?document WHERE {
  ?review a exo:SystematicReview ; exo:hasFinding ?f . ?f rdfs:label ?statement .
  OPTIONAL { ?f exo:topic ?topic }
  OPTIONAL { ?f exo:indication ?indication }
  OPTIONAL { ?f exo:affectedCount ?count }
  OPTIONAL { ?f exo:denominator ?denominator }""" + _PROVENANCE + """
} ORDER BY ?review ?f"""

REVIEW_ADVERSE_EVENTS = PREFIXES + """
# Adverse events a review states of its studies as a whole.
SELECT ?review ?f ?event_key ?as_reported ?severity ?quote ?locator ?document WHERE {
  ?review a exo:SystematicReview ; exo:hasAdverseEvent ?f . ?f exo:eventKey ?event_key .
  OPTIONAL { ?f exo:asReported ?as_reported }
  OPTIONAL { ?f exo:severity ?severity }""" + _PROVENANCE + """
} ORDER BY ?review ?f"""

DOCUMENTS = PREFIXES + """
# The source documents: kind, identifiers (as their registries write them) and the records quoting them.
SELECT ?document ?id ?label ?kind ?doi ?pmid ?pmcid ?nct ?prospero ?url ?cited_by WHERE {
  ?document a exo:SourceDocument ; rdfs:label ?label ; exo:documentKind ?kind .
  OPTIONAL { ?document exo:recordId ?id }
  OPTIONAL { ?document bibo:doi ?doi }
  OPTIONAL { ?document bibo:pmid ?pmid }
  OPTIONAL { ?document exo:pmcid ?pmcid }
  OPTIONAL { ?document exo:nctId ?nct }
  OPTIONAL { ?document exo:prosperoId ?prospero }
  OPTIONAL { ?document bibo:uri ?url }
  OPTIONAL { SELECT ?document (GROUP_CONCAT(DISTINCT ?citing_label; separator=" | ") AS ?cited_by) WHERE {
      { ?citing exo:citesDocument ?document } UNION { ?citing exo:registeredAs ?document }
      ?citing rdfs:label ?citing_label } GROUP BY ?document }
} ORDER BY ?label"""

REGISTRATIONS = PREFIXES + """
# The registrations a study or a review reports (registry and identifier), with provenance.
SELECT ?owner ?registry ?identifier ?quote ?locator ?document WHERE {
  ?owner exo:hasRegistration ?f . ?f exo:registry ?registry ; dcterms:identifier ?identifier .""" + _PROVENANCE + """
} ORDER BY ?owner ?identifier"""
