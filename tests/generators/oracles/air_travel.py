"""Oracles for "Air travel": airportsdata for airports, IATA/ICAO designators, FAA N-number rules."""

from __future__ import annotations

from collections import Counter

import airportsdata
from babel import Locale

from generators.oracles.base import Sample, cached, companion, custom, each, entry, matches, member_of, per_row
from generators.oracles.stats import chi_square, share_is


@cached
def _airports() -> dict[str, dict]:
    return airportsdata.load("IATA")


def _airport(code: str) -> dict:
    return _airports()[code]


# Airline designators as published by IATA (2-character) and ICAO (3-letter), for well-known carriers.
_DESIGNATORS = {
    "Lufthansa": ("LH", "DLH"), "British Airways": ("BA", "BAW"), "Air France": ("AF", "AFR"),
    "KLM Royal Dutch Airlines": ("KL", "KLM"), "American Airlines": ("AA", "AAL"), "Delta Air Lines": ("DL", "DAL"),
    "United Airlines": ("UA", "UAL"), "Southwest Airlines": ("WN", "SWA"), "Emirates": ("EK", "UAE"),
    "Qatar Airways": ("QR", "QTR"), "Singapore Airlines": ("SQ", "SIA"), "Cathay Pacific": ("CX", "CPA"),
    "Qantas": ("QF", "QFA"), "Ryanair": ("FR", "RYR"), "easyJet": ("U2", "EZY"), "Turkish Airlines": ("TK", "THY"),
    "Iberia": ("IB", "IBE"), "Air Canada": ("AC", "ACA"), "Japan Airlines": ("JL", "JAL"),
    "All Nippon Airways": ("NH", "ANA"), "Korean Air": ("KE", "KAL"), "Air China": ("CA", "CCA"),
    "China Southern Airlines": ("CZ", "CSN"), "JetBlue Airways": ("B6", "JBU"), "Alaska Airlines": ("AS", "ASA"),
    "Finnair": ("AY", "FIN"), "Thai Airways": ("TG", "THA"), "LOT Polish Airlines": ("LO", "LOT"),
    "EgyptAir": ("MS", "MSR"), "Aer Lingus": ("EI", "EIN"), "Etihad Airways": ("EY", "ETD"),
}


def _designator_oracle(position: int) -> object:
    @custom("spec", "IATA/ICAO designators of well-known carriers (published codes) agree with the row's airline")
    def check(sample: Sample) -> None:
        rows = [(v, n) for v, n in sample.pairs("airline") if n in _DESIGNATORS]
        assert len(rows) >= len(sample.values) // 10, f"only {len(rows)} rows of known carriers to check"
        bad = [(v, n) for v, n in rows if _DESIGNATORS[n][position] != v]
        assert not bad, f"{len(bad)} wrong designators, e.g. {bad[:5]}"
    return check


@custom("spec", "IATA/ICAO designators of well-known carriers agree with the row's airline name")
def _airline_name(sample: Sample) -> None:
    rows = [(n, c) for n, c in sample.pairs("code") if n in _DESIGNATORS]
    assert len(rows) >= len(sample.values) // 10, f"only {len(rows)} rows of known carriers"
    bad = [(n, c) for n, c in rows if _DESIGNATORS[n][0] != c]
    assert not bad, bad[:5]


# ICAO Doc 8643 manufacturers of current airliners.
_MAKERS = ("Airbus", "Boeing", "ATR", "Bombardier", "Embraer", "De Havilland Canada", "Comac", "Sukhoi", "Mitsubishi")


@cached
def _cldr_names() -> dict[str, str]:
    """English territory name -> ISO 3166 alpha-2, from CLDR (babel)."""
    return {name: code for code, name in Locale("en").territories.items() if len(code) == 2}


def _cldr_code(name: str) -> str | None:
    return _cldr_names().get(name)


def _same_place(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


@custom("statistical", "PNR characters uniform over the 31 allowed (chi-square, alpha=0.001)")
def _pnr_chars(sample: Sample) -> None:
    chars = Counter(ch for v in sample.values for ch in v)
    allowed = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    assert set(chars) <= set(allowed), set(chars) - set(allowed)
    from scipy import stats
    result = stats.chisquare([chars.get(c, 0) for c in allowed])
    assert result.pvalue >= 1e-3, result


ENTRIES = {
    "aircraft_registration": entry(
        # FAA 14 CFR 47.15: N, a first digit 1-9, up to five characters, at most two trailing letters, no I/O.
        matches(r"N[1-9](\d{0,4}|\d{0,3}[A-HJ-NP-Z]|\d{0,2}[A-HJ-NP-Z]{2})", "FAA N-number (14 CFR 47.15)")),
    "aircraft_type": entry(
        each(lambda v: v.startswith(_MAKERS), "ICAO Doc 8643 airliner manufacturer"),
        matches(r"(Airbus|Boeing|ATR|Bombardier|Embraer|De Havilland Canada) [A-Z0-9][A-Za-z0-9 \-]+",
                "manufacturer and model designation")),
    "airline_code": entry(matches(r"(?![0-9]{2})[A-Z0-9]{2}", "IATA airline designator (Resolution 762)"),
                          _designator_oracle(0), companions=[companion("airline", "airline_name")]),
    "airline_icao_code": entry(matches(r"[A-Z]{3}", "ICAO airline designator (Doc 8585)"),
                               _designator_oracle(1), companions=[companion("airline", "airline_name")]),
    "airline_name": entry(_airline_name, companions=[companion("code", "airline_code")]),
    "airport_city": entry(per_row("iata", lambda v, c: _same_place(v, _airport(c)["city"]), "airportsdata city"),
                          companions=[companion("iata", "airport_code")]),
    "airport_code": entry(member_of(lambda: set(_airports()), "airportsdata IATA codes"),
                          per_row("icao", lambda v, c: _airport(v)["icao"] == c, "airportsdata ICAO of the IATA code"),
                          companions=[companion("icao", "airport_icao_code")]),
    "airport_country": entry(
        per_row("alpha2", lambda v, c: _cldr_code(v) == c, "CLDR English name (babel) of the row's alpha2"),
        per_row("iata", lambda v, c: _cldr_code(v) == _airport(c)["country"], "airportsdata country of the airport"),
        companions=[companion("alpha2", "airport_country", code="alpha2"), companion("iata", "airport_code")]),
    "airport_icao_code": entry(
        matches(r"[A-Z]{4}", "ICAO location indicator (Doc 7910)"),
        per_row("iata", lambda v, c: _airport(c)["icao"] == v, "airportsdata ICAO of the row's IATA code"),
        companions=[companion("iata", "airport_code")]),
    "airport_name": entry(per_row("iata", lambda v, c: v == _airport(c)["name"], "airportsdata name"),
                          companions=[companion("iata", "airport_code")]),
    "airport_time_zone": entry(per_row("iata", lambda v, c: v == _airport(c)["tz"], "airportsdata tz"),
                               companions=[companion("iata", "airport_code")]),
    "booking_reference": entry(matches(r"[A-HJKMNP-Z2-9]{6}", "6-character PNR without 0/O/1/I/L"),
                               _pnr_chars),
    "cabin_class": entry(member_of(lambda: {"Economy", "Premium Economy", "Business", "First"}, "IATA cabins"),
                         share_is(lambda v: v == "Economy", 0.80, "80% Economy as documented")),
    "flight_number": entry(
        matches(r"(?![0-9]{2})[A-Z0-9]{2}[1-9][0-9]{0,3}", "IATA flight designator: airline code + 1-4 digits"),
        per_row("code", lambda v, c: v.startswith(c), "starts with the row's airline code"),
        companions=[companion("code", "airline_code")]),
    "gate": entry(matches(r"[A-F]([1-9]|[1-5][0-9]|60)", "concourse A-F, gate 1-60"),
                  chi_square({f"{c}{n}": 1 for c in "ABCDEF" for n in range(1, 61)}, "uniform over 360 gates")),
    "seat": entry(matches(r"([1-9]|[1-3][0-9]|40)[A-F]", "rows 1-40, letters A-F"),
                  chi_square({f"{r}{c}": 1 for r in range(1, 41) for c in "ABCDEF"}, "uniform over 240 seats")),
}
