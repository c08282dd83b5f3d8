-- table: ANALYTICS_STATE_CATEGORY_ANALYSIS
-- For each product category, the 3 states with the highest revenue (order lines of orders
-- whose customer's state is known), with order count, quantity and average order value.
WITH lines AS (
  SELECT o.state,
         p.category,
         oi.order_id,
         oi.quantity,
         oi.quantity * oi.unit_price AS revenue
  FROM BRONZE_ORDER_ITEMS AS oi
  JOIN SILVER_ORDERS AS o ON o.order_id = oi.order_id
  JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
  WHERE o.state IS NOT NULL
),
per_state AS (
  SELECT state,
         category,
         COUNT(DISTINCT order_id) AS order_count,
         SUM(quantity) AS total_quantity,
         CAST(SUM(revenue) AS DECIMAL(18,2)) AS total_revenue
  FROM lines
  GROUP BY state, category
)
SELECT state,
       category,
       order_count,
       total_quantity,
       total_revenue,
       CAST(ROUND(total_revenue / NULLIF(order_count, 0), 2) AS DECIMAL(18,2)) AS avg_order_value
FROM per_state
QUALIFY ROW_NUMBER() OVER (PARTITION BY category ORDER BY total_revenue DESC, state) <= 3
ORDER BY category, total_revenue DESC, state
