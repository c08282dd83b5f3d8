-- ===== admin (run as ACCOUNTADMIN; can be handed to an administrator) =====
-- use the account administrator role
USE ROLE ACCOUNTADMIN;
-- create the pipeline role
CREATE ROLE IF NOT EXISTS "RETAIL_PIPELINE_ROLE";
-- let the role create the database and warehouse
GRANT CREATE DATABASE, CREATE WAREHOUSE ON ACCOUNT TO ROLE "RETAIL_PIPELINE_ROLE";
-- let the role run tasks
GRANT EXECUTE TASK, EXECUTE MANAGED TASK ON ACCOUNT TO ROLE "RETAIL_PIPELINE_ROLE";
-- let the role create the external access integration for MySQL
GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE "RETAIL_PIPELINE_ROLE";
-- let the role call Cortex AI functions
GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE "RETAIL_PIPELINE_ROLE";
-- let the role write Iceberg tables on the external volume
GRANT USAGE ON EXTERNAL VOLUME "RETAIL_ICEBERG_VOLUME" TO ROLE "RETAIL_PIPELINE_ROLE";
-- let the role install PyPI packages (pymysql) through the shared artifact repository
GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE "RETAIL_PIPELINE_ROLE";
-- keep the role under SYSADMIN
GRANT ROLE "RETAIL_PIPELINE_ROLE" TO ROLE SYSADMIN;
-- remember the user running this part (the deploying user unless --deploy-user names another)
SET deploy_user = CURRENT_USER();
-- grant the pipeline role to the deploying user
GRANT ROLE "RETAIL_PIPELINE_ROLE" TO USER IDENTIFIER($deploy_user);
-- use the pipeline role to create the event table it owns
USE ROLE "RETAIL_PIPELINE_ROLE";
-- create the event table's database
CREATE DATABASE IF NOT EXISTS "RETAIL_PIPELINE";
-- create the event table's schema
CREATE SCHEMA IF NOT EXISTS "RETAIL_PIPELINE"."RETAIL";
-- create the event table
CREATE EVENT TABLE IF NOT EXISTS "RETAIL_PIPELINE"."RETAIL"."RETAIL_EVENTS";
-- back to the account administrator role
USE ROLE ACCOUNTADMIN;
-- send the account's telemetry to the event table
ALTER ACCOUNT SET EVENT_TABLE = "RETAIL_PIPELINE"."RETAIL"."RETAIL_EVENTS";

-- ===== setup =====
-- use the pipeline role
USE ROLE "RETAIL_PIPELINE_ROLE";
-- create the warehouse (suspended until used)
CREATE WAREHOUSE IF NOT EXISTS "RETAIL_WH"
  WAREHOUSE_SIZE = XSMALL
  AUTO_SUSPEND = 60
  AUTO_RESUME = TRUE
  INITIALLY_SUSPENDED = TRUE;
-- use the warehouse
USE WAREHOUSE "RETAIL_WH";
-- create the database
CREATE DATABASE IF NOT EXISTS "RETAIL_PIPELINE";
-- create the schema
CREATE SCHEMA IF NOT EXISTS "RETAIL_PIPELINE"."RETAIL";
-- use the schema
USE SCHEMA "RETAIL_PIPELINE"."RETAIL";
-- create the source files stage
CREATE STAGE IF NOT EXISTS SOURCE_FILES
  DIRECTORY = (ENABLE = TRUE)
  COMMENT = 'Retail pipeline source files (reviews JSON, preferences and specifications XML)';
-- create the code files stage
CREATE STAGE IF NOT EXISTS CODEFILES
  DIRECTORY = (ENABLE = TRUE)
  COMMENT = 'Retail pipeline charts and code';
-- create the event table
CREATE EVENT TABLE IF NOT EXISTS "RETAIL_PIPELINE"."RETAIL"."RETAIL_EVENTS";
-- record logs, traces and metrics of the pipeline's procedures
ALTER DATABASE "RETAIL_PIPELINE" SET LOG_LEVEL = 'DEBUG' TRACE_LEVEL = 'ALWAYS' METRIC_LEVEL = 'ALL';
-- create BRONZE_CUSTOMERS
CREATE TABLE IF NOT EXISTS BRONZE_CUSTOMERS (
  CUSTOMER_ID VARCHAR,
  FIRST_NAME VARCHAR,
  LAST_NAME VARCHAR,
  EMAIL VARCHAR,
  PHONE VARCHAR,
  ADDRESS VARCHAR,
  CREATED_DATE TIMESTAMP_NTZ,
  LAST_UPDATED TIMESTAMP_NTZ
);
-- create BRONZE_PRODUCTS
CREATE TABLE IF NOT EXISTS BRONZE_PRODUCTS (
  PRODUCT_ID VARCHAR,
  PRODUCT_NAME VARCHAR,
  CATEGORY VARCHAR,
  PRICE NUMBER(10,2),
  DESCRIPTION VARCHAR,
  CREATED_DATE TIMESTAMP_NTZ,
  LAST_UPDATED TIMESTAMP_NTZ
);
-- create BRONZE_ORDERS
CREATE TABLE IF NOT EXISTS BRONZE_ORDERS (
  ORDER_ID VARCHAR,
  CUSTOMER_ID VARCHAR,
  ORDER_DATE TIMESTAMP_NTZ,
  TOTAL_AMOUNT NUMBER(10,2),
  STATUS VARCHAR,
  PAYMENT_METHOD VARCHAR,
  CREATED_DATE TIMESTAMP_NTZ,
  LAST_UPDATED TIMESTAMP_NTZ
);
-- create BRONZE_INVENTORY
CREATE TABLE IF NOT EXISTS BRONZE_INVENTORY (
  INVENTORY_ID VARCHAR,
  PRODUCT_ID VARCHAR,
  QUANTITY NUMBER(10,0),
  WAREHOUSE_ID VARCHAR,
  LAST_UPDATED TIMESTAMP_NTZ
);
-- create BRONZE_ORDER_ITEMS
CREATE TABLE IF NOT EXISTS BRONZE_ORDER_ITEMS (
  ORDER_ID VARCHAR,
  PRODUCT_ID VARCHAR,
  QUANTITY NUMBER(10,0),
  UNIT_PRICE NUMBER(10,2),
  CREATED_DATE TIMESTAMP_NTZ,
  LAST_UPDATED TIMESTAMP_NTZ
);
-- create BRONZE_PRODUCT_REVIEWS
CREATE TABLE IF NOT EXISTS BRONZE_PRODUCT_REVIEWS (
  REVIEW_ID VARCHAR,
  PRODUCT_ID VARCHAR,
  CUSTOMER_ID VARCHAR,
  RATING NUMBER(3,1),
  TITLE VARCHAR,
  CONTENT VARCHAR,
  REVIEW_DATE DATE,
  VERIFIED_PURCHASE BOOLEAN,
  HELPFUL_VOTES NUMBER(10,0),
  ASPECTS VARIANT
);
-- create BRONZE_CUSTOMER_PREFERENCES
CREATE TABLE IF NOT EXISTS BRONZE_CUSTOMER_PREFERENCES (
  CUSTOMER_ID VARCHAR,
  SOURCE_FILE VARCHAR,
  LAST_UPDATED TIMESTAMP_NTZ,
  PREFERENCE_TYPE VARCHAR,
  PREFERENCE_VALUE VARCHAR
);
-- create BRONZE_PRODUCT_SPECIFICATIONS
CREATE TABLE IF NOT EXISTS BRONZE_PRODUCT_SPECIFICATIONS (
  PRODUCT_ID VARCHAR,
  SOURCE_FILE VARCHAR,
  LAST_UPDATED TIMESTAMP_NTZ,
  SPEC_NAME VARCHAR,
  SPEC_VALUE VARCHAR
);
-- create GE_VALIDATION_RESULTS
CREATE TABLE IF NOT EXISTS GE_VALIDATION_RESULTS (
  RUN_STATUS BOOLEAN,
  RUN_ID VARIANT,
  RUN_VALIDATION VARIANT,
  SUITE_NAME VARCHAR,
  VALIDATED_AT TIMESTAMP_NTZ
);

-- ===== integrations =====
-- allow egress to the MySQL server only
CREATE OR REPLACE NETWORK RULE mysql_network_rule
  MODE = EGRESS
  TYPE = HOST_PORT
  VALUE_LIST = ('mysql.example.com:3306');
-- store the MySQL credentials as a secret (secrets bound at deploy time: mysql_user, mysql_password)
CREATE OR REPLACE SECRET mysql_cred
  TYPE = PASSWORD
  USERNAME = :mysql_user
  PASSWORD = :mysql_password;
-- store the MySQL host:port as a secret
CREATE OR REPLACE SECRET mysql_hostname
  TYPE = GENERIC_STRING
  SECRET_STRING = 'mysql.example.com:3306';
-- create the external access integration for MySQL
CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION mysql_access_integration
  ALLOWED_NETWORK_RULES = (mysql_network_rule)
  ALLOWED_AUTHENTICATION_SECRETS = (mysql_cred, mysql_hostname)
  ENABLED = TRUE;

-- ===== iceberg =====
-- create the Iceberg table GOLD_CUSTOMER_INSIGHTS
CREATE ICEBERG TABLE IF NOT EXISTS GOLD_CUSTOMER_INSIGHTS (
  CUSTOMER_ID STRING,
  STATE STRING,
  TOTAL_ORDERS BIGINT,
  TOTAL_SPENT NUMBER(18,2),
  AVG_ORDER_VALUE NUMBER(18,2),
  LAST_ORDER_DATE TIMESTAMP_NTZ(6),
  LAST_UPDATED TIMESTAMP_NTZ(6)
)
  CATALOG = 'SNOWFLAKE'
  EXTERNAL_VOLUME = 'RETAIL_ICEBERG_VOLUME'
  BASE_LOCATION = 'retail_gold_layer/GOLD_CUSTOMER_INSIGHTS/'
  STORAGE_SERIALIZATION_POLICY = OPTIMIZED;
-- create the Iceberg table GOLD_PRODUCT_REVIEWS_ANALYTICS
CREATE ICEBERG TABLE IF NOT EXISTS GOLD_PRODUCT_REVIEWS_ANALYTICS (
  PRODUCT_ID STRING,
  AVG_RATING DOUBLE,
  TOTAL_REVIEWS BIGINT,
  VERIFIED_REVIEWS BIGINT,
  AVG_BATTERY_RATING DOUBLE,
  AVG_QUALITY_RATING DOUBLE,
  AVG_VALUE_RATING DOUBLE,
  POSITIVE_REVIEWS BIGINT,
  NEGATIVE_REVIEWS BIGINT,
  LAST_UPDATED TIMESTAMP_NTZ(6)
)
  CATALOG = 'SNOWFLAKE'
  EXTERNAL_VOLUME = 'RETAIL_ICEBERG_VOLUME'
  BASE_LOCATION = 'retail_gold_layer/GOLD_PRODUCT_REVIEWS_ANALYTICS/'
  STORAGE_SERIALIZATION_POLICY = OPTIMIZED;

-- ===== stage =====
-- upload product_reviews.json to @SOURCE_FILES
PUT 'file:///data/retail/product_reviews.json' @SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
-- upload customer_preferences.xml to @SOURCE_FILES
PUT 'file:///data/retail/customer_preferences.xml' @SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
-- upload product_specifications.xml to @SOURCE_FILES
PUT 'file:///data/retail/product_specifications.xml' @SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE;

-- ===== procedures =====
-- create usp_loadMySQLData (Python, over the external access integration)
CREATE OR REPLACE PROCEDURE usp_loadMySQLData(source VARCHAR, source_table VARCHAR, dest_table VARCHAR)
RETURNS VARCHAR
LANGUAGE PYTHON
RUNTIME_VERSION = '3.11'
ARTIFACT_REPOSITORY = snowflake.snowpark.pypi_shared_repository
PACKAGES = ('snowflake-snowpark-python', 'pymysql', 'snowflake-telemetry-python')
HANDLER = 'run'
EXTERNAL_ACCESS_INTEGRATIONS = (mysql_access_integration)
SECRETS = ('mysql_cred' = mysql_cred, 'mysql_hostname' = mysql_hostname)
EXECUTE AS CALLER
AS
$$
MYSQL_DATABASE = "retail_db"
TASK_NAMES = {"customers": "mysql_customer_task", "products": "mysql_product_task", "inventory": "mysql_inventory_task", "orders": "mysql_order_task", "order_items": "mysql_order_items_task"}
# Body of usp_loadMySQLData(source, source_table, dest_table): reads one retail_db table over the
# external access integration with Snowpark's DB-API reader and overwrites the bronze table.
# The MySQL credentials and host come from the secrets bound to the procedure (mysql_cred,
# mysql_hostname), never from arguments, the code or logs.
import logging

import _snowflake
import pymysql
from snowflake import telemetry
from snowflake.snowpark import Session

logger = logging.getLogger("retail_pipeline")

ALLOWED_TABLES = {"customers", "products", "orders", "inventory", "order_items"}
PARTITION_COLUMN = {"customers": "customer_id", "products": "product_id", "orders": "order_id",
                    "inventory": "inventory_id", "order_items": "order_id"}
PARTITIONS = 4
DEFAULT_PORT = 3306


def partition_predicates(key: str, n: int = PARTITIONS) -> list:
    """WHERE conditions that split a table into n parallel reads, each row in exactly one.

    session.read.dbapi's column/lower_bound/upper_bound/num_partitions split a numeric or date
    column into strides; the retail_db keys are VARCHAR ids (CUST0001 …), so the reader's
    `predicates` are used instead: a hash of the key (MySQL's CRC32) modulo n. A NULL key (a
    table without a primary key) goes to the last partition, so no row is left out.
    """
    quoted = "`" + key.replace("`", "``") + "`"
    preds = [f"MOD(CRC32({quoted}), {n}) = {i}" for i in range(n)]
    preds[-1] = f"({preds[-1]} OR {quoted} IS NULL)"
    return preds


def add_row_events(task: str, rows: int) -> None:
    """The span events the local runner writes (src/core/telemetry/task-telemetry.ts): the
    DB-API reader loads every row it reads, so read = written and none are rejected."""
    telemetry.add_event("rows_read", {"snow.input.rows": rows})
    telemetry.add_event("rows_written", {"snow.output.rows": rows})
    telemetry.add_event("rows_rejected", {"retail.rejected.rows": 0})
    logger.debug("rows read %d, written %d, rejected 0", rows, rows)
    telemetry.add_event("task_finished", {"snow.task.name": task, "snow.task.state": "SUCCEEDED"})


def run(session: Session, source: str, source_table: str, dest_table: str) -> str:
    task = TASK_NAMES.get(source_table, source_table)
    telemetry.add_event("task_started", {"snow.task.name": task})
    try:
        return load(session, source, source_table, dest_table, task)
    except Exception as e:
        telemetry.add_event("task_finished", {"snow.task.name": task, "snow.task.state": "FAILED"})
        logger.error("%s failed: %s", task, e)
        raise


def load(session: Session, source: str, source_table: str, dest_table: str, task: str) -> str:
    if source_table not in ALLOWED_TABLES:
        raise ValueError(f"source_table must be one of {sorted(ALLOWED_TABLES)}, got {source_table!r}")
    if not dest_table.isidentifier():
        raise ValueError(f"dest_table must be an identifier, got {dest_table!r}")
    cred = _snowflake.get_username_password("mysql_cred")
    host, _, port = _snowflake.get_generic_secret_string("mysql_hostname").strip().rpartition(":")
    if not host:
        host, port = port, str(DEFAULT_PORT)

    def connect():
        return pymysql.connect(host=host, port=int(port), user=cred.username, password=cred.password,
                               database=MYSQL_DATABASE, charset="utf8mb4")

    df = session.read.dbapi(connect, table=source_table, predicates=partition_predicates(PARTITION_COLUMN[source_table]),
                            max_workers=PARTITIONS, fetch_size=10000)
    df.write.mode("overwrite").save_as_table(dest_table)
    rows = session.table(dest_table).count()
    logger.info("%s: %d rows loaded from %s.%s", dest_table, rows, source, source_table)
    add_row_events(task, rows)
    return f"{dest_table}: {rows} rows loaded from {source}.{source_table}"
$$;
-- create usp_loadProductReviews_json
CREATE OR REPLACE PROCEDURE usp_loadProductReviews_json()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
AS
$$
DECLARE
  loaded INTEGER DEFAULT 0;
  rows_read INTEGER DEFAULT 0;
  rows_rejected INTEGER DEFAULT 0;
  copy_query VARCHAR;
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'productreview_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  CREATE OR REPLACE TEMPORARY TABLE raw_product_reviews (v VARIANT);
  COPY INTO raw_product_reviews
    FROM @SOURCE_FILES/product_reviews.json
    FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE)
    ON_ERROR = CONTINUE
    FORCE = TRUE;
  copy_query := SQLID;
  CREATE OR REPLACE TABLE BRONZE_PRODUCT_REVIEWS AS
  SELECT v:review_id::VARCHAR AS review_id,
         v:product_id::VARCHAR AS product_id,
         v:customer_id::VARCHAR AS customer_id,
         TRY_TO_DECIMAL(v:rating::VARCHAR, 3, 1) AS rating,
         v:title::VARCHAR AS title,
         v:content::VARCHAR AS content,
         TRY_TO_DATE(v:date::VARCHAR) AS review_date,
         v:verified_purchase::BOOLEAN AS verified_purchase,
         TRY_TO_NUMBER(v:helpful_votes::VARCHAR) AS helpful_votes,
         v:aspects AS aspects
  FROM raw_product_reviews;
  loaded := (SELECT COUNT(*) FROM BRONZE_PRODUCT_REVIEWS);
  SELECT COALESCE(SUM("rows_parsed"), 0), COALESCE(SUM("errors_seen"), 0) INTO :rows_read, :rows_rejected
    FROM TABLE(RESULT_SCAN(:copy_query));
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', rows_read);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', loaded);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', rows_rejected);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || rows_read || ', written ' || loaded || ', rejected ' || rows_rejected);
  SYSTEM$LOG_INFO('BRONZE_PRODUCT_REVIEWS: ' || loaded || ' rows loaded, ' || rows_rejected || ' rejected of ' || rows_read || ' read');
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'productreview_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN 'BRONZE_PRODUCT_REVIEWS: ' || loaded || ' rows loaded, ' || rows_rejected || ' rejected of ' || rows_read || ' read';
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'productreview_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('productreview_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
-- create usp_loadCustomerPreferences_xml from the manifest's XML mapping
CREATE OR REPLACE PROCEDURE usp_loadCustomerPreferences_xml()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'load customer_preferences.xml -> BRONZE_CUSTOMER_PREFERENCES'
AS
$$
DECLARE
  loaded INTEGER DEFAULT 0;
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'customer_preferences_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  CREATE OR REPLACE TEMPORARY TABLE raw_customer_preferences_xml (doc VARCHAR);
  COPY INTO raw_customer_preferences_xml
    FROM @SOURCE_FILES/customer_preferences.xml
    FILE_FORMAT = (TYPE = CSV FIELD_DELIMITER = NONE RECORD_DELIMITER = NONE ESCAPE_UNENCLOSED_FIELD = NONE FIELD_OPTIONALLY_ENCLOSED_BY = NONE ENCODING = 'UTF8')
    ON_ERROR = ABORT_STATEMENT
    FORCE = TRUE;
  CREATE OR REPLACE TABLE BRONZE_CUSTOMER_PREFERENCES AS
  WITH parsed AS (
    SELECT PARSE_XML('<rows>' || REGEXP_REPLACE(doc, '^\\s*<\\?xml[^>]*\\?>', '') || '</rows>') AS root
    FROM raw_customer_preferences_xml
  ),
  records AS (
    SELECT r.value AS rec
    FROM parsed, LATERAL FLATTEN(input => parsed.root, RECURSIVE => TRUE) AS r
    WHERE GET(r.value, '@') = 'customer'
  )
  SELECT XMLGET(records.rec, 'customer_id'):"$"::VARCHAR AS customer_id,
         'customer_preferences.xml' AS source_file,
         CURRENT_TIMESTAMP()::TIMESTAMP_NTZ AS last_updated,
         XMLGET(item.value, 'type'):"$"::VARCHAR AS preference_type,
         XMLGET(item.value, 'value'):"$"::VARCHAR AS preference_value
  FROM records,
       LATERAL FLATTEN(input => TO_ARRAY(records.rec:"$")) AS item
  WHERE GET(item.value, '@') = 'preference';
  loaded := (SELECT COUNT(*) FROM BRONZE_CUSTOMER_PREFERENCES);
  SYSTEM$LOG_INFO('BRONZE_CUSTOMER_PREFERENCES: ' || loaded || ' rows loaded');
  -- Every <preference> of the file becomes a row (ON_ERROR = ABORT_STATEMENT fails the whole
  -- file instead of skipping a part), so rows read = rows written and none are rejected.
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', loaded);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', loaded);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', 0);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || loaded || ', written ' || loaded || ', rejected ' || 0);
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'customer_preferences_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN 'BRONZE_CUSTOMER_PREFERENCES: ' || loaded || ' rows loaded';
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'customer_preferences_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('customer_preferences_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
-- create usp_loadProductSpecification_xml from the manifest's XML mapping
CREATE OR REPLACE PROCEDURE usp_loadProductSpecification_xml()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'load product_specifications.xml -> BRONZE_PRODUCT_SPECIFICATIONS'
AS
$$
DECLARE
  loaded INTEGER DEFAULT 0;
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'product_specification_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  CREATE OR REPLACE TEMPORARY TABLE raw_product_specifications_xml (doc VARCHAR);
  COPY INTO raw_product_specifications_xml
    FROM @SOURCE_FILES/product_specifications.xml
    FILE_FORMAT = (TYPE = CSV FIELD_DELIMITER = NONE RECORD_DELIMITER = NONE ESCAPE_UNENCLOSED_FIELD = NONE FIELD_OPTIONALLY_ENCLOSED_BY = NONE ENCODING = 'UTF8')
    ON_ERROR = ABORT_STATEMENT
    FORCE = TRUE;
  CREATE OR REPLACE TABLE BRONZE_PRODUCT_SPECIFICATIONS AS
  WITH parsed AS (
    SELECT PARSE_XML('<rows>' || REGEXP_REPLACE(doc, '^\\s*<\\?xml[^>]*\\?>', '') || '</rows>') AS root
    FROM raw_product_specifications_xml
  ),
  records AS (
    SELECT r.value AS rec
    FROM parsed, LATERAL FLATTEN(input => parsed.root, RECURSIVE => TRUE) AS r
    WHERE GET(r.value, '@') = 'product'
  )
  SELECT XMLGET(records.rec, 'product_id'):"$"::VARCHAR AS product_id,
         'product_specifications.xml' AS source_file,
         CURRENT_TIMESTAMP()::TIMESTAMP_NTZ AS last_updated,
         XMLGET(item.value, 'name'):"$"::VARCHAR AS spec_name,
         XMLGET(item.value, 'value'):"$"::VARCHAR AS spec_value
  FROM records,
       LATERAL FLATTEN(input => TO_ARRAY(records.rec:"$")) AS item
  WHERE GET(item.value, '@') = 'specification';
  loaded := (SELECT COUNT(*) FROM BRONZE_PRODUCT_SPECIFICATIONS);
  SYSTEM$LOG_INFO('BRONZE_PRODUCT_SPECIFICATIONS: ' || loaded || ' rows loaded');
  -- Every <specification> of the file becomes a row (ON_ERROR = ABORT_STATEMENT fails the whole
  -- file instead of skipping a part), so rows read = rows written and none are rejected.
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', loaded);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', loaded);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', 0);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || loaded || ', written ' || loaded || ', rejected ' || 0);
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'product_specification_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN 'BRONZE_PRODUCT_SPECIFICATIONS: ' || loaded || ' rows loaded';
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'product_specification_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('product_specification_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
-- create usp_loadBronzeToSilver from sql/pipeline/bronze_silver_task/
CREATE OR REPLACE PROCEDURE usp_loadBronzeToSilver()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'clean and enrich bronze into silver (preferences/specifications arrays, sentiment, state)'
AS
$$
DECLARE
  rows_read INTEGER DEFAULT 0;
  rows_written INTEGER DEFAULT 0;
  total_written INTEGER DEFAULT 0;
  summary VARCHAR DEFAULT '';
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'bronze_silver_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  rows_read := (SELECT (SELECT COUNT(*) FROM BRONZE_PRODUCT_REVIEWS) + (SELECT COUNT(*) FROM BRONZE_CUSTOMER_PREFERENCES) + (SELECT COUNT(*) FROM BRONZE_PRODUCT_SPECIFICATIONS) + (SELECT COUNT(*) FROM BRONZE_CUSTOMERS) + (SELECT COUNT(*) FROM BRONZE_PRODUCTS) + (SELECT COUNT(*) FROM BRONZE_INVENTORY) + (SELECT COUNT(*) FROM BRONZE_ORDERS) + (SELECT COUNT(*) FROM BRONZE_ORDER_ITEMS));
  SYSTEM$LOG_DEBUG('bronze_silver_task: ' || rows_read || ' rows in BRONZE_PRODUCT_REVIEWS, BRONZE_CUSTOMER_PREFERENCES, BRONZE_PRODUCT_SPECIFICATIONS, BRONZE_CUSTOMERS, BRONZE_PRODUCTS, BRONZE_INVENTORY, BRONZE_ORDERS, BRONZE_ORDER_ITEMS');
  -- pipeline/bronze_silver_task/01_silver_customers.sql
  CREATE OR REPLACE TABLE SILVER_CUSTOMERS AS
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
  ORDER BY c.customer_id;
  rows_written := (SELECT COUNT(*) FROM SILVER_CUSTOMERS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('SILVER_CUSTOMERS: ' || rows_written || ' rows');
  summary := summary || 'SILVER_CUSTOMERS: ' || rows_written || ' rows; ';
  -- pipeline/bronze_silver_task/02_silver_products.sql
  CREATE OR REPLACE TABLE SILVER_PRODUCTS AS
  WITH latest AS (
    SELECT *
    FROM BRONZE_PRODUCTS
    QUALIFY ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY last_updated DESC NULLS LAST) = 1
  ),
  specs AS (
    SELECT product_id,
           ARRAY_AGG(OBJECT_CONSTRUCT('NAME', spec_name, 'VALUE', spec_value)) WITHIN GROUP (ORDER BY spec_name, spec_value) AS specifications
    FROM BRONZE_PRODUCT_SPECIFICATIONS
    GROUP BY product_id
  )
  SELECT p.product_id,
         NULLIF(TRIM(p.product_name), '') AS product_name,
         NULLIF(TRIM(p.category), '') AS category,
         p.price,
         NULLIF(TRIM(p.description), '') AS description,
         p.created_date,
         p.last_updated,
         s.specifications
  FROM latest AS p
  LEFT JOIN specs AS s ON s.product_id = p.product_id
  ORDER BY p.product_id;
  rows_written := (SELECT COUNT(*) FROM SILVER_PRODUCTS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('SILVER_PRODUCTS: ' || rows_written || ' rows');
  summary := summary || 'SILVER_PRODUCTS: ' || rows_written || ' rows; ';
  -- pipeline/bronze_silver_task/03_silver_product_reviews.sql
  CREATE OR REPLACE TABLE SILVER_PRODUCT_REVIEWS AS
  WITH reviews AS (
    SELECT *
    FROM BRONZE_PRODUCT_REVIEWS
    QUALIFY ROW_NUMBER() OVER (PARTITION BY review_id ORDER BY review_date DESC NULLS LAST) = 1
  ),
  scored AS (
    SELECT r.*,
           SNOWFLAKE.CORTEX.SENTIMENT(r.content) AS sentiment_value
    FROM reviews AS r
  )
  SELECT review_id,
         product_id,
         customer_id,
         rating,
         title,
         content,
         review_date,
         verified_purchase,
         helpful_votes,
         aspects,
         CASE WHEN sentiment_value IS NULL THEN NULL WHEN sentiment_value > 0.5 THEN 'Positive' WHEN sentiment_value < -0.5 THEN 'Negative' ELSE 'Neutral' END AS sentiment_score
  FROM scored
  ORDER BY review_id;
  rows_written := (SELECT COUNT(*) FROM SILVER_PRODUCT_REVIEWS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('SILVER_PRODUCT_REVIEWS: ' || rows_written || ' rows');
  summary := summary || 'SILVER_PRODUCT_REVIEWS: ' || rows_written || ' rows; ';
  -- pipeline/bronze_silver_task/04_silver_orders.sql
  CREATE OR REPLACE TABLE SILVER_ORDERS AS
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
  ORDER BY o.order_id;
  rows_written := (SELECT COUNT(*) FROM SILVER_ORDERS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('SILVER_ORDERS: ' || rows_written || ' rows');
  summary := summary || 'SILVER_ORDERS: ' || rows_written || ' rows; ';
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', rows_read);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', total_written);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', 0);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || rows_read || ', written ' || total_written || ', rejected ' || 0);
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'bronze_silver_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN summary;
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'bronze_silver_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('bronze_silver_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
-- create usp_generateValidationResults from the suites in sql/quality/
CREATE OR REPLACE PROCEDURE usp_generateValidationResults()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'run the expectation suites (sql/quality) on bronze and silver; one GE_VALIDATION_RESULTS row per suite'
AS
$$
DECLARE
  run_time VARCHAR DEFAULT TO_VARCHAR(CURRENT_TIMESTAMP(), 'YYYY-MM-DD"T"HH24:MI:SS.FF3TZH:TZM');
  run_name VARCHAR DEFAULT TO_VARCHAR(CURRENT_TIMESTAMP(), 'YYYYMMDD"T"HH24MISS.FF6"Z"');
  suites_run INTEGER DEFAULT 0;
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'data_validation_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  -- suite bronze_customers on BRONZE_CUSTOMERS (bronze_customers.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"customer_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"customer_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v, COUNT(*) OVER (PARTITION BY "CUSTOMER_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v, COUNT(*) OVER (PARTITION BY "CUSTOMER_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_match_regex","kwargs":{"column":"customer_id","regex":"^CUST[0-9]+$"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^CUST[0-9]+$') > 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^CUST[0-9]+$') > 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 0.95) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 0.95), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_match_regex","kwargs":{"column":"email","regex":"^[^@ ]+@[^@ ]+\\\\.[A-Za-z]{2,}$","mostly":0.95}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "EMAIL" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}$') > 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_CUSTOMERS"), scored AS (SELECT "EMAIL" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}$') > 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'bronze_customers', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'BRONZE_CUSTOMERS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'bronze_customers',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite bronze_inventory on BRONZE_INVENTORY (bronze_inventory.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"inventory_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "INVENTORY_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "INVENTORY_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"inventory_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "INVENTORY_ID" AS v, COUNT(*) OVER (PARTITION BY "INVENTORY_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "INVENTORY_ID" AS v, COUNT(*) OVER (PARTITION BY "INVENTORY_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"quantity","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "QUANTITY" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "QUANTITY" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_match_regex","kwargs":{"column":"warehouse_id","regex":"^WH[0-9]+$"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "WAREHOUSE_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^WH[0-9]+$') > 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_INVENTORY"), scored AS (SELECT "WAREHOUSE_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^WH[0-9]+$') > 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'bronze_inventory', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'BRONZE_INVENTORY'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'bronze_inventory',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite bronze_order_items on BRONZE_ORDER_ITEMS (bronze_order_items.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"order_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "ORDER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "ORDER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"product_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "PRODUCT_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "PRODUCT_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"quantity","min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "QUANTITY" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "QUANTITY" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"unit_price","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "UNIT_PRICE" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDER_ITEMS"), scored AS (SELECT "UNIT_PRICE" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'bronze_order_items', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'BRONZE_ORDER_ITEMS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'bronze_order_items',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite bronze_orders on BRONZE_ORDERS (bronze_orders.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"order_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "ORDER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "ORDER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"order_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "ORDER_ID" AS v, COUNT(*) OVER (PARTITION BY "ORDER_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "ORDER_ID" AS v, COUNT(*) OVER (PARTITION BY "ORDER_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"customer_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"total_amount","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "TOTAL_AMOUNT" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_ORDERS"), scored AS (SELECT "TOTAL_AMOUNT" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'bronze_orders', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'BRONZE_ORDERS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'bronze_orders',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite bronze_product_reviews on BRONZE_PRODUCT_REVIEWS (bronze_product_reviews.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"review_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"review_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v, COUNT(*) OVER (PARTITION BY "REVIEW_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v, COUNT(*) OVER (PARTITION BY "REVIEW_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"rating","min_value":1,"max_value":5}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "RATING" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 1 AND v <= 5, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "RATING" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 1 AND v <= 5, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"helpful_votes","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "HELPFUL_VOTES" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCT_REVIEWS"), scored AS (SELECT "HELPFUL_VOTES" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'bronze_product_reviews', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'BRONZE_PRODUCT_REVIEWS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'bronze_product_reviews',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite bronze_products on BRONZE_PRODUCTS (bronze_products.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCTS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"product_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"product_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v, COUNT(*) OVER (PARTITION BY "PRODUCT_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v, COUNT(*) OVER (PARTITION BY "PRODUCT_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"price","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCTS"), scored AS (SELECT "PRICE" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "BRONZE_PRODUCTS"), scored AS (SELECT "PRICE" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'bronze_products', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'BRONZE_PRODUCTS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'bronze_products',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite product_reviews_original on SILVER_PRODUCT_REVIEWS (product_reviews_original.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_in_set","kwargs":{"column":"VERIFIED_PURCHASE","value_set":["FALSE"]}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS" LIMIT 2000), scored AS (SELECT "VERIFIED_PURCHASE" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(UPPER(CAST(v AS VARCHAR)) IN ('FALSE'), FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS" LIMIT 2000), scored AS (SELECT "VERIFIED_PURCHASE" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(UPPER(CAST(v AS VARCHAR)) IN ('FALSE'), FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 1 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_min_to_be_between","kwargs":{"column":"HELPFUL_VOTES","min_value":12,"max_value":20}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS" LIMIT 2000), agg AS (SELECT MIN("HELPFUL_VOTES") AS observed_value, COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN "HELPFUL_VOTES" IS NULL THEN 1 ELSE 0 END), 0) AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 12 AND observed_value <= 20 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'product_reviews_original', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'SILVER_PRODUCT_REVIEWS', 'row_limit', 2000),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'product_reviews_original',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite silver_customers on SILVER_CUSTOMERS (silver_customers.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"customer_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"customer_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v, COUNT(*) OVER (PARTITION BY "CUSTOMER_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "CUSTOMER_ID" AS v, COUNT(*) OVER (PARTITION BY "CUSTOMER_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_match_regex","kwargs":{"column":"email","regex":"^[^@ ]+@[^@ ]+\\\\.[A-Za-z]{2,}$"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "EMAIL" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}$') > 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "EMAIL" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}$') > 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 0.9) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 0.9), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_match_regex","kwargs":{"column":"state","regex":"^[A-Z]{2}$","mostly":0.9}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "STATE" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^[A-Z]{2}$') > 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_CUSTOMERS"), scored AS (SELECT "STATE" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(REGEXP_INSTR(CAST(v AS VARCHAR), '^[A-Z]{2}$') > 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'silver_customers', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'SILVER_CUSTOMERS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'silver_customers',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite silver_orders on SILVER_ORDERS (silver_orders.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"order_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "ORDER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "ORDER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"order_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "ORDER_ID" AS v, COUNT(*) OVER (PARTITION BY "ORDER_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "ORDER_ID" AS v, COUNT(*) OVER (PARTITION BY "ORDER_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"customer_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "CUSTOMER_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_in_related_table","kwargs":{"column":"customer_id","related_table":"SILVER_CUSTOMERS","related_column":"customer_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT batch."CUSTOMER_ID" AS v, rel.related_key IS NOT NULL AS in_related FROM batch LEFT JOIN (SELECT DISTINCT "CUSTOMER_ID" AS related_key FROM "SILVER_CUSTOMERS") AS rel ON rel.related_key = batch."CUSTOMER_ID") SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(in_related, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT batch."CUSTOMER_ID" AS v, rel.related_key IS NOT NULL AS in_related FROM batch LEFT JOIN (SELECT DISTINCT "CUSTOMER_ID" AS related_key FROM "SILVER_CUSTOMERS") AS rel ON rel.related_key = batch."CUSTOMER_ID") SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(in_related, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 5 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_in_set","kwargs":{"column":"status","value_set":["PENDING","PROCESSING","SHIPPED","DELIVERED","COMPLETED","CANCELLED","CANCELED","RETURNED","REFUNDED"]}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "STATUS" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(UPPER(CAST(v AS VARCHAR)) IN ('PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'CANCELED', 'RETURNED', 'REFUNDED'), FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "STATUS" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(UPPER(CAST(v AS VARCHAR)) IN ('PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'CANCELED', 'RETURNED', 'REFUNDED'), FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 6 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"total_amount","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "TOTAL_AMOUNT" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_ORDERS"), scored AS (SELECT "TOTAL_AMOUNT" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'silver_orders', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'SILVER_ORDERS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'silver_orders',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite silver_product_reviews on SILVER_PRODUCT_REVIEWS (silver_product_reviews.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"review_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"review_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v, COUNT(*) OVER (PARTITION BY "REVIEW_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "REVIEW_ID" AS v, COUNT(*) OVER (PARTITION BY "REVIEW_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"rating","min_value":1,"max_value":5}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "RATING" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 1 AND v <= 5, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "RATING" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 1 AND v <= 5, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_mean_to_be_between","kwargs":{"column":"rating","min_value":1,"max_value":5}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), agg AS (SELECT AVG(CAST("RATING" AS DOUBLE)) AS observed_value, COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN "RATING" IS NULL THEN 1 ELSE 0 END), 0) AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 AND observed_value <= 5 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 5 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"helpful_votes","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "HELPFUL_VOTES" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "HELPFUL_VOTES" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 6 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_in_set","kwargs":{"column":"sentiment_score","value_set":["Positive","Neutral","Negative"]}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "SENTIMENT_SCORE" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(UPPER(CAST(v AS VARCHAR)) IN ('POSITIVE', 'NEUTRAL', 'NEGATIVE'), FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT "SENTIMENT_SCORE" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(UPPER(CAST(v AS VARCHAR)) IN ('POSITIVE', 'NEUTRAL', 'NEGATIVE'), FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 7 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_in_related_table","kwargs":{"column":"product_id","related_table":"SILVER_PRODUCTS","related_column":"product_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT batch."PRODUCT_ID" AS v, rel.related_key IS NOT NULL AS in_related FROM batch LEFT JOIN (SELECT DISTINCT "PRODUCT_ID" AS related_key FROM "SILVER_PRODUCTS") AS rel ON rel.related_key = batch."PRODUCT_ID") SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(in_related, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCT_REVIEWS"), scored AS (SELECT batch."PRODUCT_ID" AS v, rel.related_key IS NOT NULL AS in_related FROM batch LEFT JOIN (SELECT DISTINCT "PRODUCT_ID" AS related_key FROM "SILVER_PRODUCTS") AS rel ON rel.related_key = batch."PRODUCT_ID") SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(in_related, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'silver_product_reviews', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'SILVER_PRODUCT_REVIEWS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'silver_product_reviews',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  -- suite silver_products on SILVER_PRODUCTS (silver_products.json)
  INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
    WITH results AS (
      SELECT 0 AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', m.success, 'expectation_config', PARSE_JSON('{"expectation_type":"expect_table_row_count_to_be_between","kwargs":{"min_value":1}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), agg AS (SELECT COUNT(*) AS observed_value, COUNT(*) AS element_count, 0 AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN observed_value >= 1 THEN TRUE ELSE FALSE END AS success FROM agg) AS m
      UNION ALL
      SELECT 1 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"product_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 2 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_unique","kwargs":{"column":"product_id"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v, COUNT(*) OVER (PARTITION BY "PRODUCT_ID") AS dup_count FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "PRODUCT_ID" AS v, COUNT(*) OVER (PARTITION BY "PRODUCT_ID") AS dup_count FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(dup_count = 1, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 3 AS idx, (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', (m.element_count = 0 OR (m.element_count - m.unexpected_count) / m.element_count >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_not_be_null","kwargs":{"column":"category"}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(m.element_count = 0, 0, m.unexpected_count * 100 / m.element_count),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "CATEGORY" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NULL LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "CATEGORY" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
      UNION ALL
      SELECT 4 AS idx, ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1) AS success, OBJECT_CONSTRUCT_KEEP_NULL(
        'success', ((m.element_count - m.missing_count) = 0 OR ((m.element_count - m.missing_count) - m.unexpected_count) / (m.element_count - m.missing_count) >= 1), 'expectation_config', PARSE_JSON('{"expectation_type":"expect_column_values_to_be_between","kwargs":{"column":"price","min_value":0}}'),
        'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
          'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF((m.element_count - m.missing_count) = 0, 0, m.unexpected_count * 100 / (m.element_count - m.missing_count)),
          'partial_unexpected_list', COALESCE((SELECT ARRAY_AGG(s.unexpected_value) FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "PRICE" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) LIMIT 20) AS s), ARRAY_CONSTRUCT()), 'observed_value', NULL),
        'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
      FROM (WITH batch AS (SELECT * FROM "SILVER_PRODUCTS"), scored AS (SELECT "PRICE" AS v FROM batch) SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN v IS NOT NULL AND NOT COALESCE(v >= 0, FALSE) THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored) AS m
    )
    SELECT BOOLAND_AGG(success),
           OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
           OBJECT_CONSTRUCT(
             'success', BOOLAND_AGG(success),
             'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
               'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
             'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
             'meta', OBJECT_CONSTRUCT('expectation_suite_name', 'silver_products', 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
               'batch_spec', OBJECT_CONSTRUCT('table_name', 'SILVER_PRODUCTS'),
               'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', 20),
             'evaluation_parameters', OBJECT_CONSTRUCT()),
           'silver_products',
           CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM results;
  suites_run := suites_run + 1;
  SYSTEM$LOG_INFO('validation: ' || suites_run || ' suites written to GE_VALIDATION_RESULTS');
  -- As the local task reports it: no rows read as input, one result row written per suite.
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', 0);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', suites_run);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', 0);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || 0 || ', written ' || suites_run || ', rejected ' || 0);
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'data_validation_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN suites_run || ' suites validated (run ' || run_name || ')';
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'data_validation_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('data_validation_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
-- create usp_loadSilverToGold from sql/pipeline/silver_gold_task/
CREATE OR REPLACE PROCEDURE usp_loadSilverToGold()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'aggregate silver into gold (two Iceberg tables and product performance)'
AS
$$
DECLARE
  rows_read INTEGER DEFAULT 0;
  rows_written INTEGER DEFAULT 0;
  total_written INTEGER DEFAULT 0;
  summary VARCHAR DEFAULT '';
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'silver_gold_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  rows_read := (SELECT (SELECT COUNT(*) FROM SILVER_CUSTOMERS) + (SELECT COUNT(*) FROM SILVER_PRODUCTS) + (SELECT COUNT(*) FROM SILVER_PRODUCT_REVIEWS) + (SELECT COUNT(*) FROM SILVER_ORDERS) + (SELECT COUNT(*) FROM BRONZE_ORDER_ITEMS));
  SYSTEM$LOG_DEBUG('silver_gold_task: ' || rows_read || ' rows in SILVER_CUSTOMERS, SILVER_PRODUCTS, SILVER_PRODUCT_REVIEWS, SILVER_ORDERS, BRONZE_ORDER_ITEMS');
  -- pipeline/silver_gold_task/01_gold_customer_insights.sql
  INSERT OVERWRITE INTO GOLD_CUSTOMER_INSIGHTS
  SELECT c.customer_id AS customer_id,
         c.state AS state,
         COUNT(o.order_id) AS total_orders,
         CAST(SUM(o.total_amount) AS DECIMAL(18,2)) AS total_spent,
         CAST(ROUND((SUM(o.total_amount)) / NULLIF(COUNT(o.total_amount), 0), 2) AS DECIMAL(18,2)) AS avg_order_value,
         MAX(o.order_date) AS last_order_date,
         CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS last_updated
  FROM SILVER_CUSTOMERS AS c
  LEFT JOIN SILVER_ORDERS AS o ON o.customer_id = c.customer_id
  GROUP BY c.customer_id, c.state
  ORDER BY c.customer_id;
  rows_written := (SELECT COUNT(*) FROM GOLD_CUSTOMER_INSIGHTS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('GOLD_CUSTOMER_INSIGHTS: ' || rows_written || ' rows');
  summary := summary || 'GOLD_CUSTOMER_INSIGHTS: ' || rows_written || ' rows; ';
  -- pipeline/silver_gold_task/02_gold_product_reviews_analytics.sql
  INSERT OVERWRITE INTO GOLD_PRODUCT_REVIEWS_ANALYTICS
  WITH per_product AS (
    SELECT product_id,
           CAST(ROUND((SUM(rating)) / NULLIF(COUNT(rating), 0), 2) AS DOUBLE) AS avg_rating,
           COUNT(*) AS total_reviews,
           COUNT_IF(verified_purchase) AS verified_reviews,
           COUNT_IF(sentiment_score = 'Positive') AS positive_reviews,
           COUNT_IF(sentiment_score = 'Negative') AS negative_reviews
    FROM SILVER_PRODUCT_REVIEWS
    GROUP BY product_id
  ),
  aspects AS (
    SELECT r.product_id,
           r.review_id,
           a.value:"name"::VARCHAR AS aspect,
           a.value:"rating"::DOUBLE AS aspect_rating
    FROM SILVER_PRODUCT_REVIEWS AS r, TABLE(FLATTEN(input => r.aspects)) AS a
  ),
  per_review AS (
    SELECT product_id,
           review_id,
           MAX(CASE WHEN aspect = 'Battery Life' THEN aspect_rating END) AS battery_rating,
           MAX(CASE WHEN aspect = 'Quality' THEN aspect_rating END) AS quality_rating,
           MAX(CASE WHEN aspect = 'Value for Money' THEN aspect_rating END) AS value_rating
    FROM aspects
    GROUP BY product_id, review_id
  ),
  per_aspect AS (
    SELECT product_id,
           ROUND(AVG(battery_rating), 2) AS avg_battery_rating,
           ROUND(AVG(quality_rating), 2) AS avg_quality_rating,
           ROUND(AVG(value_rating), 2) AS avg_value_rating
    FROM per_review
    GROUP BY product_id
  )
  SELECT p.product_id AS product_id,
         p.avg_rating AS avg_rating,
         p.total_reviews AS total_reviews,
         p.verified_reviews AS verified_reviews,
         a.avg_battery_rating AS avg_battery_rating,
         a.avg_quality_rating AS avg_quality_rating,
         a.avg_value_rating AS avg_value_rating,
         p.positive_reviews AS positive_reviews,
         p.negative_reviews AS negative_reviews,
         CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS last_updated
  FROM per_product AS p
  LEFT JOIN per_aspect AS a ON a.product_id = p.product_id
  ORDER BY p.product_id;
  rows_written := (SELECT COUNT(*) FROM GOLD_PRODUCT_REVIEWS_ANALYTICS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('GOLD_PRODUCT_REVIEWS_ANALYTICS: ' || rows_written || ' rows');
  summary := summary || 'GOLD_PRODUCT_REVIEWS_ANALYTICS: ' || rows_written || ' rows; ';
  -- pipeline/silver_gold_task/03_gold_product_performance.sql
  CREATE OR REPLACE TABLE GOLD_PRODUCT_PERFORMANCE AS
  WITH sales AS (
    SELECT oi.product_id,
           CAST(DATE_TRUNC('MONTH', o.order_date) AS DATE) AS order_month,
           CAST(SUM(oi.quantity * oi.unit_price) AS DECIMAL(18,2)) AS total_sales,
           COUNT(DISTINCT oi.order_id) AS total_orders,
           CAST(ROUND((SUM(oi.unit_price)) / NULLIF(COUNT(oi.unit_price), 0), 2) AS DECIMAL(18,2)) AS avg_price
    FROM BRONZE_ORDER_ITEMS AS oi
    LEFT JOIN SILVER_ORDERS AS o ON o.order_id = oi.order_id
    GROUP BY oi.product_id, CAST(DATE_TRUNC('MONTH', o.order_date) AS DATE)
  )
  SELECT p.product_id,
         p.product_name,
         p.category,
         s.order_month,
         s.total_sales,
         s.total_orders,
         s.avg_price,
         p.specifications
  FROM SILVER_PRODUCTS AS p
  LEFT JOIN sales AS s ON s.product_id = p.product_id
  ORDER BY p.product_id, s.order_month NULLS LAST;
  rows_written := (SELECT COUNT(*) FROM GOLD_PRODUCT_PERFORMANCE);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('GOLD_PRODUCT_PERFORMANCE: ' || rows_written || ' rows');
  summary := summary || 'GOLD_PRODUCT_PERFORMANCE: ' || rows_written || ' rows; ';
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', rows_read);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', total_written);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', 0);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || rows_read || ', written ' || total_written || ', rejected ' || 0);
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'silver_gold_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN summary;
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'silver_gold_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('silver_gold_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
-- create usp_loadOrderAnalytics from sql/pipeline/order_analytics_task/
CREATE OR REPLACE PROCEDURE usp_loadOrderAnalytics()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'top-selling products and categories, and the top states per category'
AS
$$
DECLARE
  rows_read INTEGER DEFAULT 0;
  rows_written INTEGER DEFAULT 0;
  total_written INTEGER DEFAULT 0;
  summary VARCHAR DEFAULT '';
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'order_analytics_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  rows_read := (SELECT (SELECT COUNT(*) FROM SILVER_ORDERS) + (SELECT COUNT(*) FROM BRONZE_ORDER_ITEMS) + (SELECT COUNT(*) FROM SILVER_PRODUCTS));
  SYSTEM$LOG_DEBUG('order_analytics_task: ' || rows_read || ' rows in SILVER_ORDERS, BRONZE_ORDER_ITEMS, SILVER_PRODUCTS');
  -- pipeline/order_analytics_task/01_analytics_top_selling_products_by_quantity.sql
  CREATE OR REPLACE TABLE ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY AS
  WITH sales AS (
    SELECT oi.product_id,
           COUNT(DISTINCT oi.order_id) AS total_orders,
           SUM(oi.quantity) AS total_quantity_sold,
           CAST(SUM(oi.quantity * oi.unit_price) AS DECIMAL(18,2)) AS total_revenue
    FROM BRONZE_ORDER_ITEMS AS oi
    GROUP BY oi.product_id
  )
  SELECT s.product_id,
         p.product_name,
         p.category,
         s.total_orders,
         s.total_quantity_sold,
         s.total_revenue,
         'quantity_sold' AS metric
  FROM sales AS s
  LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = s.product_id
  ORDER BY s.total_quantity_sold DESC NULLS LAST, s.product_id
  LIMIT 10;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY: ' || rows_written || ' rows; ';
  -- pipeline/order_analytics_task/02_analytics_top_selling_products_by_revenue.sql
  CREATE OR REPLACE TABLE ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE AS
  WITH sales AS (
    SELECT oi.product_id,
           COUNT(DISTINCT oi.order_id) AS total_orders,
           SUM(oi.quantity) AS total_quantity_sold,
           CAST(SUM(oi.quantity * oi.unit_price) AS DECIMAL(18,2)) AS total_revenue
    FROM BRONZE_ORDER_ITEMS AS oi
    GROUP BY oi.product_id
  )
  SELECT s.product_id,
         p.product_name,
         p.category,
         s.total_orders,
         s.total_quantity_sold,
         s.total_revenue,
         'revenue' AS metric
  FROM sales AS s
  LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = s.product_id
  ORDER BY s.total_revenue DESC NULLS LAST, s.product_id
  LIMIT 10;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE: ' || rows_written || ' rows; ';
  -- pipeline/order_analytics_task/03_analytics_top_selling_categories_by_quantity.sql
  CREATE OR REPLACE TABLE ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY AS
  WITH per_product AS (
    SELECT oi.product_id,
           p.category,
           COUNT(DISTINCT oi.order_id) AS total_orders,
           SUM(oi.quantity) AS total_quantity_sold,
           SUM(oi.quantity * oi.unit_price) AS total_revenue
    FROM BRONZE_ORDER_ITEMS AS oi
    LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
    GROUP BY oi.product_id, p.category
  ),
  per_category AS (
    SELECT category,
           SUM(total_orders) AS total_orders,
           SUM(total_quantity_sold) AS total_quantity_sold,
           CAST(SUM(total_revenue) AS DECIMAL(18,2)) AS total_revenue
    FROM per_product
    GROUP BY category
  )
  SELECT category,
         total_orders,
         total_quantity_sold,
         total_revenue,
         CAST(ROUND((total_revenue) / NULLIF(total_orders, 0), 2) AS DECIMAL(18,2)) AS avg_order_value,
         'quantity_sold' AS metric
  FROM per_category
  ORDER BY total_quantity_sold DESC NULLS LAST, category NULLS LAST
  LIMIT 5;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY: ' || rows_written || ' rows; ';
  -- pipeline/order_analytics_task/04_analytics_top_selling_categories_by_revenue.sql
  CREATE OR REPLACE TABLE ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE AS
  WITH per_product AS (
    SELECT oi.product_id,
           p.category,
           COUNT(DISTINCT oi.order_id) AS total_orders,
           SUM(oi.quantity) AS total_quantity_sold,
           SUM(oi.quantity * oi.unit_price) AS total_revenue
    FROM BRONZE_ORDER_ITEMS AS oi
    LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
    GROUP BY oi.product_id, p.category
  ),
  per_category AS (
    SELECT category,
           SUM(total_orders) AS total_orders,
           SUM(total_quantity_sold) AS total_quantity_sold,
           CAST(SUM(total_revenue) AS DECIMAL(18,2)) AS total_revenue
    FROM per_product
    GROUP BY category
  )
  SELECT category,
         total_orders,
         total_quantity_sold,
         total_revenue,
         CAST(ROUND((total_revenue) / NULLIF(total_orders, 0), 2) AS DECIMAL(18,2)) AS avg_order_value,
         'revenue' AS metric
  FROM per_category
  ORDER BY total_revenue DESC NULLS LAST, category NULLS LAST
  LIMIT 5;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE: ' || rows_written || ' rows; ';
  -- pipeline/order_analytics_task/05_analytics_state_category_analysis.sql
  CREATE OR REPLACE TABLE ANALYTICS_STATE_CATEGORY_ANALYSIS AS
  WITH lines AS (
    SELECT o.state,
           p.category,
           o.order_id,
           oi.quantity,
           oi.quantity * oi.unit_price AS revenue
    FROM SILVER_ORDERS AS o
    LEFT JOIN BRONZE_ORDER_ITEMS AS oi ON oi.order_id = o.order_id
    LEFT JOIN SILVER_PRODUCTS AS p ON p.product_id = oi.product_id
  ),
  per_state AS (
    SELECT state,
           category,
           COUNT(DISTINCT order_id) AS order_count,
           SUM(quantity) AS total_quantity,
           CAST(SUM(revenue) AS DECIMAL(18,2)) AS total_revenue
    FROM lines
    GROUP BY state, category
  )
  SELECT state,
         category,
         order_count,
         total_quantity,
         total_revenue,
         CAST(ROUND((total_revenue) / NULLIF(order_count, 0), 2) AS DECIMAL(18,2)) AS avg_order_value
  FROM per_state
  QUALIFY RANK() OVER (PARTITION BY category ORDER BY total_revenue DESC NULLS LAST) <= 3
  ORDER BY category NULLS LAST, total_revenue DESC NULLS LAST, state NULLS LAST;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_STATE_CATEGORY_ANALYSIS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_STATE_CATEGORY_ANALYSIS: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_STATE_CATEGORY_ANALYSIS: ' || rows_written || ' rows; ';
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', rows_read);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', total_written);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', 0);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || rows_read || ', written ' || total_written || ', rejected ' || 0);
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'order_analytics_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN summary;
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'order_analytics_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('order_analytics_task failed: ' || SQLERRM);
    RAISE;
END;
$$;
-- create usp_load_customer_analytics from sql/pipeline/customer_analytics_task/
CREATE OR REPLACE PROCEDURE usp_load_customer_analytics()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'customer stats, orders per month (revenue, status, payment method), inventory and price analytics'
AS
$$
DECLARE
  rows_read INTEGER DEFAULT 0;
  rows_written INTEGER DEFAULT 0;
  total_written INTEGER DEFAULT 0;
  summary VARCHAR DEFAULT '';
  event_attrs OBJECT;
BEGIN
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'customer_analytics_task');
  SYSTEM$ADD_EVENT('task_started', event_attrs);
  rows_read := (SELECT (SELECT COUNT(*) FROM SILVER_CUSTOMERS) + (SELECT COUNT(*) FROM SILVER_ORDERS) + (SELECT COUNT(*) FROM SILVER_PRODUCTS) + (SELECT COUNT(*) FROM BRONZE_INVENTORY));
  SYSTEM$LOG_DEBUG('customer_analytics_task: ' || rows_read || ' rows in SILVER_CUSTOMERS, SILVER_ORDERS, SILVER_PRODUCTS, BRONZE_INVENTORY');
  -- pipeline/customer_analytics_task/01_analytics_customer_stats.sql
  CREATE OR REPLACE TABLE ANALYTICS_CUSTOMER_STATS AS
  SELECT c.customer_id,
         c.first_name,
         c.last_name,
         CAST(SUM(o.total_amount) AS DECIMAL(18,2)) AS total_spend,
         COUNT(o.order_id) AS order_count,
         CAST(ROUND((SUM(o.total_amount)) / NULLIF(COUNT(o.total_amount), 0), 2) AS DECIMAL(18,2)) AS avg_order_value
  FROM SILVER_CUSTOMERS AS c
  JOIN SILVER_ORDERS AS o ON o.customer_id = c.customer_id
  GROUP BY c.customer_id, c.first_name, c.last_name
  ORDER BY c.customer_id;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_CUSTOMER_STATS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_CUSTOMER_STATS: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_CUSTOMER_STATS: ' || rows_written || ' rows; ';
  -- pipeline/customer_analytics_task/02_analytics_monthly_revenue.sql
  CREATE OR REPLACE TABLE ANALYTICS_MONTHLY_REVENUE AS
  SELECT TO_CHAR(order_date, 'YYYY-MM') AS order_month,
         CAST(SUM(total_amount) AS DECIMAL(18,2)) AS monthly_revenue
  FROM SILVER_ORDERS
  WHERE order_date IS NOT NULL
  GROUP BY TO_CHAR(order_date, 'YYYY-MM')
  ORDER BY order_month;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_MONTHLY_REVENUE);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_MONTHLY_REVENUE: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_MONTHLY_REVENUE: ' || rows_written || ' rows; ';
  -- pipeline/customer_analytics_task/03_analytics_order_status_counts.sql
  CREATE OR REPLACE TABLE ANALYTICS_ORDER_STATUS_COUNTS AS
  SELECT TO_CHAR(order_date, 'YYYY-MM') AS order_month,
         status,
         COUNT(*) AS count
  FROM SILVER_ORDERS
  WHERE order_date IS NOT NULL
  GROUP BY TO_CHAR(order_date, 'YYYY-MM'), status
  ORDER BY order_month, status NULLS LAST;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_ORDER_STATUS_COUNTS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_ORDER_STATUS_COUNTS: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_ORDER_STATUS_COUNTS: ' || rows_written || ' rows; ';
  -- pipeline/customer_analytics_task/04_analytics_payment_method_counts.sql
  CREATE OR REPLACE TABLE ANALYTICS_PAYMENT_METHOD_COUNTS AS
  SELECT TO_CHAR(order_date, 'YYYY-MM') AS order_month,
         payment_method,
         COUNT(*) AS count
  FROM SILVER_ORDERS
  WHERE order_date IS NOT NULL
  GROUP BY TO_CHAR(order_date, 'YYYY-MM'), payment_method
  ORDER BY order_month, payment_method NULLS LAST;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_PAYMENT_METHOD_COUNTS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_PAYMENT_METHOD_COUNTS: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_PAYMENT_METHOD_COUNTS: ' || rows_written || ' rows; ';
  -- pipeline/customer_analytics_task/05_analytics_inventory_per_product.sql
  CREATE OR REPLACE TABLE ANALYTICS_INVENTORY_PER_PRODUCT AS
  WITH stock AS (
    SELECT product_id,
           SUM(quantity) AS total_stock
    FROM BRONZE_INVENTORY
    GROUP BY product_id
  )
  SELECT p.product_id,
         p.product_name,
         p.category,
         s.total_stock
  FROM SILVER_PRODUCTS AS p
  LEFT JOIN stock AS s ON s.product_id = p.product_id
  ORDER BY p.product_id;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_INVENTORY_PER_PRODUCT);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_INVENTORY_PER_PRODUCT: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_INVENTORY_PER_PRODUCT: ' || rows_written || ' rows; ';
  -- pipeline/customer_analytics_task/06_analytics_inventory_per_category.sql
  CREATE OR REPLACE TABLE ANALYTICS_INVENTORY_PER_CATEGORY AS
  WITH stock AS (
    SELECT product_id,
           SUM(quantity) AS total_stock
    FROM BRONZE_INVENTORY
    GROUP BY product_id
  )
  SELECT p.category,
         COALESCE(SUM(s.total_stock), 0) AS category_stock
  FROM SILVER_PRODUCTS AS p
  LEFT JOIN stock AS s ON s.product_id = p.product_id
  GROUP BY p.category
  ORDER BY p.category NULLS LAST;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_INVENTORY_PER_CATEGORY);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_INVENTORY_PER_CATEGORY: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_INVENTORY_PER_CATEGORY: ' || rows_written || ' rows; ';
  -- pipeline/customer_analytics_task/07_analytics_inventory_per_warehouse.sql
  CREATE OR REPLACE TABLE ANALYTICS_INVENTORY_PER_WAREHOUSE AS
  SELECT warehouse_id,
         SUM(quantity) AS warehouse_stock
  FROM BRONZE_INVENTORY
  GROUP BY warehouse_id
  ORDER BY warehouse_id NULLS LAST;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_INVENTORY_PER_WAREHOUSE);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_INVENTORY_PER_WAREHOUSE: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_INVENTORY_PER_WAREHOUSE: ' || rows_written || ' rows; ';
  -- pipeline/customer_analytics_task/08_analytics_product_price_stats.sql
  CREATE OR REPLACE TABLE ANALYTICS_PRODUCT_PRICE_STATS AS
  SELECT category,
         CAST(ROUND((SUM(price)) / NULLIF(COUNT(price), 0), 2) AS DECIMAL(18,2)) AS avg_price,
         CAST(MIN(price) AS DECIMAL(18,2)) AS min_price,
         CAST(MAX(price) AS DECIMAL(18,2)) AS max_price
  FROM SILVER_PRODUCTS
  GROUP BY category
  ORDER BY category NULLS LAST;
  rows_written := (SELECT COUNT(*) FROM ANALYTICS_PRODUCT_PRICE_STATS);
  total_written := total_written + rows_written;
  SYSTEM$LOG_INFO('ANALYTICS_PRODUCT_PRICE_STATS: ' || rows_written || ' rows');
  summary := summary || 'ANALYTICS_PRODUCT_PRICE_STATS: ' || rows_written || ' rows; ';
  event_attrs := OBJECT_CONSTRUCT('snow.input.rows', rows_read);
  SYSTEM$ADD_EVENT('rows_read', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('snow.output.rows', total_written);
  SYSTEM$ADD_EVENT('rows_written', event_attrs);
  event_attrs := OBJECT_CONSTRUCT('retail.rejected.rows', 0);
  SYSTEM$ADD_EVENT('rows_rejected', event_attrs);
  SYSTEM$LOG_DEBUG('rows read ' || rows_read || ', written ' || total_written || ', rejected ' || 0);
  event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'customer_analytics_task', 'snow.task.state', 'SUCCEEDED');
  SYSTEM$ADD_EVENT('task_finished', event_attrs);
  RETURN summary;
EXCEPTION
  WHEN OTHER THEN
    event_attrs := OBJECT_CONSTRUCT('snow.task.name', 'customer_analytics_task', 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT('task_finished', event_attrs);
    SYSTEM$LOG_ERROR('customer_analytics_task failed: ' || SQLERRM);
    RAISE;
END;
$$;

-- ===== tasks =====
-- suspend the root task so the graph can be replaced
ALTER TASK IF EXISTS retail_root_task SUSPEND;
-- create task retail_root_task
CREATE OR REPLACE TASK retail_root_task
  WAREHOUSE = "RETAIL_WH"
  SCHEDULE = 'USING CRON 0 0 * * * America/Los_Angeles'
  COMMENT = 'root of the task graph, USING CRON 0 0 * * * America/Los_Angeles'
AS
  SELECT 'retail pipeline graph started';
-- create task productreview_task
CREATE OR REPLACE TASK productreview_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load product_reviews.json -> BRONZE_PRODUCT_REVIEWS'
  AFTER retail_root_task
AS
  CALL usp_loadProductReviews_json();
-- create task customer_preferences_task
CREATE OR REPLACE TASK customer_preferences_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load customer_preferences.xml -> BRONZE_CUSTOMER_PREFERENCES'
  AFTER retail_root_task
AS
  CALL usp_loadCustomerPreferences_xml();
-- create task product_specification_task
CREATE OR REPLACE TASK product_specification_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load product_specifications.xml -> BRONZE_PRODUCT_SPECIFICATIONS'
  AFTER retail_root_task
AS
  CALL usp_loadProductSpecification_xml();
-- create task mysql_customer_task
CREATE OR REPLACE TASK mysql_customer_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load customers -> BRONZE_CUSTOMERS'
  AFTER retail_root_task
AS
  CALL usp_loadMySQLData('retail_db', 'customers', 'BRONZE_CUSTOMERS');
-- create task mysql_product_task
CREATE OR REPLACE TASK mysql_product_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load products -> BRONZE_PRODUCTS'
  AFTER retail_root_task
AS
  CALL usp_loadMySQLData('retail_db', 'products', 'BRONZE_PRODUCTS');
-- create task mysql_inventory_task
CREATE OR REPLACE TASK mysql_inventory_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load inventory -> BRONZE_INVENTORY'
  AFTER retail_root_task
AS
  CALL usp_loadMySQLData('retail_db', 'inventory', 'BRONZE_INVENTORY');
-- create task mysql_order_task
CREATE OR REPLACE TASK mysql_order_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load orders -> BRONZE_ORDERS'
  AFTER retail_root_task
AS
  CALL usp_loadMySQLData('retail_db', 'orders', 'BRONZE_ORDERS');
-- create task mysql_order_items_task
CREATE OR REPLACE TASK mysql_order_items_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'load order_items -> BRONZE_ORDER_ITEMS'
  AFTER retail_root_task
AS
  CALL usp_loadMySQLData('retail_db', 'order_items', 'BRONZE_ORDER_ITEMS');
-- create task bronze_silver_task
CREATE OR REPLACE TASK bronze_silver_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'clean and enrich bronze into silver (preferences/specifications arrays, sentiment, state)'
  AFTER productreview_task, customer_preferences_task, product_specification_task, mysql_customer_task, mysql_product_task, mysql_inventory_task, mysql_order_task, mysql_order_items_task
AS
  CALL usp_loadBronzeToSilver();
-- create task data_validation_task
CREATE OR REPLACE TASK data_validation_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'run the expectation suites'
  AFTER bronze_silver_task
AS
  CALL usp_generateValidationResults();
-- create task silver_gold_task
CREATE OR REPLACE TASK silver_gold_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'aggregate silver into gold (two Iceberg tables and product performance)'
  AFTER bronze_silver_task
AS
  CALL usp_loadSilverToGold();
-- create task order_analytics_task
CREATE OR REPLACE TASK order_analytics_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'top-selling products and categories, and the top states per category'
  AFTER silver_gold_task
AS
  CALL usp_loadOrderAnalytics();
-- create task customer_analytics_task
CREATE OR REPLACE TASK customer_analytics_task
  WAREHOUSE = "RETAIL_WH"
  COMMENT = 'customer stats, orders per month (revenue, status, payment method), inventory and price analytics'
  AFTER silver_gold_task
AS
  CALL usp_load_customer_analytics();
-- resume the root task and every task of its graph
SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('retail_root_task');
