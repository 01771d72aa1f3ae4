SELECT
  `t2`.`event_id`,
  `t2`.`date`,
  `t2`.`date_precision`,
  `t2`.`end_date`,
  `t2`.`title`,
  `t2`.`summary`,
  `t2`.`category`,
  `t2`.`actors`,
  `t2`.`initiator`,
  `t2`.`target`,
  `t2`.`location`,
  `t2`.`lat`,
  `t2`.`lon`,
  `t2`.`location_precision`,
  `t2`.`region`,
  `t2`.`event_code`,
  `t2`.`goldstein`,
  `t2`.`goldstein_override_reason`,
  `t2`.`responds_to`,
  `t2`.`source_ids`,
  `t2`.`confidence`,
  `t2`.`status`,
  `t2`.`status_reason`,
  `t2`.`origin`,
  `t2`.`external_id`,
  `t2`.`source_text`,
  `t2`.`fatalities`
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
    AND `t0`.`month` <= '2020-05'
    AND (
      (
        `t0`.`date` < DATE(2020, 5, 1)
      )
      OR (
        (
          `t0`.`date` = DATE(2020, 5, 1)
        ) AND (
          `t0`.`event_id` < 'gdelt-1'
        )
      )
    )
  ORDER BY
    `t0`.`date` DESC,
    `t0`.`event_id` DESC
  LIMIT 500
) AS `t2`
