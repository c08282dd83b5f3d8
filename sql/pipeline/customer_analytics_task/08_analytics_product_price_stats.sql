-- table: ANALYTICS_PRODUCT_PRICE_STATS
-- List-price statistics per category of the catalog; products without a category form the
-- NULL category.
SELECT category,
       CAST({{ ratio_round(SUM(price), COUNT(price), 2) }} AS DECIMAL(18,2)) AS avg_price,
       CAST(MIN(price) AS DECIMAL(18,2)) AS min_price,
       CAST(MAX(price) AS DECIMAL(18,2)) AS max_price
FROM SILVER_PRODUCTS
GROUP BY category
ORDER BY category NULLS LAST
