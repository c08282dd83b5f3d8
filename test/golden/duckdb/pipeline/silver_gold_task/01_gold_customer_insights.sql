-- table: GOLD_CUSTOMER_INSIGHTS
-- One row per customer: orders placed, money spent, average order and last order date.
-- Customers without orders are kept with zero totals. Written as an Iceberg table.
SELECT c.customer_id AS customer_id,
       c.state AS state,
       COUNT(o.order_id) AS total_orders,
       CAST(COALESCE(SUM(o.total_amount), 0) AS DECIMAL(18,2)) AS total_spent,
       CAST(ROUND(AVG(o.total_amount), 2) AS DECIMAL(18,2)) AS avg_order_value,
       MAX(o.order_date) AS last_order_date,
       CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS last_updated
FROM SILVER_CUSTOMERS AS c
LEFT JOIN SILVER_ORDERS AS o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.state
ORDER BY c.customer_id
