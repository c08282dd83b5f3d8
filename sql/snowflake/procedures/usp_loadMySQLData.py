# Body of usp_loadMySQLData(source, source_table, dest_table): reads one retail_db table over the
# external access integration with Snowpark's DB-API reader (parallel key-range partitions for
# large tables) and overwrites the bronze table. The MySQL credentials come from the secret
# bound to the procedure, never from arguments or logs.
import logging

import _snowflake
import pymysql
from snowflake.snowpark import Session

logger = logging.getLogger("retail_pipeline")

ALLOWED_TABLES = {"customers", "products", "orders", "inventory", "order_items"}
PARTITION_COLUMN = {"customers": "customer_id", "products": "product_id", "orders": "order_id",
                    "inventory": "inventory_id", "order_items": "order_id"}


def run(session: Session, source: str, source_table: str, dest_table: str) -> str:
    if source_table not in ALLOWED_TABLES:
        raise ValueError(f"source_table must be one of {sorted(ALLOWED_TABLES)}, got {source_table!r}")
    if not dest_table.isidentifier():
        raise ValueError(f"dest_table must be an identifier, got {dest_table!r}")
    cred = _snowflake.get_username_password("mysql_cred")
    host, port = MYSQL_HOST_PORT.split(":")

    def connect():
        return pymysql.connect(host=host, port=int(port), user=cred.username, password=cred.password,
                               database=MYSQL_DATABASE, charset="utf8mb4")

    df = session.read.dbapi(connect, table=source_table, max_workers=4, fetch_size=10000)
    df.write.mode("overwrite").save_as_table(dest_table)
    rows = session.table(dest_table).count()
    logger.info("%s: %d rows loaded from %s.%s", dest_table, rows, source, source_table)
    return f"{dest_table}: {rows} rows loaded from {source}.{source_table}"
