-- table: ANALYTICS_MONTHLY_REVENUE
-- Revenue (sum of order totals) per calendar month ('YYYY-MM') of the order date.
SELECT strftime(order_date, '%Y-%m') AS order_month,
       CAST(SUM(total_amount) AS DECIMAL(18,2)) AS monthly_revenue
FROM SILVER_ORDERS
WHERE order_date IS NOT NULL
GROUP BY strftime(order_date, '%Y-%m')
ORDER BY order_month
