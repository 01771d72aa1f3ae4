SELECT
  *
FROM (
  SELECT
    (
      (
        "t2"."ix" + CAST(0.5 AS DOUBLE)
      ) * CAST(0.25 AS DOUBLE)
    ) - 180 AS "lon",
    (
      (
        "t2"."iy" + CAST(0.5 AS DOUBLE)
      ) * CAST(0.25 AS DOUBLE)
    ) - 90 AS "lat",
    "t2"."events"
  FROM (
    SELECT
      CAST(FLOOR((
        "t1"."lon" + 180
      ) / CAST(0.25 AS DOUBLE)) AS BIGINT) AS "ix",
      CAST(FLOOR((
        "t1"."lat" + 90
      ) / CAST(0.25 AS DOUBLE)) AS BIGINT) AS "iy",
      COUNT(*) AS "events"
    FROM (
      SELECT
        *
      FROM "nansei_events" AS "t0"
      WHERE
        "t0"."month" >= '2015-01'
        AND "t0"."date" >= FROM_ISO8601_DATE('2015-01-01')
        AND "t0"."month" <= '2024-12'
        AND "t0"."date" <= FROM_ISO8601_DATE('2024-12-31')
        AND (
          BITWISE_AND("t0"."actor_bits", 11)
        ) <> 0
        AND "t0"."category" IN ('statement', 'diplomatic', 'military_incident', 'force_posture')
        AND "t0"."lat" IS NOT NULL
        AND "t0"."lon" IS NOT NULL
    ) AS "t1"
    GROUP BY
      1,
      2
  ) AS "t2"
) AS "t3"
ORDER BY
  "t3"."lat" ASC,
  "t3"."lon" ASC
