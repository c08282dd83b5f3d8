-- table: GOLD_CUSTOMER_INSIGHTS
-- One row per customer: orders placed, money spent, average order and the time of the last
-- order. A customer without orders is kept, as in the original's left join: 0 orders and NULL
-- totals, average and last order date (nothing was spent, rather than a spend of 0.00).
-- Written as an Iceberg table.
SELECT c.customer_id AS customer_id,
       c.state AS state,
       COUNT(o.order_id) AS total_orders,
       CAST(SUM(o.total_amount) AS DECIMAL(18,2)) AS total_spent,
       CAST({{ ratio_round(SUM(o.total_amount), COUNT(o.total_amount), 2) }} AS DECIMAL(18,2)) AS avg_order_value,
       MAX(o.order_date) AS last_order_date,
       CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS last_updated
FROM SILVER_CUSTOMERS AS c
LEFT JOIN SILVER_ORDERS AS o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.state
ORDER BY c.customer_id
