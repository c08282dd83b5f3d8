-- table: ANALYTICS_PRODUCT_PRICE_STATS
-- List-price statistics per category of the catalog; products without a category form the
-- NULL category.
SELECT category,
       CAST((CAST(SIGN(CAST((SUM(price)) * 100 AS HUGEINT)) * ((2 * ABS(CAST((SUM(price)) * 100 AS HUGEINT)) + NULLIF(COUNT(price), 0)) // (2 * NULLIF(COUNT(price), 0))) AS DECIMAL(38,0)) * 0.01) AS DECIMAL(18,2)) AS avg_price,
       CAST(MIN(price) AS DECIMAL(18,2)) AS min_price,
       CAST(MAX(price) AS DECIMAL(18,2)) AS max_price
FROM SILVER_PRODUCTS
GROUP BY category
ORDER BY category NULLS LAST
