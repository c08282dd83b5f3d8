-- table: GOLD_PRODUCT_PERFORMANCE
-- Every product of the catalog with its monthly sales from the order lines: revenue (quantity x
-- unit price), distinct orders and average unit price, and the specifications for context. As
-- in the original, a product without sales has one row with NULL month and figures, lines whose
-- order is unknown count in a NULL month, and lines of products not in the catalog are left
-- out. The sales are aggregated first and the product attributes joined after, so the
-- specifications are not carried through the grouping (1 M groups at scale 1000).
WITH sales AS (
  SELECT oi.product_id,
         {{ month_start(o.order_date) }} AS order_month,
         CAST(SUM(oi.quantity * oi.unit_price) AS DECIMAL(18,2)) AS total_sales,
         COUNT(DISTINCT oi.order_id) AS total_orders,
         CAST({{ ratio_round(SUM(oi.unit_price), COUNT(oi.unit_price), 2) }} AS DECIMAL(18,2)) AS avg_price
  FROM BRONZE_ORDER_ITEMS AS oi
  LEFT JOIN SILVER_ORDERS AS o ON o.order_id = oi.order_id
  GROUP BY oi.product_id, {{ month_start(o.order_date) }}
)
SELECT p.product_id,
       p.product_name,
       p.category,
       s.order_month,
       s.total_sales,
       s.total_orders,
       s.avg_price,
       p.specifications
FROM SILVER_PRODUCTS AS p
LEFT JOIN sales AS s ON s.product_id = p.product_id
ORDER BY p.product_id, s.order_month NULLS LAST
