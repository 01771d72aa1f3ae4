SELECT
  *
FROM (
  SELECT
    DATE_TRUNC(`t1`.`date`, WEEK(MONDAY)) AS `period`,
    `t1`.`category`,
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
  ) AS `t1`
  GROUP BY
    1,
    2
) AS `t2`
ORDER BY
  `t2`.`period` ASC NULLS LAST,
  `t2`.`category` ASC NULLS LAST
