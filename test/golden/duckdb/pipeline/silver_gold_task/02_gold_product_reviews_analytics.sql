-- table: GOLD_PRODUCT_REVIEWS_ANALYTICS
-- One row per reviewed product: average rating, review counts, average aspect ratings
-- (Battery Life, Quality, Value for Money) and the number of positive and negative reviews.
-- Written as an Iceberg table.
WITH per_product AS (
  SELECT product_id,
         ROUND(AVG(CAST(rating AS DOUBLE)), 2) AS avg_rating,
         COUNT(*) AS total_reviews,
         COUNT_IF(verified_purchase) AS verified_reviews,
         COUNT_IF(sentiment_score = 'Positive') AS positive_reviews,
         COUNT_IF(sentiment_score = 'Negative') AS negative_reviews
  FROM SILVER_PRODUCT_REVIEWS
  GROUP BY product_id
),
aspects AS (
  SELECT r.product_id,
         CAST(json_extract_string(a.value, '$.name') AS VARCHAR) AS aspect,
         CAST(json_extract_string(a.value, '$.rating') AS DOUBLE) AS aspect_rating
  FROM SILVER_PRODUCT_REVIEWS AS r, json_each(r.aspects) AS a
),
per_aspect AS (
  SELECT product_id,
         ROUND(AVG(CASE WHEN aspect = 'Battery Life' THEN aspect_rating END), 2) AS avg_battery_rating,
         ROUND(AVG(CASE WHEN aspect = 'Quality' THEN aspect_rating END), 2) AS avg_quality_rating,
         ROUND(AVG(CASE WHEN aspect = 'Value for Money' THEN aspect_rating END), 2) AS avg_value_rating
  FROM aspects
  GROUP BY product_id
)
SELECT p.product_id AS product_id,
       p.avg_rating AS avg_rating,
       p.total_reviews AS total_reviews,
       p.verified_reviews AS verified_reviews,
       a.avg_battery_rating AS avg_battery_rating,
       a.avg_quality_rating AS avg_quality_rating,
       a.avg_value_rating AS avg_value_rating,
       p.positive_reviews AS positive_reviews,
       p.negative_reviews AS negative_reviews,
       CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS last_updated
FROM per_product AS p
LEFT JOIN per_aspect AS a ON a.product_id = p.product_id
ORDER BY p.product_id
