-- table: ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE
-- The 10 products with the highest revenue. Order lines are LEFT-joined to the catalog, as in
-- the original: a product id the catalog does not know is ranked too, with NULL name and
-- category. total_orders counts distinct orders. Ties at the 10th place are cut by product id
-- (the original's cut is arbitrary), so every run keeps the same ten.
WITH sales AS (
  SELECT oi.product_id,
         COUNT(DISTINCT oi.order_id) AS total_orders,
         SUM(oi.quantity) AS total_quantity_sold,
         CAST(SUM(oi.quantity * oi.unit_price) AS DECIMAL(18,2)) AS total_revenue
  FROM BRONZE_ORDER_ITEMS AS oi
  GROUP BY oi.product_id
)
SELECT s.product_id,
       p.product_name,
       p.category,
       s.total_orders,
       s.total_quantity_sold,
       s.total_revenue,
       'revenue' AS metric
FROM sales AS s
LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = s.product_id
ORDER BY s.total_revenue DESC NULLS LAST, s.product_id
LIMIT 10
