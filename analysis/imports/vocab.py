"""Vocabularies for the importers: GDELT columns, ACLED columns, CAMEO labels (countries: countries.py).

Kept apart from :mod:`analysis.imports.readers` so the mappings can be read (and
reviewed against ``docs/import.md``) without the parsing code around them.
"""

from __future__ import annotations

from analysis.data.vocabulary import acled_code_table, acled_codes, acled_event_types, categories_for, category_for

# Categories and ACLED event types come from the one event vocabulary (analysis.data.vocabulary, the tables
# data/reference/cameo_categories.csv and acled_event_codes.csv); these names are what the readers use.
__all__ = ["acled_code_table", "acled_codes", "acled_event_types", "categories_for", "category_for"]
ACLED_PRECISION = {"": "day", "1": "day", "2": "month", "3": "month"}
# What an ACLED file must have, and what it may have (a missing optional column reads as empty).
# ``sub_event_type`` arrived in 2019; older exports have ``gwno`` where newer ones have ``iso``.
ACLED_REQUIRED = ["event_id_cnty", "event_date", "event_type", "actor1", "country", "latitude", "longitude"]
ACLED_OPTIONAL = ["sub_event_type", "actor2", "location", "source", "notes", "fatalities", "time_precision", "iso"]

CAMEO_ROOT_LABEL = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
    "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
    "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
    "19": "Fight", "20": "Use unconventional mass violence",
}
_ACTOR_FIELDS = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code"]
_GEO_FIELDS = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
# The 61 columns of the GDELT 2.0 events table, in the codebook's order.
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
]
# GDELT 1.0 events (daily files since April 2013: 58 columns; the older back file: 57, without SOURCEURL):
# the same fields, but each geography has no ADM2Code.
_GEO1_FIELDS = [f for f in _GEO_FIELDS if f != "ADM2Code"]
GDELT1_COLUMNS = [
    *GDELT_COLUMNS[:35],
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO1_FIELDS),
    "DATEADDED", "SOURCEURL",
]
