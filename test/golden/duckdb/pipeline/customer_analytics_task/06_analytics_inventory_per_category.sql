-- table: ANALYTICS_INVENTORY_PER_CATEGORY
-- Stock per product category, summed over the per-product stock of the catalog's products (as
-- the original derives it from the per-product table). A category whose products have no
-- stock has 0, the sum of nothing; products without a category form the NULL category.
WITH stock AS (
  SELECT product_id,
         SUM(quantity) AS total_stock
  FROM BRONZE_INVENTORY
  GROUP BY product_id
)
SELECT p.category,
       COALESCE(SUM(s.total_stock), 0) AS category_stock
FROM SILVER_PRODUCTS AS p
LEFT JOIN stock AS s ON s.product_id = p.product_id
GROUP BY p.category
ORDER BY p.category NULLS LAST
