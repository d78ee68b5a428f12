"""Phone, Mobile Phone, Landline Phone, Toll-Free Number and Phone Country Code for the locale's region.

Numbers come from the region's numbering plan in phonenumbers' metadata (see generators/helpers/phonedata.py):
every value is valid for its region (``phonenumbers.is_valid_number_for_region``) and is laid out the
way phonenumbers formats it: national "(201) 555-0123" / "030 12345678", international
"+49 30 12345678", or E.164 "+493012345678"; a pattern of '#' digits gives any other layout.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.catalog.geo.address import _StreetColumn
from synthdb.generators.catalog.geo.geography import CountryColumn, world
from synthdb.generators.catalog.geo.places import PlaceColumn, group_is_unique
from synthdb.generators.helpers.areacodes import LocalPlan, local_plan
from synthdb.generators.helpers.bundled import source_of
from synthdb.generators.helpers.common import CONTACT, is_unique, locale_of
from synthdb.generators.helpers.geodata import group_fields, locale_country, place_rows, place_table_key, places
from synthdb.generators.helpers.phonedata import NumberPlan, PlanError, e164_layouts, number_plan, pattern_layouts
from synthdb.generators.helpers.refcache import cached_table, column_of
from synthdb.generators.helpers.reference import LocaleParams
from synthdb.generators.registry import register

NAMED = ("national", "international", "e164")
# Fixed North American layouts kept from the first catalogue; elsewhere they apply when the '#'s fit.
LEGACY = {
    "dashes": "###-###-####",
    "dots": "###.###.####",
    "spaces": "### ### ####",
}


class PhoneParams(LocaleParams):
    """Parameters of the phone generators: `format` national, international, e164, digits or a '#' pattern."""

    format: str = "national"

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        text = "national" if value is None else str(value).strip()
        named = text.lower().replace("-", "").replace("_", "").replace(".", "")
        if named in NAMED or named == "digits":
            return named
        if named in LEGACY:
            return LEGACY[named]
        if "#" not in text:
            raise ValueError(f"use one of {', '.join((*NAMED, 'digits', *LEGACY))} or a pattern of '#' digits, "
                             f"got '{text}'")
        return text


class _PhoneColumn(Generator[PhoneParams]):
    """A number of the locale's region of the types in `kinds`."""

    category = CONTACT
    unique_values = True
    Params = PhoneParams
    kinds: ClassVar[tuple[str, ...]] = ("fixed_line", "mobile")

    def region(self) -> str:
        return locale_country(locale_of(self))

    def plan(self) -> NumberPlan:
        plan = number_plan(self.region(), self.kinds)
        fmt = self.params.format
        if fmt in NAMED or fmt == "digits":
            return plan
        # A '#' pattern fixes the number of digits: keep the national lengths it can hold.
        marks = fmt.count("#")
        code = len(plan.country_code)
        fitting = tuple(sorted({int(n) for n in plan.lengths} & {marks, marks - code}))
        if not fitting:
            try:
                return number_plan(self.region(), self.kinds, tuple(sorted({marks, marks - code})))
            except PlanError:
                raise ParamError("format", f"'{fmt}' has {marks} '#' digits; {self.region()} numbers have "
                                 f"{sorted({int(n) for n in plan.lengths})} (plus {code} for the country "
                                 "code)") from None
        return number_plan(self.region(), self.kinds, fitting)

    def layouts(self, plan: NumberPlan) -> list[bytes]:
        fmt = self.params.format
        if fmt == "e164":
            return e164_layouts(plan)
        if fmt == "digits":
            return [b"#" * int(n) for n in plan.lengths]
        if fmt in NAMED:
            return plan.layouts[fmt]
        found = pattern_layouts(plan, fmt)
        if found is None:
            raise ParamError("format", f"'{fmt}' does not fit every {self.region()} number length")
        return found

    _area_codes = False
    _city_codes = False

    def setup(self) -> None:
        try:
            self.layouts(self.plan())
        except PlanError as exc:
            raise ParamError("locale", str(exc)) from exc
        # Beside a US address, the number takes the area code of the address's ZIP code; elsewhere a
        # fixed-line number takes an area code phonenumbers gives the address's city (or region).
        beside = not is_unique(self) and bool(group_fields(self, (PlaceColumn, _StreetColumn)))
        self._area_codes = beside and self.region() == "US" and "toll_free" not in self.kinds
        self._city_codes = beside and self.region() != "US" and "fixed_line" in self.kinds

    def capacity(self) -> int | None:
        return self.plan().capacity

    def generate(self, ctx: ColumnContext) -> pa.Array:
        plan = self.plan()
        if self._area_codes:
            seq, digits = self._local_numbers(ctx, plan)
        else:
            seq, offset = plan.pick(ctx.rows, ctx.stream, is_unique(self))
            digits = plan.national_digits(seq, offset)
        numbers = plan.render(seq, digits, self.layouts(plan))
        if self._city_codes:
            numbers = self._city_numbers(ctx, plan, seq, numbers)
        return numbers

    def _city_numbers(self, ctx: ColumnContext, plan: NumberPlan, seq: np.ndarray, numbers: pa.Array) -> pa.Array:
        """Fixed-line numbers in an area code of the row's city (or region), where phonenumbers knows one."""
        key = place_table_key(locale_of(self))
        key = key if key.partition("@")[0] == self.region() else self.region()  # the table the address reads
        table = places(key)
        if table.area_lists is None:
            return numbers
        lengths = tuple(sorted({int(n) for n in plan.lengths}))
        usable = _usable_prefixes(key, lengths)
        if usable is None:
            return numbers
        local, offsets, values = usable
        index = place_rows(ctx, table, group_is_unique(self))
        counts = (offsets[1:] - offsets[:-1])[index]
        stream = ctx.stream.child("city area")
        pick = np.minimum((stream.uniform(ctx.rows) * counts).astype(np.int64), np.maximum(counts - 1, 0))
        # Mobile numbers have no area: only rows whose drawn number is a fixed line move to the city's code.
        eligible = (counts > 0) & _fixed_sequences(plan.region, self.kinds, plan.lengths.tobytes())[seq]
        prefix = np.where(eligible, values[np.minimum(offsets[index] + pick, max(len(values) - 1, 0))], -1)
        local_seq, local_offset = local.pick(prefix, ctx.rows, stream.child("number"))
        chosen = local_seq >= 0
        if not chosen.any():
            return numbers
        try:
            layouts = self.layouts(local.plan)
        except ParamError:  # a '#' pattern that fits none of the area-coded lengths: keep the plain numbers
            return numbers
        digits = local.plan.national_digits(local_seq[chosen], local_offset[chosen])
        moved = local.plan.render(local_seq[chosen], digits, layouts)
        order = np.arange(len(ctx.rows))
        order[chosen] = len(ctx.rows) + np.arange(int(chosen.sum()))
        return pa.concat_arrays([numbers.cast(pa.string()), moved.cast(pa.string())]).take(pa.array(order))

    def _local_numbers(self, ctx: ColumnContext, plan: NumberPlan) -> tuple[np.ndarray, np.ndarray]:
        """(sequence, national digits) per row: numbers in the area code of the row's ZIP code where the
        plan has that area code, else a number drawn from the whole plan (only for those rows: a draw is
        row by row pure, so drawing for fewer rows changes none)."""
        index = place_rows(ctx, places("US"), group_is_unique(self))
        codes = _us_area_codes()[index]
        segments, keys, sequences = _area_table(plan.region, self.kinds, plan.lengths.tobytes())
        segment = np.where(codes >= 0, segments[np.maximum(codes, 0)], -1)
        local = segment >= 0
        seq = np.empty(len(ctx.rows), dtype=np.int64)
        offset = np.empty(len(ctx.rows), dtype=np.int64)
        if not local.all():
            seq[~local], offset[~local] = plan.pick(ctx.rows[~local], ctx.stream, False)
        if not local.any():
            return seq, plan.national_digits(seq, offset)
        stream = ctx.stream.child("area")
        rows = ctx.rows[local]
        pick = _search_segments(keys, segment[local], stream.uniform(rows))
        new_seq = sequences[np.minimum(pick, len(sequences) - 1)]
        new_offset = np.floor(stream.uniform(rows, draw=1) * plan.sizes[new_seq]).astype(np.int64)
        # Decoding is row by row pure, so one call over the merged (sequence, offset) pairs gives every row.
        seq[local], offset[local] = new_seq, np.minimum(new_offset, plan.sizes[new_seq] - 1)
        digits = plan.national_digits(seq, offset)
        area = codes[local]
        at = np.flatnonzero(local)
        for position, spelled in enumerate(_AREA_DIGITS):  # digits[:, p] is contiguous (position-major)
            digits[at, position] = spelled[area]
        return seq, digits


def _search_segments(keys: np.ndarray, segment: np.ndarray, u: np.ndarray) -> np.ndarray:
    """np.searchsorted(keys, segment + u, side="right"), counted within the segment: a segment's keys lie
    in (segment, segment + 1], one after the other, and a segment holds few (two for the US plan), where
    a binary search over all 718 keys took a fifth of the phone column's time."""
    x = segment + u
    starts, members = _segment_keys(keys.tobytes())
    pick = starts[segment]
    for member_keys in members:  # +inf past a segment's last key
        pick += member_keys[segment] <= x
    return pick


@cache
def _segment_keys(packed: bytes) -> tuple[np.ndarray, list[np.ndarray]]:
    """Per segment, the index of its first key, and its keys by position (+inf where it has fewer)."""
    keys = np.frombuffer(packed, dtype=np.float64)
    owner = np.ceil(keys).astype(np.int64) - 1
    counts = np.bincount(owner, minlength=int(owner.max(initial=-1)) + 1)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    members = []
    for member in range(int(counts.max(initial=0))):
        has = counts > member
        by_segment = np.full(len(counts), np.inf)
        by_segment[has] = keys[starts[has] + member]
        members.append(by_segment)
    return starts, members


# The ASCII digit at each of an area code's three positions, by area code (a lookup, not 3 divisions).
_AREA_DIGITS = [(ord("0") + np.arange(1000) // power % 10).astype(np.uint8) for power in (100, 10, 1)]


@cache
def _us_area_codes() -> np.ndarray:
    """The area code of each US place as an integer (-1: none), converted once rather than per batch."""
    codes = places("US").area_codes
    assert codes is not None
    wanted = pc.cast(pc.if_else(pc.equal(codes, ""), None, codes), pa.int64())
    return np.asarray(pc.fill_null(wanted, -1).to_numpy(zero_copy_only=False))


@cache
def _usable_prefixes(key: str, lengths: tuple[int, ...]) -> tuple[LocalPlan, np.ndarray, np.ndarray] | None:
    """The local plan of a country's area prefixes, and per place of the place table `key` (offsets,
    prefix ids) of the prefixes it has numbers for (China describes mobile blocks by city too; those
    have no fixed lines)."""
    lists = places(key).area_lists
    assert lists is not None
    local = local_plan(key.partition("@")[0], lengths)
    if local is None:
        return None
    position = {p: i for i, p in enumerate(local.prefixes)}
    has = local.starts[1:] > local.starts[:-1]
    offsets, values = [0], []
    for entry in lists.to_pylist():
        values += [position[p] for p in entry if has[position[p]]]
        offsets.append(len(values))
    return local, np.array(offsets, dtype=np.int64), np.array(values or [0], dtype=np.int64)


@cache
def _fixed_sequences(region: str, kinds: tuple[str, ...], lengths: bytes) -> np.ndarray:
    """Per sequence of the plan: True when its numbers are fixed lines (checked on one number each)."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    plan = number_plan(region, kinds)
    if plan.lengths.tobytes() != lengths:
        plan = number_plan(region, kinds, tuple(sorted({int(n) for n in np.frombuffer(lengths, plan.lengths.dtype)})))
    digits = plan.national_digits(np.arange(len(plan.sizes)), np.zeros(len(plan.sizes), dtype=np.int64))
    fixed = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
    flags = []
    for i, row in enumerate(digits):
        national = bytes(row[: int(plan.lengths[i])]).decode()
        flags.append(phonenumbers.number_type(phonenumbers.parse(f"+{plan.country_code}{national}")) in fixed)
    return np.array(flags, dtype=bool)


@cache
def _area_table(region: str, kinds: tuple[str, ...], lengths: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For NANP plans: area code → segment id (-1: none), and per segment the sequences holding that area
    code with cumulative weights (segment id + share in (0, 1]) for one vectorized searchsorted.

    Kept in the reference cache beside the plan it is built from (building it took 6 ms of a start)."""
    def as_table() -> pa.Table:
        segments, keys, sequences = _built_area_table(region, kinds, lengths)
        return pa.table({"segments": [segments], "keys": [keys], "sequences": [sequences]})

    inputs = (source_of(__name__), source_of("synthdb.generators.helpers.phonedata"))
    table = cached_table(f"area-table-{region}-{'+'.join(kinds)}", ("phonenumbers",), as_table, inputs,
                         (lengths.hex(),))
    segments, keys, sequences = (column_of(table, name).values.to_numpy() for name in ("segments", "keys", "sequences"))
    return segments, keys, sequences


def _built_area_table(region: str, kinds: tuple[str, ...], lengths: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    plan = number_plan(region, kinds)
    plan = plan if plan.lengths.tobytes() == lengths else number_plan(
        region, kinds, tuple(sorted({int(n) for n in np.frombuffer(lengths, dtype=plan.lengths.dtype)})))
    holders: dict[int, list[int]] = {}
    for i in range(len(plan.sizes)):
        allowed = [plan.digits[i, p, : plan.radix[i, p]] - ord("0") for p in range(3)]
        for a in allowed[0]:
            for b in allowed[1]:
                for c in allowed[2]:
                    holders.setdefault(int(a) * 100 + int(b) * 10 + int(c), []).append(i)
    segments = np.full(1000, -1, dtype=np.int64)
    keys: list[float] = []
    sequences: list[int] = []
    for segment, (code, members) in enumerate(sorted(holders.items())):
        segments[code] = segment
        weights = np.array([plan.sizes[m] / plan.radix[m, :3].prod() for m in members], dtype=np.float64)
        keys += list(segment + np.cumsum(weights) / weights.sum())
        sequences += members
    return segments, np.array(keys), np.array(sequences, dtype=np.int64)


@register
class Phone(_PhoneColumn):
    """A landline or mobile number valid for the locale's region."""

    display_name = "Phone"
    key = "phone"
    aliases = ("phone_number", "telephone", "phone_number_us", "telephone_number")
    description = ("A landline or mobile number valid for the locale's region, e.g. (415) 555-0134; format: "
                   "national, international (+1 415-555-0134), e164 (+14155550134), digits or a '#' pattern.")


@register
class MobilePhone(_PhoneColumn):
    """A mobile number valid for the locale's region."""

    display_name = "Mobile Phone"
    key = "mobile_phone"
    aliases = ("cell_phone", "mobile_number", "cell_phone_number", "mobile")
    description = "A mobile number valid for the locale's region, e.g. 0151 23456789 (de_DE); same formats as Phone."
    kinds = ("mobile",)


@register
class LandlinePhone(_PhoneColumn):
    """A fixed-line number valid for the locale's region."""

    display_name = "Landline Phone"
    key = "landline_phone"
    aliases = ("fixed_line_phone", "home_phone", "work_phone", "fax_number", "fax")
    description = "A fixed-line (geographic) number valid for the locale's region; same formats as Phone."
    kinds = ("fixed_line",)


@register
class TollFreeNumber(_PhoneColumn):
    """A toll-free number valid for the locale's region (800/888 in the US, 0800 in Europe)."""

    display_name = "Toll-Free Number"
    key = "toll_free_number"
    aliases = ("toll_free_phone", "freephone")
    description = "A toll-free number valid for the locale's region, e.g. (800) 555-0199; same formats as Phone."
    kinds = ("toll_free",)


class CountryCallingCodeParams(LocaleParams):
    """Parameters of Phone Country Code: `plus` writes "+49" rather than "49"."""

    plus: bool = True


@register
class PhoneCountryCode(CountryColumn):
    """The international calling code of the row's country ("+1", "+44", "+81").

    Like Country: with phone or address columns in its group it is the locale's code (the one the
    row's numbers use); otherwise the code of a country the group draws, agreeing with a Country column.
    """

    display_name = "Phone Country Code"
    key = "phone_country_code"
    aliases = ("country_calling_code", "calling_code", "dialing_code", "dial_code")
    category = CONTACT
    unique_values = False
    description = ("The international calling code of the row's country, e.g. +44: the locale's when the row "
                   "has phone or address columns, else that of the group's country; plus: false drops '+'.")
    Params = CountryCallingCodeParams
    params: CountryCallingCodeParams

    def setup(self) -> None:
        super().setup()
        self._local = self._local or bool(group_fields(self, _PhoneColumn))

    def values(self) -> pa.Array:
        return calling_codes(self.params.plus)


@cache
def calling_codes(plus: bool) -> pa.Array:
    """The calling code of every country of `world()`, aligned with it."""
    import phonenumbers

    codes = [str(phonenumbers.country_code_for_region(c)) for c in world()["alpha2"].to_pylist()]
    return pa.array([("+" if plus else "") + c for c in codes], pa.string())
