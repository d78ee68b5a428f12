"""Helpers for the load tests: the shop example at a small size, snapshots of whole tables, DDL of a job."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from synthdb.engine.parallel import BatchSource
from synthdb.engine.planner import build_plan
from synthdb.outputs.sql.ddl import create_table_sql, late_foreign_keys
from synthdb.outputs.sql.dialects import dialect_for
from synthdb.service.generate import as_database
from synthdb.service.load import load_job

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop.yaml"
SHOP_VARS = {"n_customers": 40, "n_products": 15}
SHOP_TABLES = ["customers", "products", "orders", "order_items"]


def shop_ddl(platform: str, *, checks: dict[str, str] | None = None) -> list[str]:
    """CREATE TABLE statements of the shop (parents first) as synthdb writes them, with extra CHECKs."""
    plan = build_plan(as_database(SHOP), None, SHOP_VARS)
    dialect = dialect_for(platform)
    with BatchSource(plan, 1000) as source:
        job = load_job(plan, source)
        statements = []
        for table in job.tables:
            sql = create_table_sql(table, job, dialect).rstrip().rstrip(";")
            extra = (checks or {}).get(table.name)
            if extra:
                # Before the parenthesis closing the column list (pretty-printed on its own line).
                head, sep, tail = sql.rpartition("\n)")
                sql = f"{head},\n  CHECK ({extra}){sep}{tail}"
            statements.append(sql)
        statements += [s.rstrip().rstrip(";") for s in late_foreign_keys(job, dialect)]
    return statements


def orphan_queries(quote: Callable[[str], str]) -> list[str]:
    """Queries counting shop rows whose foreign key points nowhere (each must return 0)."""
    pairs = [("orders", "customer_id", "customers"), ("order_items", "order_id", "orders"),
             ("order_items", "product_id", "products")]
    return [f"SELECT COUNT(*) FROM {quote(child)} c LEFT JOIN {quote(parent)} p ON c.{quote(column)} = p.{quote('id')} "
            f"WHERE p.{quote('id')} IS NULL" for child, column, parent in pairs]


def mysql_url(database: dict[str, Any], query: str = "") -> str:
    return f"mysql://{database['user']}@{database['host']}:{database['port']}/{database['database']}{query}"


def shop_counts() -> dict[str, int]:
    """Rows per shop table at SHOP_VARS."""
    plan = build_plan(as_database(SHOP), None, SHOP_VARS)
    return {t.name: t.size for t in plan.tables.values()}
