"""Every relational feature at scale (>1,000,000 child rows), loaded into PostgreSQL with every key,
unique and check constraint declared, then checked row by row with SQL."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

import synthdb

DEFINITION = Path(__file__).resolve().parent.parent / "data" / "relations.yaml"

COLUMNS = {
    "customers": "id integer, email varchar(120), status varchar(10), signup_at timestamp, tier varchar(10)",
    "customer_profiles": "customer_id integer, score integer",
    "products": "id integer, sku varchar(20), price numeric(10,2)",
    "orders": "id integer, customer_id integer, customer_tier varchar(10), ordered_at timestamp, "
              "shipped_at timestamp, total numeric(14,2), item_count integer, customer_lifetime_total numeric(16,2), "
              "previous_order_total numeric(14,2)",
    "order_items": "id integer, order_id integer, product_id integer, quantity integer, amount numeric(10,2), "
                   "line_rank integer",
    "reviews": "id integer, product_id integer, reviewer_id integer, referrer_id integer",
    "coupons": "id integer, customer_id integer, code varchar(12)",
    "shipments": "id integer, order_id integer, product_id integer",
    "departments": "id integer, name varchar(40), head_id integer",
    "employees": "id integer, department_id integer, manager_id integer",
}

CONSTRAINTS = [
    *(f"ALTER TABLE {t} ADD PRIMARY KEY ({'customer_id' if t == 'customer_profiles' else 'id'})" for t in COLUMNS),
    "ALTER TABLE customers ADD UNIQUE (email)",
    "ALTER TABLE products ADD UNIQUE (sku)",
    "ALTER TABLE coupons ADD UNIQUE (code)",
    "ALTER TABLE departments ADD UNIQUE (name)",
    "ALTER TABLE order_items ADD UNIQUE (order_id, product_id)",
    "ALTER TABLE customer_profiles ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
    "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
    "ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders (id)",
    "ALTER TABLE order_items ADD FOREIGN KEY (product_id) REFERENCES products (id)",
    "ALTER TABLE reviews ADD FOREIGN KEY (product_id) REFERENCES products (id)",
    "ALTER TABLE reviews ADD FOREIGN KEY (reviewer_id) REFERENCES customers (id)",
    "ALTER TABLE reviews ADD FOREIGN KEY (referrer_id) REFERENCES customers (id)",
    "ALTER TABLE coupons ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
    "ALTER TABLE shipments ADD FOREIGN KEY (order_id, product_id) REFERENCES order_items (order_id, product_id)",
    "ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES employees (id)",
    "ALTER TABLE employees ADD FOREIGN KEY (department_id) REFERENCES departments (id)",
    "ALTER TABLE employees ADD FOREIGN KEY (manager_id) REFERENCES employees (id)",
    "ALTER TABLE orders ADD CHECK (shipped_at > ordered_at AND shipped_at <= ordered_at + interval '240 hours')",
    "ALTER TABLE orders ADD CHECK (item_count BETWEEN 1 AND 5)",
    "ALTER TABLE order_items ADD CHECK (quantity BETWEEN 1 AND 5 AND amount BETWEEN 1 AND 500)",
    "ALTER TABLE reviews ADD CHECK (reviewer_id <> referrer_id)",
    "ALTER TABLE customer_profiles ADD CHECK (score BETWEEN 1 AND 100)",
]

# Each query counts rows that break a rule: every one must return 0.
VIOLATIONS = {
    "order after signup, within a year": """
        SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id
        WHERE o.ordered_at < c.signup_at OR o.ordered_at > c.signup_at + interval '366 days'""",
    "total equals the sum of its lines": """
        SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, sum(amount) s, count(*) n FROM order_items
        GROUP BY order_id) i ON i.order_id = o.id WHERE o.total <> i.s OR o.item_count <> i.n""",
    "tier copied from the customer": """
        SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.customer_tier <> c.tier""",
    "only active customers order (parent filter)": """
        SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.status <> 'active'""",
    "at most 2 coupons per customer (cap)": """
        SELECT count(*) FROM (SELECT customer_id FROM coupons GROUP BY customer_id HAVING count(*) > 2) t""",
    "one profile per customer (records: unique)": """
        SELECT (SELECT count(*) FROM customers) - (SELECT count(DISTINCT customer_id) FROM customer_profiles)""",
    "running lifetime total": """
        SELECT count(*) FROM (SELECT customer_lifetime_total, sum(total) OVER (PARTITION BY customer_id
        ORDER BY id) s FROM orders) t WHERE customer_lifetime_total <> s""",
    "previous order total": """
        SELECT count(*) FROM (SELECT previous_order_total p, lag(total) OVER (PARTITION BY customer_id
        ORDER BY id) l FROM orders) t WHERE p IS DISTINCT FROM l""",
    "rank of the line within its order": """
        SELECT count(*) FROM (SELECT line_rank, rank() OVER (PARTITION BY order_id ORDER BY amount DESC) r
        FROM order_items) t WHERE line_rank <> r""",
    "hierarchy at most 4 levels deep": """
        WITH RECURSIVE chain(id, depth) AS (SELECT id, 1 FROM employees WHERE manager_id IS NULL
        UNION ALL SELECT e.id, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.id)
        SELECT (SELECT count(*) FROM chain WHERE depth > 4) + (SELECT count(*) FROM employees)
               - (SELECT count(*) FROM chain)""",
}


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    path = synthdb.generate(DEFINITION, "csv", tmp_path_factory.mktemp("relations") / "relations.zip")
    with zipfile.ZipFile(path) as archive:
        return {name.removesuffix(".csv"): archive.read(name) for name in archive.namelist() if name.endswith(".csv")}


def test_every_constraint_holds_in_postgresql(csv_files: dict[str, bytes], postgres_url: str) -> None:
    import psycopg

    assert set(csv_files) == set(COLUMNS)
    with psycopg.connect(postgres_url) as conn:
        for table, columns in COLUMNS.items():
            conn.execute(f"CREATE TABLE {table} ({columns})")
            with conn.cursor().copy(f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write(csv_files[table])
        # PostgreSQL checks every existing row when a constraint is added: any violation fails here.
        for statement in CONSTRAINTS:
            conn.execute(statement)
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COLUMNS}  # type: ignore[index]
        assert counts["order_items"] > 1_000_000
        assert counts["customers"] == counts["customer_profiles"] == 300_000
        for rule, query in VIOLATIONS.items():
            assert conn.execute(query).fetchone()[0] == 0, rule  # type: ignore[index]
        _check_distributions(conn)


def _check_distributions(conn: Any) -> None:
    # Orders per active customer: Poisson(2.5) capped at 10. With ~210,000 customers the sample mean's
    # standard error is 0.0035 and the variance's about 0.01, so these tolerances are over 5 sigma.
    mean, variance, top = conn.execute("""
        SELECT avg(n), var_pop(n), max(n) FROM (SELECT c.id, count(o.id) n FROM customers c
        LEFT JOIN orders o ON o.customer_id = c.id WHERE c.status = 'active' GROUP BY c.id) t""").fetchone()
    assert abs(float(mean) - 2.5) < 0.02 and abs(float(variance) - 2.5) < 0.06 and top <= 10
    # Lines per order: uniform on 1..5, each share 20% within 0.5 points (standard error 0.06 points).
    shares = conn.execute("""SELECT item_count, count(*)::float / sum(count(*)) OVER () FROM orders
                             GROUP BY item_count ORDER BY 1""").fetchall()
    assert [k for k, _ in shares] == [1, 2, 3, 4, 5]
    assert all(abs(share - 0.2) < 0.005 for _, share in shares)
    # The share of active customers follows the 7:3 weights.
    active = conn.execute("SELECT avg((status = 'active')::int) FROM customers").fetchone()[0]
    assert abs(float(active) - 0.7) < 0.005


def test_relational_features_are_deterministic(pool_ran: None, tmp_path: Path) -> None:
    small: dict[str, Any] = {"n_customers": 3000, "n_products": 300}
    runs = [(1_000, 1), (65_536, 1), (1_000, 2)]
    outputs = [synthdb.generate(DEFINITION, "csv", tmp_path / f"{i}.zip", variables=small, batch_size=b,
                                workers=w).read_bytes() for i, (b, w) in enumerate(runs)]
    assert outputs[0] == outputs[1] == outputs[2]
    with zipfile.ZipFile(io.BytesIO(outputs[0])) as archive:
        assert archive.read("order_items.csv").count(b"\n") > 10_000
