"""Oracles for "Names and other personal data": python-stdnum national ids, Faker en_US names, census shares."""

from __future__ import annotations

import hashlib
import re
import string
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import email_validator
from faker.providers.person.en_US import Provider as FakerPeople
from stdnum import luhn
from stdnum.au import tfn
from stdnum.br import cpf
from stdnum.ca import sin
from stdnum.ch import ssn as ahv
from stdnum.cl import rut
from stdnum.cn import ric
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.il import idnr as il_idnr
from stdnum.in_ import aadhaar
from stdnum.it import codicefiscale
from stdnum.jp import in_ as my_number
from stdnum.kr import rrn
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.se import personnummer
from stdnum.tr import tckimlik
from stdnum.us import itin, ssn

import census_names
from generators.oracles.base import Sample, bundled, companion, custom, each, entry, matches, member_of, per_row
from generators.oracles.stats import chi_square, spread

GENDER = companion("gender", "gender")


def _valid(module: object, name: str) -> object:
    return each(module.is_valid, f"stdnum {name}")  # type: ignore[attr-defined]


def _initials(gender: str) -> dict[str, float]:
    names = census_names.male_first() if gender == "Male" else census_names.female_first()
    shares: Counter[str] = Counter()
    for name, weight in names.items():
        shares[name[0]] += weight
    return shares


def _initial_shares(sample: Sample) -> dict[str, float]:
    """Expected share of each initial given the sample's genders (the US Census name frequencies)."""
    genders = Counter(sample.column("gender"))
    mix: Counter[str] = Counter()
    for gender, n in genders.items():
        shares = _initials(gender)
        total = sum(shares.values())
        for letter, w in shares.items():
            mix[letter + "."] += n * w / total
    return dict(mix)


def _first_of_gender(name: str, gender: str) -> bool:
    return name in (census_names.male_first() if gender == "Male" else census_names.female_first())


_TITLES = {"Male": {"Mr.", "Dr.", "Prof.", "Rev.", "Hon."}, "Female": {"Mrs.", "Ms.", "Miss", "Dr.", "Prof.",
                                                                      "Rev.", "Hon."}}
_SUFFIXES = {"Male": set(FakerPeople.suffixes_male), "Female": set(FakerPeople.suffixes_female)}
_PRONOUNS = {"Male": "he/him", "Female": "she/her"}

# HMRC National Insurance number rules (NIM39110): prefix letters, excluded pairs, suffix A-D.
_NINO = re.compile(r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] \d\d \d\d \d\d [A-D]")


def _password_ok(text: str) -> bool:
    return (10 <= len(text) <= 16 and any(c.islower() for c in text) and any(c.isupper() for c in text)
            and any(c.isdigit() for c in text) and any(c in string.punctuation for c in text))


def _avatar_ok(url: str) -> bool:
    parts = urlsplit(url)
    return (parts.scheme == "https" and parts.hostname == "example.com"
            and re.fullmatch(r"/avatars/[0-9a-f]{16}\.png", parts.path) is not None
            and parse_qs(parts.query) == {"size": ["128x128"]})


def _email_ok(address: str) -> bool:
    result = email_validator.validate_email(address, check_deliverability=False)
    return result.normalized == address and result.domain in {"example.com", "example.org", "example.net"}


def _username_from(user: str, first: str, last: str) -> bool:
    return first.lower() in user or last.lower() in user or user.startswith(first[0].lower() + last.lower())


@custom("coherence", "username is built from the row's first or last name")
def _username(sample: Sample) -> None:
    rows = list(zip(sample.array.to_pylist(), sample.column("first"), sample.column("last"), strict=True))
    bad = [r for r in rows if not (re.fullmatch(r"[a-z0-9._-]+", r[0]) and _username_from(*r))]
    assert not bad, f"{len(bad)} usernames unrelated to the row, e.g. {bad[:5]}"


@custom("coherence", "the email's local part comes from the row's first or last name")
def _email_names(sample: Sample) -> None:
    rows = list(zip(sample.array.to_pylist(), sample.column("first"), sample.column("last"), strict=True))
    bad = [r for r in rows if not _username_from(r[0].split("@")[0], r[1], r[2])]
    assert not bad, f"{len(bad)} addresses unrelated to the row, e.g. {bad[:5]}"


# US Census 2020 (race alone or in combination shares of the redistricting data, P1) and ACS marital status.
_RACE_2020 = {"White": 61.6, "Black or African American": 12.4, "American Indian or Alaska Native": 1.1,
              "Asian": 6.0, "Native Hawaiian or Other Pacific Islander": 0.2, "Some Other Race": 8.4,
              "Two or More Races": 10.2}
_ETHNICITY_2020 = {"Hispanic or Latino": 18.7, "Not Hispanic or Latino": 81.3}
_MARITAL_ACS = {"Never Married", "Married", "Divorced", "Widowed", "Separated"}

ENTRIES = {
    "aadhaar_number": entry(_valid(aadhaar, "in_.aadhaar (Verhoeff)"), matches(r"\d{4} \d{4} \d{4}", "#### #### ####")),
    "australian_tfn": entry(_valid(tfn, "au.tfn (weighted mod 11)")),
    "avatar_url": entry(each(_avatar_ok, "urllib: https://example.com/avatars/<16 hex>.png?size=128x128")),
    "bsn": entry(_valid(bsn, "nl.bsn (11-proof)")),
    "canadian_sin": entry(_valid(sin, "ca.sin (Luhn)"), matches(r"\d{3}-\d{3}-\d{3}", "###-###-###")),
    "chilean_rut": entry(_valid(rut, "cl.rut (mod 11, K)")),
    "chinese_resident_id": entry(_valid(ric, "cn.ric (GB 11643 MOD 11-2, birth date, region)")),
    "codice_fiscale": entry(_valid(codicefiscale, "it.codicefiscale (check letter)"),
                            per_row("gender", lambda v, g: (int(v[9:11]) > 40) == (g == "Female"),
                                    "day of birth + 40 for women (DPR 605/1973)"),
                            companions=[GENDER]),
    "cpf": entry(_valid(cpf, "br.cpf"), matches(r"\d{3}\.\d{3}\.\d{3}-\d\d", "###.###.###-##")),
    "dni": entry(_valid(dni, "es.dni (mod 23 letter)")),
    "email_address": entry(each(_email_ok, "email-validator (RFC 5321/5322 syntax), RFC 2606 example domains"),
                           _email_names, companions=[companion("first", "first_name"), companion("last", "last_name")]),
    "ethnicity": entry(chi_square(_ETHNICITY_2020, "US Census 2020 Hispanic or Latino share")),
    "finnish_hetu": entry(_valid(hetu, "fi.hetu (mod 31)"),
                          per_row("gender", lambda v, g: (int(v[7:10]) % 2 == 1) == (g == "Male"),
                                  "odd individual number for men (Population Information Act)"),
                          companions=[GENDER]),
    "first_name": entry(per_row("gender", _first_of_gender, "US Census first names of the row's gender"),
                        companions=[GENDER]),
    "full_name": entry(per_row("gender", lambda v, g: _first_of_gender(v.split()[0], g)
                               and v.split()[-1] in census_names.last_names(), "US Census first + last names"),
                       companions=[GENDER]),
    "gender": entry(member_of(lambda: {"Male", "Female"}, "binary genders (nonbinary_percent 0)", kind="spec"),
                    spread(2, 0.6, "both genders, neither over 60%", kind="statistical")),
    "gender_abbreviation": entry(per_row("gender", lambda v, g: v == g[0], "M/F initial of the row's gender"),
                                 companions=[GENDER]),
    "itin": entry(_valid(itin, "us.itin (IRS group ranges)")),
    "korean_rrn": entry(_valid(rrn, "kr.rrn"),
                        per_row("gender", lambda v, g: (int(v[7]) % 2 == 1) == (g == "Male"),
                                "odd gender digit for men"), companions=[GENDER]),
    "last_name": entry(member_of(lambda: set(census_names.last_names()), "US Census 1990 surnames"),
                       chi_square(lambda s: census_names.last_names(), "the census surname frequencies")),
    "marital_status": entry(member_of(lambda: _MARITAL_ACS, "US ACS marital status categories (S1201)", kind="spec"),
                            chi_square(lambda s: bundled("identity.json")["marital_statuses"], "bundled ACS shares",
                                       kind="membership")),
    "middle_initial": entry(matches(r"[A-Z]\.", "one capital letter and a period"),
                            chi_square(_initial_shares, "initials of Faker en_US first names of the row's gender"),
                            companions=[GENDER]),
    "middle_name": entry(per_row("gender", _first_of_gender, "US Census first names of the row's gender"),
                         companions=[GENDER]),
    "my_number": entry(_valid(my_number, "jp.in_ (Individual Number check digit)")),
    "national_id": entry(_valid(ssn, "us.ssn (en_US default)")),
    "national_insurance_number": entry(each(lambda v: _NINO.fullmatch(v) is not None, "HMRC NINO prefix rules")),
    "nie": entry(_valid(nie, "es.nie")),
    "nir": entry(_valid(nir, "fr.nir (mod 97 key)"),
                 per_row("gender", lambda v, g: v[0] == ("1" if g == "Male" else "2"), "sex digit 1/2"),
                 companions=[GENDER]),
    "passport_number": entry(matches(r"\d{9}|[A-Z]\d{8}", "US passport numbers (9 digits, or letter + 8); 13 "
                                     "more countries in test_passport_numbers_follow_..."),
                             spread(1500, 0.01, "distinct numbers", kind="statistical")),
    "password": entry(each(_password_ok, "10-16 characters with lower, upper, digit and symbol"),
                      chi_square({n: 1 for n in range(10, 17)}, "uniform length 10-16", transform=len)),
    "password_hash": entry(per_row("password", lambda v, p: hashlib.sha256(p.encode()).hexdigest() == v,
                                   "hashlib.sha256 of the row's password"),
                           companions=[companion("password", "password")]),
    "personnummer": entry(_valid(personnummer, "se.personnummer (Luhn)"),
                          per_row("gender", lambda v, g: personnummer.get_gender(v) == ("M" if g == "Male" else "F"),
                                  "stdnum get_gender"), companions=[GENDER]),
    "pesel": entry(_valid(pesel, "pl.pesel"),
                   per_row("gender", lambda v, g: pesel.get_gender(v) == ("M" if g == "Male" else "F"),
                           "stdnum get_gender"), companions=[GENDER]),
    "portuguese_nif": entry(_valid(nif, "pt.nif"), each(lambda v: v[0] in "123", "individuals start with 1-3")),
    "pronouns": entry(per_row("gender", lambda v, g: _PRONOUNS[g] == v, "he/him for men, she/her for women"),
                      companions=[GENDER]),
    "race": entry(chi_square(_RACE_2020, "US Census 2020 race shares")),
    "shirt_size": entry(member_of(lambda: {"XS", "S", "M", "L", "XL", "2XL", "3XL"}, "US apparel sizes", kind="spec"),
                        chi_square(lambda s: bundled("identity.json")["shirt_sizes"], "bundled size shares",
                                   kind="membership")),
    "ssn": entry(_valid(ssn, "us.ssn (no 000/666/9xx area, 00 group, 0000 serial)")),
    "steuer_id": entry(each(lambda v: idnr.is_valid(v.replace(" ", "")), "stdnum de.idnr")),
    "suffix": entry(per_row("gender", lambda v, g: v in _SUFFIXES[g], "Faker en_US suffixes of the row's gender"),
                    companions=[GENDER]),
    "swiss_ahv": entry(_valid(ahv, "ch.ssn (EAN-13 check)"), matches(r"756\.\d{4}\.\d{4}\.\d\d", "756.####.####.##")),
    "tc_kimlik": entry(_valid(tckimlik, "tr.tckimlik")),
    "israeli_id": entry(_valid(il_idnr, "il.idnr (Luhn)"), each(luhn.is_valid, "stdnum.luhn")),
    "title": entry(per_row("gender", lambda v, g: v in _TITLES[g], "English honorifics of the row's gender"),
                   companions=[GENDER]),
    "username": entry(_username, companions=[companion("first", "first_name"), companion("last", "last_name")]),
}
