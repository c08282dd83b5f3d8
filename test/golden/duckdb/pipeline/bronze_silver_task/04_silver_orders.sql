-- table: SILVER_ORDERS
-- Orders (one per order_id) with the state of the customer who placed them.
WITH latest AS (
  SELECT *
  FROM BRONZE_ORDERS
  QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY last_updated DESC NULLS LAST) = 1
)
SELECT o.order_id,
       o.customer_id,
       o.order_date,
       o.total_amount,
       o.status,
       o.payment_method,
       o.created_date,
       o.last_updated,
       c.state
FROM latest AS o
LEFT JOIN SILVER_CUSTOMERS AS c ON c.customer_id = o.customer_id
ORDER BY o.order_id
