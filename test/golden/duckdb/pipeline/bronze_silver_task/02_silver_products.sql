-- table: SILVER_PRODUCTS
-- Products (latest version of each id; trimmed text, empty text as NULL) with their specifications as an array of {NAME, VALUE}.
WITH latest AS (
  SELECT *
  FROM BRONZE_PRODUCTS
  QUALIFY ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY last_updated DESC NULLS LAST) = 1
),
specs AS (
  SELECT product_id,
         list(struct_pack("NAME" := spec_name, "VALUE" := spec_value) ORDER BY spec_name, spec_value) AS specifications
  FROM BRONZE_PRODUCT_SPECIFICATIONS
  GROUP BY product_id
)
SELECT p.product_id,
       NULLIF(TRIM(p.product_name), '') AS product_name,
       NULLIF(TRIM(p.category), '') AS category,
       p.price,
       NULLIF(TRIM(p.description), '') AS description,
       p.created_date,
       p.last_updated,
       s.specifications
FROM latest AS p
LEFT JOIN specs AS s ON s.product_id = p.product_id
ORDER BY p.product_id
