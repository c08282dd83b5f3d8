-- table: ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE
-- The 5 categories with the highest revenue sold; average order value is the category's
-- revenue per distinct order that contains it.
WITH sales AS (
  SELECT p.category,
         COUNT(DISTINCT oi.order_id) AS total_orders,
         SUM(oi.quantity) AS total_quantity_sold,
         CAST(SUM(oi.quantity * oi.unit_price) AS DECIMAL(18,2)) AS total_revenue
  FROM BRONZE_ORDER_ITEMS AS oi
  JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
  GROUP BY p.category
)
SELECT category,
       total_orders,
       total_quantity_sold,
       total_revenue,
       CAST(ROUND(total_revenue / NULLIF(total_orders, 0), 2) AS DECIMAL(18,2)) AS avg_order_value,
       'revenue' AS metric
FROM sales
ORDER BY total_revenue DESC, category
LIMIT 5
