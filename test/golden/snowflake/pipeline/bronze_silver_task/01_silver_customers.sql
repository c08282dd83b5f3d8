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
         ARRAY_AGG(OBJECT_CONSTRUCT('TYPE', preference_type, 'VALUE', preference_value)) WITHIN GROUP (ORDER BY preference_type, preference_value) AS preferences
  FROM BRONZE_CUSTOMER_PREFERENCES
  GROUP BY customer_id
),
answers AS (
  -- Distinct addresses only: the AI function runs once per address, not once per customer.
  SELECT address, SNOWFLAKE.CORTEX.EXTRACT_ANSWER(address, 'What is the US state of this address?') AS state_answer
  FROM (SELECT DISTINCT address FROM latest WHERE address IS NOT NULL) AS d
),
addresses AS (
  SELECT address, IFF(UPPER(TRIM(REGEXP_REPLACE(IFF(IS_ARRAY(state_answer), state_answer[0]:answer::VARCHAR, state_answer::VARCHAR), '[^A-Za-z ]', ''))) IN ('AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'PR', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY'), UPPER(TRIM(REGEXP_REPLACE(IFF(IS_ARRAY(state_answer), state_answer[0]:answer::VARCHAR, state_answer::VARCHAR), '[^A-Za-z ]', ''))), DECODE(UPPER(TRIM(REGEXP_REPLACE(IFF(IS_ARRAY(state_answer), state_answer[0]:answer::VARCHAR, state_answer::VARCHAR), '[^A-Za-z ]', ''))), 'ALABAMA', 'AL', 'ALASKA', 'AK', 'ARIZONA', 'AZ', 'ARKANSAS', 'AR', 'CALIFORNIA', 'CA', 'COLORADO', 'CO', 'CONNECTICUT', 'CT', 'DELAWARE', 'DE', 'DISTRICT OF COLUMBIA', 'DC', 'FLORIDA', 'FL', 'GEORGIA', 'GA', 'HAWAII', 'HI', 'IDAHO', 'ID', 'ILLINOIS', 'IL', 'INDIANA', 'IN', 'IOWA', 'IA', 'KANSAS', 'KS', 'KENTUCKY', 'KY', 'LOUISIANA', 'LA', 'MAINE', 'ME', 'MARYLAND', 'MD', 'MASSACHUSETTS', 'MA', 'MICHIGAN', 'MI', 'MINNESOTA', 'MN', 'MISSISSIPPI', 'MS', 'MISSOURI', 'MO', 'MONTANA', 'MT', 'NEBRASKA', 'NE', 'NEVADA', 'NV', 'NEW HAMPSHIRE', 'NH', 'NEW JERSEY', 'NJ', 'NEW MEXICO', 'NM', 'NEW YORK', 'NY', 'NORTH CAROLINA', 'NC', 'NORTH DAKOTA', 'ND', 'OHIO', 'OH', 'OKLAHOMA', 'OK', 'OREGON', 'OR', 'PENNSYLVANIA', 'PA', 'PUERTO RICO', 'PR', 'RHODE ISLAND', 'RI', 'SOUTH CAROLINA', 'SC', 'SOUTH DAKOTA', 'SD', 'TENNESSEE', 'TN', 'TEXAS', 'TX', 'UTAH', 'UT', 'VERMONT', 'VT', 'VIRGINIA', 'VA', 'WASHINGTON', 'WA', 'WEST VIRGINIA', 'WV', 'WISCONSIN', 'WI', 'WYOMING', 'WY', NULL)) AS state
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
