-- table: ANALYTICS_INVENTORY_PER_WAREHOUSE
-- Stock on hand per warehouse (every stock row, whatever its product).
SELECT warehouse_id,
       SUM(quantity) AS warehouse_stock
FROM BRONZE_INVENTORY
GROUP BY warehouse_id
ORDER BY warehouse_id NULLS LAST
