"""Identifiers as links: a DOI, PubMed ID, PubMed Central ID, ClinicalTrials.gov ID or PROSPERO ID becomes
a link to its resolver only when it is written as that registry writes it, so nothing else on the page
(a label, a quote, a crafted record) can become a link. The page's script applies the same patterns to
identifiers inside quotes and statements (assets.SCRIPT, `linkify`) and accepts no other link."""

from __future__ import annotations

import re
from urllib.parse import quote

# kind -> (the identifier's syntax, the resolver URL it is appended to, how the page names it)
RESOLVERS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "doi": (re.compile(r"10\.\d{4,9}/\S+"), "https://doi.org/", "DOI"),
    "pmid": (re.compile(r"[1-9]\d{0,8}"), "https://pubmed.ncbi.nlm.nih.gov/", "PMID"),
    "pmcid": (re.compile(r"PMC\d+"), "https://pmc.ncbi.nlm.nih.gov/articles/", "PMCID"),
    "nct": (re.compile(r"NCT\d{8}"), "https://clinicaltrials.gov/study/", "ClinicalTrials.gov"),
    "prospero": (re.compile(r"CRD\d{6,}"), "https://www.crd.york.ac.uk/prospero/display_record.php?ID=", "PROSPERO"),
}


def resolvers() -> dict[str, str]:
    """kind -> resolver URL, for the page's script."""
    return {kind: resolver for kind, (_, resolver, _) in RESOLVERS.items()}


def identifier_url(kind: str, value: str) -> str:
    """The resolver URL of a well-formed identifier of `kind`, else empty."""
    pattern, resolver, _ = RESOLVERS[kind]
    value = value.strip()
    if not pattern.fullmatch(value):
        return ""
    # as the page's script writes it: each part between slashes as encodeURIComponent escapes it
    return resolver + (quote(value, safe="/!*'()") if kind == "doi" else value)


def identifier_fact(kind: str, value: str) -> list[str]:
    """A card fact [name, value] with the link as a third element when the value is well-formed."""
    url = identifier_url(kind, value)
    return [RESOLVERS[kind][2], value, url] if url else [RESOLVERS[kind][2], value]


def registry_kind(registry: str, identifier: str) -> str | None:
    """The kind of a registration's identifier (ClinicalTrials.gov, PROSPERO), when it is one we link."""
    for kind in ("nct", "prospero"):
        if RESOLVERS[kind][0].fullmatch(identifier.strip()):
            return kind
    return None
