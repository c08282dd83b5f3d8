-- table: ANALYTICS_INVENTORY_PER_PRODUCT
-- Stock on hand per product across all warehouses.
SELECT i.product_id,
       p.product_name,
       p.category,
       SUM(i.quantity) AS total_stock
FROM BRONZE_INVENTORY AS i
LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = i.product_id
GROUP BY i.product_id, p.product_name, p.category
ORDER BY i.product_id
