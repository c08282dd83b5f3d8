-- table: ANALYTICS_STATE_CATEGORY_ANALYSIS
-- For each product category, the states with the 3 highest revenues by RANK(): ties at the
-- 3rd place are all kept, as in the original. Built as the original builds it: every order,
-- LEFT-joined to its lines and their products, so lines of unknown products form the NULL
-- category, orders whose customer's state is unknown the NULL state, and an order without
-- lines counts in the NULL category with no quantity or revenue (ranked after any revenue).
-- avg_order_value is revenue per distinct order.
WITH lines AS (
  SELECT o.state,
         p.category,
         o.order_id,
         oi.quantity,
         oi.quantity * oi.unit_price AS revenue
  FROM SILVER_ORDERS AS o
  LEFT JOIN BRONZE_ORDER_ITEMS AS oi ON oi.order_id = o.order_id
  LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
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
       CAST({{ ratio_round(total_revenue, order_count, 2) }} AS DECIMAL(18,2)) AS avg_order_value
FROM per_state
QUALIFY RANK() OVER (PARTITION BY category ORDER BY total_revenue DESC NULLS LAST) <= 3
ORDER BY category NULLS LAST, total_revenue DESC NULLS LAST, state NULLS LAST
