-- table: ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE
-- The 5 categories with the highest revenue, from the per-product sales as in the original:
-- order lines LEFT-joined to the catalog, so lines of unknown products form a NULL category
-- that is ranked like any other. total_orders is the sum of the category's products' distinct
-- order counts (an order with two products of a category counts twice) and avg_order_value is
-- total_revenue / total_orders on that definition. Ties at the 5th place are cut by category
-- (NULL last), so every run keeps the same five.
WITH per_product AS (
  SELECT oi.product_id,
         p.category,
         COUNT(DISTINCT oi.order_id) AS total_orders,
         SUM(oi.quantity) AS total_quantity_sold,
         SUM(oi.quantity * oi.unit_price) AS total_revenue
  FROM BRONZE_ORDER_ITEMS AS oi
  LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
  GROUP BY oi.product_id, p.category
),
per_category AS (
  SELECT category,
         SUM(total_orders) AS total_orders,
         SUM(total_quantity_sold) AS total_quantity_sold,
         CAST(SUM(total_revenue) AS DECIMAL(18,2)) AS total_revenue
  FROM per_product
  GROUP BY category
)
SELECT category,
       total_orders,
       total_quantity_sold,
       total_revenue,
       CAST((CAST(SIGN(CAST((total_revenue) * 100 AS HUGEINT)) * ((2 * ABS(CAST((total_revenue) * 100 AS HUGEINT)) + NULLIF(total_orders, 0)) // (2 * NULLIF(total_orders, 0))) AS DECIMAL(38,0)) * 0.01) AS DECIMAL(18,2)) AS avg_order_value,
       'revenue' AS metric
FROM per_category
ORDER BY total_revenue DESC NULLS LAST, category NULLS LAST
LIMIT 5
