"""Card transactions that agree with each other: Merchant Category Code (ISO 18245), its description, Merchant
Name, Transaction Type, Transaction Description and Transaction Amount (coherence group "merchant").

Each row's MCC is drawn once for the group (weighted by an estimate of its share of US card transactions),
so a grocery MCC comes with a grocery store, a purchase or a refund, "POS PURCHASE FRESHMART #0412" and a
grocery-sized amount even when the columns know nothing of each other. A column holding MCCs (this row's
or a parent's, `mcc_field: merchant_id.mcc`) is read instead when the table has one. The table is
synthdb/data/finance/merchants.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.arrays import decimal_from_scaled
from synthdb.generators.helpers.common import FINANCE, as_strings, find_sibling, require_field
from synthdb.generators.helpers.reference import package_data
from synthdb.generators.registry import register


@dataclass(frozen=True)
class _Merchants:
    codes: pa.Array
    descriptions: pa.Array
    shares: tuple[float, ...]
    median: np.ndarray
    spread: np.ndarray
    round_to: np.ndarray  # cents: ATMs pay out in twenties
    names: pa.Array  # every merchant name, grouped by MCC
    name_start: np.ndarray
    name_count: np.ndarray
    kind: np.ndarray  # index into `kinds` per MCC
    kinds: list[list[tuple[int, float]]]  # per kind: (type index, weight)
    types: pa.Array
    descriptors: list[list[str]]  # per type


@cache
def merchant_table() -> _Merchants:
    """merchants.json as flat arrays indexed by MCC."""
    data = package_data("finance/merchants.json")
    mccs = data["mcc"]
    codes = list(mccs)
    types = [t for kind in data["kinds"].values() for t, _ in kind]
    types = list(dict.fromkeys(types))
    kind_names = list(data["kinds"])
    counts = np.array([len(mccs[c]["merchants"]) for c in codes])
    return _Merchants(
        pa.array(codes), pa.array([mccs[c]["description"] for c in codes]),
        tuple(float(mccs[c]["share"]) for c in codes),
        np.array([mccs[c]["median"] for c in codes], dtype=float),
        np.array([mccs[c]["spread"] for c in codes], dtype=float),
        np.array([round(mccs[c].get("round_to", 0.01) * 100) for c in codes], dtype=np.int64),
        pa.array([m for c in codes for m in mccs[c]["merchants"]]),
        np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64), counts,
        np.array([kind_names.index(mccs[c].get("kind", "purchase")) for c in codes]),
        [[(types.index(t), float(w)) for t, w in data["kinds"][k]] for k in kind_names],
        pa.array(types), [data["descriptors"][t] for t in types])


class MerchantParams(ParamsModel):
    """`mcc_field`: a column holding the MCC to agree with (found by itself when the table has an MCC column)."""

    model_config = ConfigDict(extra="ignore")
    mcc_field: str | None = None


class _MerchantGenerator(Generator[MerchantParams]):
    """Shared by the generators that follow the row's MCC."""

    category = FINANCE
    Params = MerchantParams
    _mcc: str | None = None

    def setup(self) -> None:
        name = self.params.mcc_field
        if name is not None and "." not in name:  # a dotted parent column is resolved by the planner
            require_field(self.entity, name, "mcc_field", other_than=self.field.name)
        self._mcc = name or find_sibling(self, MerchantCategoryCode)

    def dependencies(self) -> list[str]:
        return [self._mcc] if self._mcc else []

    def mcc_index(self, ctx: ColumnContext) -> np.ndarray:
        """The MCC of each row (index into the table): read from the MCC column, else the group's draw."""
        table = merchant_table()
        drawn = ctx.group("merchant").child("mcc").choice(ctx.rows, len(table.shares), table.shares)
        if not self._mcc:
            return drawn
        found = pc.index_in(as_strings(ctx.columns[self._mcc]), value_set=table.codes)
        index = found.to_numpy(zero_copy_only=False)
        # An MCC outside the table (or null) keeps the group's draw: the row still reads as one merchant.
        return np.where(pc.is_null(found).to_numpy(zero_copy_only=False), drawn, np.nan_to_num(index)).astype(np.int64)


def _merchant(ctx: ColumnContext, mcc: np.ndarray) -> np.ndarray:
    """Index of the row's merchant name among all names, within its MCC's list."""
    table = merchant_table()
    u = ctx.group("merchant").child("merchant").uniform(ctx.rows)
    count = table.name_count[mcc]
    return table.name_start[mcc] + np.minimum((u * count).astype(np.int64), count - 1)


def _type(ctx: ColumnContext, mcc: np.ndarray) -> np.ndarray:
    """Index of the row's transaction type, drawn among the types its MCC's kind allows."""
    table = merchant_table()
    u = ctx.group("merchant").child("type").uniform(ctx.rows)
    out = np.zeros(len(mcc), dtype=np.int64)
    for kind, choices in enumerate(table.kinds):
        rows = table.kind[mcc] == kind
        if not rows.any():
            continue
        weights = np.cumsum([w for _, w in choices])
        pick = np.minimum(np.searchsorted(weights, u[rows] * weights[-1], side="right"), len(choices) - 1)
        out[rows] = np.array([t for t, _ in choices])[pick]
    return out


@register
class MerchantCategoryCode(Generator[NoParams]):
    """Four-digit ISO 18245 merchant category codes, weighted by their share of card transactions."""

    display_name = "Merchant Category Code"
    key = "merchant_category_code"
    aliases = ("mcc", "mcc_code", "iso_18245")
    category = FINANCE
    description = "An ISO 18245 merchant category code such as 5411 (grocery stores), common ones more often."

    def capacity(self) -> int | None:
        return len(merchant_table().codes)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table = merchant_table()
        return table.codes.take(pa.array(ctx.group("merchant").child("mcc").choice(ctx.rows, len(table.shares),
                                                                                    table.shares)))


@register
class MCCDescription(_MerchantGenerator):
    """The network description of the row's MCC: Grocery Stores and Supermarkets."""

    display_name = "MCC Description"
    key = "mcc_description"
    aliases = ("merchant_category", "merchant_category_description", "mcc_name")
    description = "The description of the row's merchant category code, as Visa words it (Grocery Stores and ...)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return merchant_table().descriptions.take(pa.array(self.mcc_index(ctx)))


@register
class MerchantName(_MerchantGenerator):
    """A (fictional) merchant of the row's MCC: FreshMart for 5411, CityCab for 4121."""

    display_name = "Merchant Name"
    key = "merchant_name"
    aliases = ("merchant", "payee", "store_name")
    description = "A fictional merchant that fits the row's merchant category code (FreshMart for groceries)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return merchant_table().names.take(pa.array(_merchant(ctx, self.mcc_index(ctx))))


@register
class TransactionType(_MerchantGenerator):
    """Purchase, Refund, ATM Withdrawal, Transfer, Bill Payment or Subscription, as the row's MCC allows."""

    display_name = "Transaction Type"
    key = "transaction_type"
    aliases = ("txn_type", "transaction_kind")
    description = "Purchase, Refund, ATM Withdrawal, Transfer, Bill Payment or Subscription, fitting the row's MCC."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return merchant_table().types.take(pa.array(_type(ctx, self.mcc_index(ctx))))


class DescriptionParams(MerchantParams):
    """`merchant_field`: a column holding the merchant name to write (else the row's drawn merchant)."""

    merchant_field: str | None = None


@register
class TransactionDescription(_MerchantGenerator):
    """Bank-statement lines: POS PURCHASE FRESHMART #0412, ATM WITHDRAWAL FIRST NATIONAL BANK #2291."""

    display_name = "Transaction Description"
    key = "transaction_description"
    aliases = ("transaction_memo", "statement_descriptor", "txn_description")
    description = "A bank-statement line such as POS PURCHASE FRESHMART #0412, of the row's merchant and type."
    Params = DescriptionParams
    params: DescriptionParams
    _merchant_column: str | None = None

    def setup(self) -> None:
        super().setup()
        name = self.params.merchant_field
        if name is not None and "." not in name:
            require_field(self.entity, name, "merchant_field", other_than=self.field.name)
        self._merchant_column = name or find_sibling(self, MerchantName)

    def dependencies(self) -> list[str]:
        return [*super().dependencies(), *([self._merchant_column] if self._merchant_column else [])]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table, rows, stream = merchant_table(), ctx.rows, ctx.stream
        mcc = self.mcc_index(ctx)
        kind = _type(ctx, mcc)
        if self._merchant_column:
            drawn = table.names.take(pa.array(_merchant(ctx, mcc)))
            merchant = pc.coalesce(as_strings(ctx.columns[self._merchant_column]), drawn)
        else:
            merchant = table.names.take(pa.array(_merchant(ctx, mcc)))
        prefixes = [p for ps in table.descriptors for p in ps]
        start = np.cumsum([0] + [len(ps) for ps in table.descriptors])
        count = np.diff(start)
        which = start[kind] + np.minimum((stream.uniform(rows, draw=1) * count[kind]).astype(np.int64),
                                         count[kind] - 1)
        store = pa.array(stream.integers(rows, 1, 9999, draw=2)).cast(pa.string())
        store = pc.utf8_lpad(store, 4, "0")
        line = pc.binary_join_element_wise(pa.array(prefixes).take(pa.array(which)), pc.utf8_upper(merchant),
                                           pc.binary_join_element_wise("#", store, ""), " ")
        return line


@register
class TransactionAmount(_MerchantGenerator):
    """Amounts the size of the row's merchant's tickets: log-normal around the MCC's median (a coffee, a flight)."""

    display_name = "Transaction Amount"
    key = "transaction_amount"
    aliases = ("txn_amount", "purchase_amount")
    description = "A positive amount in dollars and cents, log-normal around the typical ticket of the row's MCC."
    arrow = pa.decimal128(18, 2)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table = merchant_table()
        mcc = self.mcc_index(ctx)
        z = ctx.stream.normal(ctx.rows)
        amount = table.median[mcc] * detmath.exp(table.spread[mcc] * z)
        step = table.round_to[mcc]
        cents = np.maximum(np.round(amount * 100 / step).astype(np.int64), 1) * step
        return decimal_from_scaled(cents, 18, 2)
