-- table: ANALYTICS_CUSTOMER_STATS
-- Spend, order count and average order value per customer who ordered (orders joined to
-- their customer; orders of unknown customers have no name to group under, as in the original).
SELECT c.customer_id,
       c.first_name,
       c.last_name,
       CAST(SUM(o.total_amount) AS DECIMAL(18,2)) AS total_spend,
       COUNT(o.order_id) AS order_count,
       CAST(ROUND((SUM(o.total_amount)) / NULLIF(COUNT(o.total_amount), 0), 2) AS DECIMAL(18,2)) AS avg_order_value
FROM SILVER_CUSTOMERS AS c
JOIN SILVER_ORDERS AS o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.first_name, c.last_name
ORDER BY c.customer_id
