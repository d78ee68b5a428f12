"""Ten people and ten US addresses from synthdb beside ten from Faker, for docs/realism.md.

The Faker side is what a Faker script usually does: `name()`, `email()`, `date_of_birth()`, `street_address()`,
`city()`, `state_abbr()`, `zipcode()`, `phone_number()`, each drawn on its own.
Run: PYTHONPATH=src python bench/person_address_side_by_side.py
"""

from __future__ import annotations

from faker import Faker

import synthdb

PEOPLE = [{"name": "first_name", "generator": "First Name"},
          {"name": "last_name", "generator": "Last Name"},
          {"name": "born", "generator": "Birth Date", "min_age": 18, "max_age": 80},
          {"name": "email", "generator": "Email Address", "unique": True}]
ADDRESSES = [{"name": "street", "generator": "Street Address"},
             {"name": "city", "generator": "City"},
             {"name": "state", "generator": "State (abbrev)"},
             {"name": "zip", "generator": "ZIP Code"},
             {"name": "phone", "generator": "Phone"}]


def _rows(fields: list[dict[str, object]]) -> list[dict[str, object]]:
    definition = {"name": "p", "seed": 7, "entities": [{"name": "t", "record_count": "10", "fields": fields}]}
    return synthdb.to_tables(definition)["t"].to_pylist()


def main() -> None:
    fake = Faker("en_US")
    Faker.seed(7)
    print("| synthdb: name | born | email | | Faker: name | born | email |\n|---|---|---|---|---|---|---|")
    for row in _rows(PEOPLE):
        print(f"| {row['first_name']} {row['last_name']} | {row['born']} | {row['email']} | | {fake.name()} | "
              f"{fake.date_of_birth(minimum_age=18, maximum_age=80)} | {fake.email()} |")
    print("\n| synthdb: street | city, state ZIP | phone | | Faker: street | city, state ZIP | phone |\n"
          "|---|---|---|---|---|---|---|")
    for row in _rows(ADDRESSES):
        print(f"| {row['street']} | {row['city']}, {row['state']} {row['zip']} | {row['phone']} | | "
              f"{fake.street_address()} | {fake.city()}, {fake.state_abbr()} {fake.zipcode()} | "
              f"{fake.phone_number()} |")


if __name__ == "__main__":
    main()
