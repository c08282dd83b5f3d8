-- Loads product_specifications.xml from @SOURCE_FILES into BRONZE_PRODUCT_SPECIFICATIONS, one row per <specification>.
-- STRIP_OUTER_ELEMENT drops the <product_specifications> root so each <product> becomes one row.
CREATE OR REPLACE PROCEDURE usp_loadProductSpecification_xml()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
AS
$$
DECLARE
  loaded INTEGER DEFAULT 0;
BEGIN
  CREATE OR REPLACE TEMPORARY TABLE raw_specifications (v VARIANT);
  COPY INTO raw_specifications
    FROM @SOURCE_FILES/product_specifications.xml
    FILE_FORMAT = (TYPE = XML STRIP_OUTER_ELEMENT = TRUE)
    ON_ERROR = CONTINUE
    FORCE = TRUE;
  CREATE OR REPLACE TABLE BRONZE_PRODUCT_SPECIFICATIONS AS
  SELECT XMLGET(r.v, 'product_id'):"$"::VARCHAR AS product_id,
         'product_specifications.xml' AS source_file,
         CURRENT_TIMESTAMP()::TIMESTAMP_NTZ AS last_updated,
         XMLGET(i.value, 'name'):"$"::VARCHAR AS spec_name,
         XMLGET(i.value, 'value'):"$"::VARCHAR AS spec_value
  FROM raw_specifications AS r,
       LATERAL FLATTEN(input => r.v:"$") AS i
  WHERE GET(i.value, '@') = 'specification';
  loaded := (SELECT COUNT(*) FROM BRONZE_PRODUCT_SPECIFICATIONS);
  SYSTEM$LOG_INFO('BRONZE_PRODUCT_SPECIFICATIONS: ' || loaded || ' rows loaded');
  RETURN 'BRONZE_PRODUCT_SPECIFICATIONS: ' || loaded || ' rows loaded';
END;
$$;
