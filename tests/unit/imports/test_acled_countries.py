"""Every ACLED country spelling maps to its ISO3 code, through pycountry, the country table or an alias."""

from __future__ import annotations

import pytest

from analysis.imports.countries import ACLED_NAME_ALIASES, country_from_name

# The ACLED spellings the importer had to know before pycountry's names were used for them (issue 23):
# the 24 kept in ACLED_NAME_ALIASES and the 27 that pycountry or analysis.data.countries resolve.
ACLED_SPELLINGS = {
    "democratic republic of congo": "COD",
    "republic of congo": "COG",
    "ivory coast": "CIV",
    "cape verde": "CPV",
    "kosovo": "XKX",
    "palestine": "PSE",
    "russia": "RUS",
    "brunei": "BRN",
    "east timor": "TLS",
    "micronesia": "FSM",
    "vatican city": "VAT",
    "bailiwick of guernsey": "GGY",
    "bailiwick of jersey": "JEY",
    "saint-barthelemy": "BLM",
    "saint-martin": "MAF",
    "caribbean netherlands": "BES",
    "turkey": "TUR",
    "macau": "MAC",
    "macao": "MAC",
    "sint maarten": "SXM",
    "falkland islands": "FLK",
    "swaziland": "SWZ",
    "eswatini": "SWZ",
    "united states": "USA",
    "united kingdom": "GBR",
    "south korea": "KOR",
    "north korea": "PRK",
    "taiwan": "TWN",
    "china": "CHN",
    "laos": "LAO",
    "vietnam": "VNM",
    "syria": "SYR",
    "iran": "IRN",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "moldova": "MDA",
    "czech republic": "CZE",
    "north macedonia": "MKD",
    "macedonia": "MKD",
    "people's republic of china": 'CHN',
    "republic of korea": "KOR",
    "democratic people's republic of korea": 'PRK',
    "viet nam": "VNM",
    "russian federation": "RUS",
    "saint helena": "SHN",
    "reunion": "REU",
    "curacao": "CUW",
    "aland islands": "ALA",
    "turks and caicos": "TCA",
    "virgin islands, u.s.": "VIR",
}


@pytest.mark.parametrize(("name", "code"), sorted(ACLED_SPELLINGS.items()))
def test_every_acled_spelling_still_maps(name: str, code: str) -> None:
    assert country_from_name(name) == code
    assert country_from_name(name.title()) == code  # ACLED writes "South Korea", "Viet Nam"


def test_the_aliases_hold_only_what_pycountry_does_not_resolve() -> None:
    import pycountry

    resolved = {c.name.casefold() for c in pycountry.countries}
    resolved |= {getattr(c, a).casefold() for c in pycountry.countries for a in ("official_name", "common_name")
                 if getattr(c, a, None)}
    assert not set(ACLED_NAME_ALIASES) & resolved
    assert len(ACLED_NAME_ALIASES) == 24
