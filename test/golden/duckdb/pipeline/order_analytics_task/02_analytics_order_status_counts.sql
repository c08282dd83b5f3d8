-- table: ANALYTICS_ORDER_STATUS_COUNTS
-- Orders per month and status.
SELECT strftime(order_date, '%Y-%m') AS order_month,
       status,
       COUNT(*) AS count
FROM SILVER_ORDERS
WHERE order_date IS NOT NULL
GROUP BY strftime(order_date, '%Y-%m'), status
ORDER BY order_month, status
