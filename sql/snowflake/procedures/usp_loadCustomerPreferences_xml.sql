-- Loads customer_preferences.xml from @SOURCE_FILES into BRONZE_CUSTOMER_PREFERENCES, one row per <preference>.
-- The file has no single root element: each top-level <customer> element becomes one row.
CREATE OR REPLACE PROCEDURE usp_loadCustomerPreferences_xml()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
AS
$$
DECLARE
  loaded INTEGER DEFAULT 0;
BEGIN
  CREATE OR REPLACE TEMPORARY TABLE raw_preferences (v VARIANT);
  COPY INTO raw_preferences
    FROM @SOURCE_FILES/customer_preferences.xml
    FILE_FORMAT = (TYPE = XML STRIP_OUTER_ELEMENT = FALSE)
    ON_ERROR = CONTINUE
    FORCE = TRUE;
  CREATE OR REPLACE TABLE BRONZE_CUSTOMER_PREFERENCES AS
  SELECT XMLGET(r.v, 'customer_id'):"$"::VARCHAR AS customer_id,
         'customer_preferences.xml' AS source_file,
         CURRENT_TIMESTAMP()::TIMESTAMP_NTZ AS last_updated,
         XMLGET(i.value, 'type'):"$"::VARCHAR AS preference_type,
         XMLGET(i.value, 'value'):"$"::VARCHAR AS preference_value
  FROM raw_preferences AS r,
       LATERAL FLATTEN(input => r.v:"$") AS i
  WHERE GET(i.value, '@') = 'preference';
  loaded := (SELECT COUNT(*) FROM BRONZE_CUSTOMER_PREFERENCES);
  SYSTEM$LOG_INFO('BRONZE_CUSTOMER_PREFERENCES: ' || loaded || ' rows loaded');
  RETURN 'BRONZE_CUSTOMER_PREFERENCES: ' || loaded || ' rows loaded';
END;
$$;
