-- table: ANALYTICS_ORDER_STATUS_COUNTS
-- Orders per month and status.
SELECT {{ month_text(order_date) }} AS order_month,
       status,
       COUNT(*) AS count
FROM SILVER_ORDERS
WHERE order_date IS NOT NULL
GROUP BY {{ month_text(order_date) }}, status
ORDER BY order_month, status
