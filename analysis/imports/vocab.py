"""Vocabularies for the importers: ACLED event types, CAMEO codes, GDELT columns (countries: countries.py).

Kept apart from :mod:`analysis.imports.readers` so the mappings can be read (and
reviewed against ``docs/import.md``) without the parsing code around them.
"""

from __future__ import annotations

from analysis.data.cameo import published_scores

# ACLED sub_event_type wins over event_type; both are ACLED's published vocabulary.
ACLED_SUB_EVENT_CATEGORY = {
    "Agreement": "diplomatic",
    "Headquarters or base established": "force_posture",
    "Change to group/activity": "force_posture",
    "Non-violent transfer of territory": "force_posture",
    "Disrupted weapons use": "military_incident",
    "Looting/property destruction": "military_incident",
}
ACLED_EVENT_CATEGORY = {
    "Battles": "military_incident",
    "Explosions/Remote violence": "military_incident",
    "Violence against civilians": "military_incident",
    "Riots": "statement",
    "Protests": "statement",
    "Strategic developments": "statement",
}
# ACLED has no CAMEO code or Goldstein score: the closest CAMEO code per event type (sub-event "Agreement"
# wins), scored like curated events from the published table data/reference/cameo_goldstein.csv.
ACLED_EVENT_CODE = {
    "Battles": "190",  # use conventional military force
    "Explosions/Remote violence": "195",  # employ aerial weapons
    "Violence against civilians": "180",  # use unconventional violence
    "Riots": "145",  # protest violently, riot
    "Protests": "140",  # engage in political dissent
    "Strategic developments": "010",  # make statement
    "Agreement": "030",  # express intent to cooperate
}
ACLED_GOLDSTEIN = {kind: published_scores()[code] for kind, code in ACLED_EVENT_CODE.items()}
ACLED_PRECISION = {"": "day", "1": "day", "2": "month", "3": "month"}
ACLED_REQUIRED = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country",
                  "latitude", "longitude"]
ACLED_OPTIONAL = ["actor2", "location", "source", "notes", "fatalities", "time_precision"]

# CAMEO EventRootCode -> project category.
CAMEO_ROOT_CATEGORY = {
    "01": "statement", "02": "statement", "03": "diplomatic", "04": "diplomatic", "05": "diplomatic",
    "06": "alliance", "07": "alliance", "08": "diplomatic", "09": "statement", "10": "statement",
    "11": "statement", "12": "diplomatic", "13": "statement", "14": "statement", "15": "force_posture",
    "16": "diplomatic", "17": "maritime_grey_zone", "18": "military_incident", "19": "military_incident",
    "20": "military_incident",
}
# Sanctions and embargoes are economic whatever their root code.
CAMEO_BASE_CATEGORY = {"163": "economic_measure", "172": "economic_measure"}
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
