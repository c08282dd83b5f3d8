-- table: ANALYTICS_INVENTORY_PER_PRODUCT
-- Every product with its stock across all warehouses; NULL where no warehouse holds it (as the
-- original's product-side merge). Stock rows of product ids not in the catalog have no product
-- to be listed under; they still count per warehouse.
WITH stock AS (
  SELECT product_id,
         SUM(quantity) AS total_stock
  FROM BRONZE_INVENTORY
  GROUP BY product_id
)
SELECT p.product_id,
       p.product_name,
       p.category,
       s.total_stock
FROM SILVER_PRODUCTS AS p
LEFT JOIN stock AS s ON s.product_id = p.product_id
ORDER BY p.product_id
