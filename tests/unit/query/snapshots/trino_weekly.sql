SELECT
  *
FROM (
  SELECT
    DATE_TRUNC('WEEK', "t1"."date") AS "period",
    "t1"."category",
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
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
ORDER BY
  "t2"."period" ASC,
  "t2"."category" ASC
