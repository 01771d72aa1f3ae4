"""The hand-entered inputs of scripts/build_geo.py: verified places, lines and label points, with their sources.

Every coordinate was taken from the page cited in its ``source_ids`` (data/sources.csv); computed label
points (the midpoint of two verified island coordinates) say so in ``notes`` and carry confidence ``medium``.
"""

from __future__ import annotations


def dms(deg: float, minutes: float = 0.0, seconds: float = 0.0) -> float:
    """Degrees/minutes/seconds (N/E positive) to decimal degrees."""
    return deg + minutes / 60.0 + seconds / 3600.0


# ---------------------------------------------------------------------------
# Verified place coordinates (lat, lon) used to derive label positions and to check
# that islands survive the clip. Source ids refer to data/sources.csv.
# ---------------------------------------------------------------------------
PLACES = {
    "okinawa_island": (dms(26, 28, 46), dms(127, 55, 40), "src-wikipedia-20261125-okinawa-island"),
    "miyako_jima": (dms(24, 46), dms(125, 19), "src-wikipedia-20261125-miyako-jima"),
    "yakushima": (dms(30, 20, 38), dms(130, 31, 26), "src-wikipedia-20261125-yakushima"),
    "kuchinoshima": (dms(29, 58), dms(129, 55), "src-wikipedia-20261125-kuchinoshima"),
    "yonaguni": (dms(24, 27, 20), dms(122, 59, 20), "src-wikipedia-20261125-yonaguni"),
    "suao_taiwan": (dms(24, 35, 46), dms(121, 51, 4), "src-wikipedia-20261125-suao"),
}


def midpoint(a: str, b: str) -> tuple[float, float]:
    """Arithmetic mean of two PLACES entries, returned as (lon, lat)."""
    la, oa, _ = PLACES[a]
    lb, ob, _ = PLACES[b]
    return ((oa + ob) / 2.0, (la + lb) / 2.0)


# ---------------------------------------------------------------------------
# Lines. Vertices as (lon, lat).
# ---------------------------------------------------------------------------
_ADIZ_CN = [  # PRC MND statement of 2013-11-23, six points in the order published
    (dms(121, 47), dms(33, 11)),
    (dms(125, 0), dms(33, 11)),
    (dms(128, 20), dms(31, 0)),
    (dms(125, 0), dms(25, 38)),
    (dms(123, 0), dms(24, 45)),
    (dms(120, 58), dms(26, 44)),
]

LINES = [
    {
        "line_id": "ts-median-line",
        "name": "Taiwan Strait median line (Davis line)",
        "kind": "median_line",
        "coords": [(122.0, 27.0), (118.0, 23.0)],
        "notes": (
            "End points 27N 122E (north) and 23N 118E (south) as given by Taiwan's Ministry of "
            "National Defense at a press conference on 2019-07-30, per Taiwan News (which notes "
            "the previous publication was in May 2004). An informal dividing line, not an agreed "
            "boundary. Drawn as a straight segment in lon/lat."
        ),
        "source_ids": "src-taiwannews-20190730-median-line-coordinates",
        "confidence": "high",
    },
    {
        "line_id": "ts-median-line-2004-variant",
        "name": "Taiwan Strait middle line, 2004 MND three-point version",
        "kind": "median_line",
        "coords": [
            (dms(121, 23), dms(26, 30)),
            (dms(119, 59), dms(24, 50)),
            (dms(117, 51), dms(23, 17)),
        ],
        "notes": (
            "Three points (26d30m N 121d23m E; 24d50m N 119d59m E; 23d17m N 117d51m E) from the "
            "correction Taiwan's defence ministry issued in May 2004, per Taipei Times 2004-05-31. "
            "Sources disagree: Taiwan News (2019-07-30) reports MND saying its 2004 figures matched "
            "the 27N 122E to 23N 118E line. Kept as a separate feature for reference; prefer "
            "ts-median-line for display."
        ),
        "source_ids": "src-taipeitimes-20040531-median-line-correction",
        "confidence": "medium",
    },
    {
        "line_id": "cn-ecs-adiz",
        "name": "PRC East China Sea ADIZ (announced 2013-11-23)",
        "kind": "adiz",
        "coords": [*_ADIZ_CN, _ADIZ_CN[0]],
        "notes": (
            "Six boundary points published by the PRC Ministry of National Defense on 2013-11-23: "
            "33d11m N 121d47m E; 33d11m N 125d00m E; 31d00m N 128d20m E; 25d38m N 125d00m E; "
            "24d45m N 123d00m E; 26d44m N 120d58m E. The zone is the airspace between the line "
            "joining these points and China's territorial-sea line; the closing segment from the "
            "sixth point back to the first is a schematic straight line standing in for that "
            "territorial-sea line (it crosses the Zhejiang coast) and is not a published boundary. "
            "Drawn as published by the claiming party; overlaps Japan's ADIZ and, to a smaller "
            "extent, those of South Korea and Taiwan."
        ),
        "source_ids": "src-xinhua-20131123-ecs-adiz-statement",
        "confidence": "high",
    },
]

# ---------------------------------------------------------------------------
# Points. Either fixed (lon, lat) taken from a source, or a derived midpoint.
# ---------------------------------------------------------------------------
POINTS = [
    {
        "point_id": "miyako-strait",
        "name": "Miyako Strait",
        "name_local": "宮古海峡",
        "kind": "strait",
        "coords": midpoint("okinawa_island", "miyako_jima"),
        "notes": (
            "Label position, derived as midpoint of Okinawa Island (26d28m46s N 127d55m40s E) and "
            "Miyako-jima (24d46m N 125d19m E) coordinates. Also called the Kerama Gap; the widest "
            "passage in the Ryukyu chain."
        ),
        "source_ids": (
            "src-wikipedia-20261125-miyako-strait;src-wikipedia-20261125-okinawa-island;"
            "src-wikipedia-20261125-miyako-jima"
        ),
        "confidence": "medium",
    },
    {
        "point_id": "osumi-strait",
        "name": "Osumi Strait",
        "name_local": "大隅海峡",
        "kind": "strait",
        "coords": (dms(130, 58, 14.7), dms(30, 56, 32.2)),
        "notes": (
            "Label position: point given for the eastern part of the strait's designated sea area, "
            "between the Osumi Peninsula (Kyushu) and Tanegashima (30d56m32.2s N 130d58m14.7s E). "
            "One of five Japanese straits where the territorial sea is limited to 3 nm."
        ),
        "source_ids": "src-3rdin-20261125-osumi-strait",
        "confidence": "high",
    },
    {
        "point_id": "tokara-strait",
        "name": "Tokara Strait",
        "name_local": "吐噶喇海峡 (トカラ海峡)",
        "kind": "strait",
        "coords": midpoint("yakushima", "kuchinoshima"),
        "notes": (
            "Label position, derived as midpoint of Yakushima (30d20m38s N 130d31m26s E) and "
            "Kuchinoshima (29d58m N 129d55m E); the strait lies between these two islands "
            "(about 55-60 km wide, roughly 30N to 30d14m N)."
        ),
        "source_ids": (
            "src-kotobank-20261125-tokara-strait;src-wikipedia-20261125-yakushima;"
            "src-wikipedia-20261125-kuchinoshima"
        ),
        "confidence": "medium",
    },
    {
        "point_id": "yonaguni-taiwan-gap",
        "name": "Yonaguni–Taiwan gap",
        "name_local": "",
        "kind": "channel",
        "coords": midpoint("yonaguni", "suao_taiwan"),
        "notes": (
            "Label position, derived as midpoint of Yonaguni (24d27m20s N 122d59m20s E) and Su'ao "
            "on Taiwan's north-east coast (24d35m46s N 121d51m04s E). Yonaguni lies about 108 km "
            "from Taiwan's east coast. No single standard local name; left empty."
        ),
        "source_ids": "src-wikipedia-20261125-yonaguni;src-wikipedia-20261125-suao",
        "confidence": "medium",
    },
    {
        "point_id": "bashi-channel",
        "name": "Bashi Channel",
        "name_local": "巴士海峽",
        "kind": "channel",
        "coords": (dms(121, 30), dms(21, 25)),
        "notes": (
            "Label position at the coordinates listed for the channel (21d25m N 121d30m E); the "
            "northern channel of the Luzon Strait, between Orchid Island (Taiwan) and Mavulis/Y'Ami "
            "Island (Batanes, Philippines)."
        ),
        "source_ids": "src-wikipedia-20261125-bashi-channel",
        "confidence": "high",
    },
    {
        "point_id": "taiwan-strait",
        "name": "Taiwan Strait",
        "name_local": "臺灣海峽 / 台湾海峡",
        "kind": "strait",
        "coords": (dms(119, 55, 42), dms(24, 48, 40)),
        "notes": (
            "Label position at the coordinates listed for the strait (24d48m40s N 119d55m42s E); "
            "about 180 km wide, 130 km at its narrowest. The PRC claims jurisdiction over the "
            "strait; the US, Taiwan and others treat it as an international waterway."
        ),
        "source_ids": "src-wikipedia-20261125-taiwan-strait",
        "confidence": "high",
    },
    {
        "point_id": "senkaku-islands",
        "name": "Senkaku Islands / Diaoyu Islands",
        "name_local": "尖閣諸島 / 钓鱼岛及其附属岛屿 / 釣魚臺列嶼",
        "kind": "reference",
        "coords": (dms(123, 29, 6), dms(25, 44, 42)),
        "notes": (
            "Reference point at the group coordinates listed by the encyclopedia entry "
            "(25d44m42s N 123d29m06s E). Administered by Japan (Ishigaki City); claimed by the PRC "
            "and by Taiwan (Toucheng, Yilan). Japan's MOFA lists eight features incl. Uotsuri "
            "(3.81 km2) and Taisho (0.06 km2). Both names shown; no position taken."
        ),
        "source_ids": "src-wikipedia-20261125-senkaku-islands;src-mofa-20261125-senkaku-information",
        "confidence": "high",
    },
]

# Islands checked after processing: (name, lon, lat). Positions from verified pages
# (Uotsuri ~25d45m N 123d29m E per the Senkaku entries; Hateruma 24d02m25s N 123d47m16s E;
# Ishigaki 24d26m N 124d13m E; others as in PLACES). A polygon within CHECK_TOL_KM counts.
# The build fails if an island present in the atlas input is lost by the processing; an
# island absent from the input itself (Natural Earth 1:10m omits some islets) is reported.
CHECK_ISLANDS = [
    ("Yonaguni", dms(122, 59, 20), dms(24, 27, 20)),
    ("Hateruma", dms(123, 47, 16), dms(24, 2, 25)),
    ("Ishigaki", dms(124, 13), dms(24, 26)),
    ("Miyako-jima", dms(125, 19), dms(24, 46)),
    ("Okinawa Island", dms(127, 55, 40), dms(26, 28, 46)),
    ("Uotsuri-jima", dms(123, 29), dms(25, 45)),
    ("Taiwan", 121.0, 23.7),
]
CHECK_TOL_KM = 10.0
# Box around the Senkaku group, used to list which of its islets exist in the data.
SENKAKU_BOX = (123.3, 25.5, 125.0, 26.1)
