-- table: ANALYTICS_ORDER_STATUS_COUNTS
-- Orders per month ('YYYY-MM') and status. Orders without a status are counted under a NULL
-- status, so the counts of a month add up to its orders (see README, "Differences").
SELECT TO_CHAR(order_date, 'YYYY-MM') AS order_month,
       status,
       COUNT(*) AS count
FROM SILVER_ORDERS
WHERE order_date IS NOT NULL
GROUP BY TO_CHAR(order_date, 'YYYY-MM'), status
ORDER BY order_month, status NULLS LAST
