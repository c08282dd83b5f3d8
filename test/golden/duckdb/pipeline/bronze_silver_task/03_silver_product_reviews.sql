-- table: SILVER_PRODUCT_REVIEWS
-- Reviews (one per review_id) with a sentiment label from the AI sentiment score of the review
-- body. Only `content` is scored, as in the original: titles are short and often contradict
-- the body ("Great!" over a complaint). A review without content gets no label (NULL).
-- Thresholds come from the pipeline configuration (see README, "Sentiment").
WITH reviews AS (
  SELECT *
  FROM BRONZE_PRODUCT_REVIEWS
  QUALIFY ROW_NUMBER() OVER (PARTITION BY review_id ORDER BY review_date DESC NULLS LAST) = 1
),
scored AS (
  SELECT r.*,
         ai_sentiment(r.content) AS sentiment_value
  FROM reviews AS r
)
SELECT review_id,
       product_id,
       customer_id,
       rating,
       title,
       content,
       review_date,
       verified_purchase,
       helpful_votes,
       aspects,
       CASE WHEN sentiment_value IS NULL THEN NULL WHEN sentiment_value > 0.5 THEN 'Positive' WHEN sentiment_value < -0.5 THEN 'Negative' ELSE 'Neutral' END AS sentiment_score
FROM scored
ORDER BY review_id
