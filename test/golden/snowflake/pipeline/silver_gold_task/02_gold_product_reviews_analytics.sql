-- table: GOLD_PRODUCT_REVIEWS_ANALYTICS
-- One row per reviewed product: average rating, review counts, average aspect ratings
-- (Battery Life, Quality, Value for Money) and the number of positive and negative reviews.
-- As in the original's pivot, a review that names an aspect twice contributes its highest
-- rating of that aspect once, and the product's aspect average is over its reviews. Unlike the
-- original (whose explode drops them), reviews without aspects still count in the rating and
-- review counts. Written as an Iceberg table.
WITH per_product AS (
  SELECT product_id,
         CAST(ROUND((SUM(rating)) / NULLIF(COUNT(rating), 0), 2) AS DOUBLE) AS avg_rating,
         COUNT(*) AS total_reviews,
         COUNT_IF(verified_purchase) AS verified_reviews,
         COUNT_IF(sentiment_score = 'Positive') AS positive_reviews,
         COUNT_IF(sentiment_score = 'Negative') AS negative_reviews
  FROM SILVER_PRODUCT_REVIEWS
  GROUP BY product_id
),
aspects AS (
  SELECT r.product_id,
         r.review_id,
         a.value:"name"::VARCHAR AS aspect,
         a.value:"rating"::DOUBLE AS aspect_rating
  FROM SILVER_PRODUCT_REVIEWS AS r, TABLE(FLATTEN(input => r.aspects)) AS a
),
per_review AS (
  SELECT product_id,
         review_id,
         MAX(CASE WHEN aspect = 'Battery Life' THEN aspect_rating END) AS battery_rating,
         MAX(CASE WHEN aspect = 'Quality' THEN aspect_rating END) AS quality_rating,
         MAX(CASE WHEN aspect = 'Value for Money' THEN aspect_rating END) AS value_rating
  FROM aspects
  GROUP BY product_id, review_id
),
per_aspect AS (
  SELECT product_id,
         ROUND(AVG(battery_rating), 2) AS avg_battery_rating,
         ROUND(AVG(quality_rating), 2) AS avg_quality_rating,
         ROUND(AVG(value_rating), 2) AS avg_value_rating
  FROM per_review
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
