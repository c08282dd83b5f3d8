-- Loads product_reviews.json (one JSON array) from @SOURCE_FILES into BRONZE_PRODUCT_REVIEWS.
-- STRIP_OUTER_ARRAY makes each review a row; records that do not parse are skipped by COPY
-- (ON_ERROR = CONTINUE) and reported in the procedure's return value and log: COPY's own result
-- (rows_parsed, errors_seen), read back through RESULT_SCAN of its query id (SQLID).
-- The span events are the local runner's (src/core/telemetry/task-telemetry.ts): task_started,
-- rows_read, rows_written, rows_rejected, task_finished; test/deploy-plan.test.ts checks them.
CREATE OR REPLACE PROCEDURE usp_loadProductReviews_json()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
AS
$$
DECLARE
  loaded INTEGER DEFAULT 0;
  rows_read INTEGER DEFAULT 0;
  rows_rejected INTEGER DEFAULT 0;
  copy_query VARCHAR;
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'productreview_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  CREATE OR REPLACE TEMPORARY TABLE raw_product_reviews (v VARIANT);
  COPY INTO raw_product_reviews
    FROM @SOURCE_FILES/product_reviews.json
    FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE)
    ON_ERROR = CONTINUE
    FORCE = TRUE;
  copy_query := SQLID;
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
  SELECT COALESCE(SUM("rows_parsed"), 0), COALESCE(SUM("errors_seen"), 0) INTO :rows_read, :rows_rejected
    FROM TABLE(RESULT_SCAN(:copy_query));
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', rows_read);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', loaded);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', rows_rejected);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || rows_read || ', written ' || loaded || ', rejected ' || rows_rejected);
  SYSTEM$LOG_INFO('BRONZE_PRODUCT_REVIEWS: ' || loaded || ' rows loaded, ' || rows_rejected || ' rejected of ' || rows_read || ' read');
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'productreview_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN 'BRONZE_PRODUCT_REVIEWS: ' || loaded || ' rows loaded, ' || rows_rejected || ' rejected of ' || rows_read || ' read';
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'productreview_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('productreview_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
