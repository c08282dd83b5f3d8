-- table: ANALYTICS_INVENTORY_PER_CATEGORY
-- Stock on hand per product category.
SELECT p.category,
       SUM(i.quantity) AS category_stock
FROM BRONZE_INVENTORY AS i
JOIN SILVER_PRODUCTS AS p ON p.product_id = i.product_id
GROUP BY p.category
ORDER BY p.category
