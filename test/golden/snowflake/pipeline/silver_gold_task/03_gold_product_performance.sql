-- table: GOLD_PRODUCT_PERFORMANCE
-- Monthly sales per product from the order lines: revenue (quantity x unit price), distinct
-- orders and average unit price, with the product's specifications for context.
SELECT p.product_id,
       p.product_name,
       p.category,
       DATE_TRUNC('MONTH', o.order_date) AS order_month,
       CAST(SUM(oi.quantity * oi.unit_price) AS DECIMAL(18,2)) AS total_sales,
       COUNT(DISTINCT oi.order_id) AS total_orders,
       CAST(ROUND(AVG(oi.unit_price), 2) AS DECIMAL(18,2)) AS avg_price,
       ANY_VALUE(p.specifications) AS specifications
FROM BRONZE_ORDER_ITEMS AS oi
JOIN SILVER_ORDERS AS o ON o.order_id = oi.order_id
JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
GROUP BY p.product_id, p.product_name, p.category, DATE_TRUNC('MONTH', o.order_date)
ORDER BY p.product_id, order_month
