"""Names the interface gives to facets, dimensions and sort orders, marked for translation.

Facet *values* are labelled by `search_api.labels` (the API and the UI share those); this module
names the facets themselves and the other choices the pages offer.
"""

from __future__ import annotations

from ui.i18n import N_

# Facet parameters in the order the search page lists them.
FACET_TITLES = {
    "chemical": N_("Chemical"),
    "candidate": N_("Article 8 candidate"),
    "topic": N_("Topic"),
    "lang": N_("Language"),
    "country": N_("Country"),
    "doc_type": N_("Document type"),
    "provider_type": N_("Provider type"),
}
YEAR_TITLE = N_("Year")

# Dimensions a comparison matrix can cross: the facets plus the year.
DIMENSIONS = {**FACET_TITLES, "year": YEAR_TITLE}

SORT_NAMES = {
    "relevance": N_("Relevance"),
    "newest": N_("Newest first"),
    "oldest": N_("Oldest first"),
}

ANNEX_NAMES = {"A": N_("Annex A (elimination)"), "B": N_("Annex B (restriction)"),
               "C": N_("Annex C (unintentional production)")}

STAGE_NAMES = {
    "proposal": N_("Proposal"),
    "annex_d_screening": N_("Screening (Annex D)"),
    "annex_e_risk_profile": N_("Risk profile (Annex E)"),
    "annex_f_rme": N_("Risk management evaluation (Annex F)"),
    "recommendation": N_("Recommendation to the COP"),
    "listing": N_("Listing by the COP"),
    "deferred": N_("Deferred"),
}

NAME_STATUS = {
    "official": N_("official"),
    "confirmed": N_("confirmed"),
    "secondary": N_("secondary source"),
    "inferred": N_("inferred"),
    "unconfirmed": N_("unconfirmed"),
}

GAP_KINDS = {
    "query": N_("Queries"),
    "chemical": N_("Chemicals"),
    "topic": N_("Topics"),
    "language": N_("Languages"),
}
