-- table: SILVER_CUSTOMERS
-- Customers cleaned (latest version of each id; trimmed text, empty text as NULL, lower-case
-- email), with their preferences gathered into an array of {TYPE, VALUE} and the US state read
-- from the free-text address by the AI function (NULL when the address does not say or imply one).
WITH latest AS (
  SELECT customer_id,
         NULLIF(TRIM(first_name), '') AS first_name,
         NULLIF(TRIM(last_name), '') AS last_name,
         NULLIF(LOWER(TRIM(email)), '') AS email,
         NULLIF(TRIM(phone), '') AS phone,
         NULLIF(TRIM(address), '') AS address,
         created_date,
         last_updated
  FROM BRONZE_CUSTOMERS
  QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY last_updated DESC NULLS LAST) = 1
),
prefs AS (
  SELECT customer_id,
         {{ array_agg(object('TYPE', preference_type, 'VALUE', preference_value), preference_type, preference_value) }} AS preferences
  FROM BRONZE_CUSTOMER_PREFERENCES
  GROUP BY customer_id
),
answers AS (
  -- Distinct addresses only: the AI function runs once per address, not once per customer.
  SELECT address, {{ ai_us_state_answer(address) }} AS state_answer
  FROM (SELECT DISTINCT address FROM latest WHERE address IS NOT NULL) AS d
),
addresses AS (
  SELECT address, {{ us_state_code(state_answer) }} AS state
  FROM answers
)
SELECT c.customer_id,
       c.first_name,
       c.last_name,
       c.email,
       c.phone,
       c.address,
       c.created_date,
       c.last_updated,
       p.preferences,
       a.state
FROM latest AS c
LEFT JOIN prefs AS p ON p.customer_id = c.customer_id
LEFT JOIN addresses AS a ON a.address = c.address
ORDER BY c.customer_id
