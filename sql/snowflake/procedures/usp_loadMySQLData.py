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
