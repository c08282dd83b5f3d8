-- Loads product_reviews.json (one JSON array) from @SOURCE_FILES into BRONZE_PRODUCT_REVIEWS.
-- STRIP_OUTER_ARRAY makes each review a row; records that do not parse are skipped by COPY
-- (ON_ERROR = CONTINUE) and reported in the procedure's return value and log.
CREATE OR REPLACE PROCEDURE usp_loadProductReviews_json()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
AS
$$
DECLARE
  loaded INTEGER DEFAULT 0;
BEGIN
  CREATE OR REPLACE TEMPORARY TABLE raw_product_reviews (v VARIANT);
  COPY INTO raw_product_reviews
    FROM @SOURCE_FILES/product_reviews.json
    FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE)
    ON_ERROR = CONTINUE
    FORCE = TRUE;
  CREATE OR REPLACE TABLE BRONZE_PRODUCT_REVIEWS AS
  SELECT v:review_id::VARCHAR AS review_id,
         v:product_id::VARCHAR AS product_id,
         v:customer_id::VARCHAR AS customer_id,
         TRY_TO_DECIMAL(v:rating::VARCHAR, 3, 1) AS rating,
         v:title::VARCHAR AS title,
         v:content::VARCHAR AS content,
         TRY_TO_DATE(v:date::VARCHAR) AS review_date,
         v:verified_purchase::BOOLEAN AS verified_purchase,
         TRY_TO_NUMBER(v:helpful_votes::VARCHAR) AS helpful_votes,
         v:aspects AS aspects
  FROM raw_product_reviews;
  loaded := (SELECT COUNT(*) FROM BRONZE_PRODUCT_REVIEWS);
  SYSTEM$LOG_INFO('BRONZE_PRODUCT_REVIEWS: ' || loaded || ' rows loaded');
  RETURN 'BRONZE_PRODUCT_REVIEWS: ' || loaded || ' rows loaded';
END;
$$;
