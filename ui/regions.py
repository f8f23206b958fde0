"""Country → UN geoscheme region (M49), for the secretariat's "documents by region" indicator.

The index stores countries as ISO 3166-1 alpha-2 codes; the five M49 regions are what the
clearing-house reports by. Antarctica and unassigned codes fall into "other".
"""

from __future__ import annotations

from collections.abc import Mapping

from ui.i18n import N_

REGION_NAMES = {
    "africa": N_("Africa"),
    "americas": N_("Americas"),
    "asia": N_("Asia"),
    "europe": N_("Europe"),
    "oceania": N_("Oceania"),
    "other": N_("Other or unknown"),
}

_MEMBERS = {
    "africa": "DZ EG LY MA SD TN EH IO TF BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW AO CM CF TD "
              "CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "americas": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI BZ CR SV GT HN "
                "MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE BM CA GL PM US",
    "asia": "KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR MV NP PK LK "
            "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    "europe": "BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB AL AD BA HR GI GR VA "
              "IT MT ME MK PT SM RS SI ES XK AT BE FR DE LI LU MC NL CH",
    "oceania": "AU NZ NF HM CC CX FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF",
}

REGION_OF: Mapping[str, str] = {code: region for region, codes in _MEMBERS.items() for code in codes.split()}


def region_of(country: str) -> str:
    """The M49 region of an ISO alpha-2 code (case-insensitive); "other" when it has none."""
    return REGION_OF.get(country.upper(), "other")
