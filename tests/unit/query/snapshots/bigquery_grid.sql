SELECT
  *
FROM (
  SELECT
    (
      (
        `t2`.`ix` + 0.5
      ) * 0.25
    ) - 180 AS `lon`,
    (
      (
        `t2`.`iy` + 0.5
      ) * 0.25
    ) - 90 AS `lat`,
    `t2`.`events`
  FROM (
    SELECT
      CAST(FLOOR(ieee_divide(`t1`.`lon` + 180, 0.25)) AS INT64) AS `ix`,
      CAST(FLOOR(ieee_divide(`t1`.`lat` + 90, 0.25)) AS INT64) AS `iy`,
      COUNT(*) AS `events`
    FROM (
      SELECT
        *
      FROM `nansei_events` AS `t0`
      WHERE
        `t0`.`month` >= '2015-01'
        AND `t0`.`date` >= DATE(2015, 1, 1)
        AND `t0`.`month` <= '2024-12'
        AND `t0`.`date` <= DATE(2024, 12, 31)
        AND (
          `t0`.`actor_bits` & 11
        ) <> 0
        AND `t0`.`category` IN ('statement', 'diplomatic', 'military_incident', 'force_posture')
        AND `t0`.`lat` IS NOT NULL
        AND `t0`.`lon` IS NOT NULL
    ) AS `t1`
    GROUP BY
      1,
      2
  ) AS `t2`
) AS `t3`
ORDER BY
  `t3`.`lat` ASC NULLS LAST,
  `t3`.`lon` ASC NULLS LAST
