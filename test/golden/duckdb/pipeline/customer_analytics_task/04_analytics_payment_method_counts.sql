-- table: ANALYTICS_PAYMENT_METHOD_COUNTS
-- Orders per month ('YYYY-MM') and payment method; a missing method is its own NULL group.
SELECT strftime(order_date, '%Y-%m') AS order_month,
       payment_method,
       COUNT(*) AS count
FROM SILVER_ORDERS
WHERE order_date IS NOT NULL
GROUP BY strftime(order_date, '%Y-%m'), payment_method
ORDER BY order_month, payment_method NULLS LAST
