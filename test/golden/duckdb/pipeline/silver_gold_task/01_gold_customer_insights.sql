-- table: GOLD_CUSTOMER_INSIGHTS
-- One row per customer: orders placed, money spent, average order and last order date.
-- Customers without orders are kept with zero totals. Written as an Iceberg table.
SELECT c.customer_id AS CUSTOMER_ID,
       c.state AS STATE,
       COUNT(o.order_id) AS TOTAL_ORDERS,
       CAST(COALESCE(SUM(o.total_amount), 0) AS DECIMAL(18,2)) AS TOTAL_SPENT,
       CAST(ROUND(AVG(o.total_amount), 2) AS DECIMAL(18,2)) AS AVG_ORDER_VALUE,
       MAX(o.order_date) AS LAST_ORDER_DATE,
       CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS LAST_UPDATED
FROM SILVER_CUSTOMERS AS c
LEFT JOIN SILVER_ORDERS AS o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.state
ORDER BY c.customer_id
