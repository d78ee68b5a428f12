"""Generator inference: column name + type -> the generator a person would pick."""

from __future__ import annotations

import pytest

from synthdb.importers.infer import guess_for, name_variants, normalize, split_joined

# (column, type, dialect, table, expected generator)
CASES = [
    ("email", "varchar(255)", "postgres", "customers", "Email Address"),
    ("customer_email", "varchar(120)", "postgres", "orders", "Email Address"),
    ("EmailAddress", "nvarchar(200)", "tsql", "Contacts", "Email Address"),
    ("first_name", "varchar(50)", "postgres", "customers", "First Name"),
    ("firstName", "varchar(50)", "postgres", "users", "First Name"),
    ("given_name", "text", "postgres", "people", "First Name"),
    ("last_name", "varchar(50)", "postgres", "customers", "Last Name"),
    ("surname", "varchar(60)", "mysql", "patients", "Last Name"),
    ("full_name", "varchar(100)", "postgres", "employees", "Full Name"),
    ("name", "varchar(100)", "postgres", "customers", "Full Name"),
    ("name", "varchar(100)", "postgres", "suppliers", "Company Name"),
    ("username", "varchar(40)", "postgres", "accounts", "Username"),
    ("password_hash", "varchar(128)", "postgres", "users", "Password Hash"),
    ("phone", "varchar(20)", "postgres", "customers", "Phone"),
    ("mobile_number", "varchar(30)", "mysql", "contacts", "Phone"),
    ("address", "varchar(120)", "postgres", "customers", "Street Address"),
    ("address_line_2", "varchar(60)", "postgres", "customers", "Secondary Address"),
    ("city", "varchar(80)", "postgres", "customers", "City"),
    ("state", "varchar(40)", "postgres", "customers", "State"),
    ("state", "char(2)", "postgres", "customers", "State Abbreviation"),
    ("zip", "varchar(10)", "postgres", "customers", "Postal Code"),
    ("postal_code", "varchar(12)", "mysql", "addresses", "Postal Code"),
    ("country", "varchar(60)", "postgres", "customers", "Country"),
    ("country_code", "char(2)", "postgres", "customers", "Country Code"),
    ("latitude", "numeric(9, 6)", "postgres", "stores", "Latitude"),
    ("lng", "double precision", "postgres", "stores", "Longitude"),
    ("company_name", "varchar(120)", "postgres", "leads", "Company Name"),
    ("job_title", "varchar(80)", "postgres", "employees", "Job Title"),
    ("website", "varchar(200)", "postgres", "companies", "URL"),
    ("ip_address", "varchar(45)", "postgres", "logins", "IPv4 Address"),
    ("user_agent", "text", "postgres", "sessions", "User Agent"),
    ("uuid", "char(36)", "mysql", "devices", "UUID"),
    ("external_id", "uuid", "postgres", "devices", "UUID"),
    ("created_at", "timestamp", "postgres", "orders", "Datetime"),
    ("created_on", "date", "postgres", "orders", "Date"),
    ("updated_at", "datetime", "mysql", "orders", "Datetime"),
    ("birth_date", "date", "postgres", "patients", "Date"),
    ("dob", "date", "postgres", "patients", "Date"),
    ("price", "numeric(10, 2)", "postgres", "products", "Money"),
    ("total_amount", "decimal(12, 2)", "mysql", "invoices", "Money"),
    ("unit_price", "money", "tsql", "lines", "Money"),
    ("quantity", "integer", "postgres", "order_items", "Number"),
    ("age", "smallint", "postgres", "patients", "Number"),
    ("is_active", "boolean", "postgres", "users", "Boolean"),
    ("has_paid", "tinyint(1)", "mysql", "orders", "Boolean"),
    ("deleted", "bit", "tsql", "users", "Boolean"),
    ("description", "text", "postgres", "products", "Lorem Ipsum"),
    ("notes", "text", "postgres", "visits", "Lorem Ipsum"),
    ("gender", "varchar(10)", "postgres", "patients", "Gender"),
    ("sex", "char(1)", "postgres", "patients", "Gender Abbreviation"),
    ("isbn", "varchar(17)", "postgres", "books", "ISBN"),
    ("iban", "varchar(34)", "postgres", "accounts", "IBAN"),
    ("ssn", "char(11)", "postgres", "employees", "SSN"),
    ("sku", "varchar(16)", "postgres", "products", "Character Sequence"),
    ("status", "enum('new','paid','shipped')", "mysql", "orders", "Custom List"),
    ("wibble", "integer", "postgres", "things", "Number"),
    ("wobble", "varchar(40)", "postgres", "things", "Lorem Ipsum"),
    ("settings", "jsonb", "postgres", "users", "Object"),  # an object with typical members, not `{}`
    ("wibble", "jsonb", "postgres", "things", "Constant"),  # JSON of unknown meaning: `{}`
    ("starts", "time", "postgres", "shifts", "Time"),
    # Prefixed names (TPC-H), joined words (AdventureWorks), table-named columns, everyday columns.
    ("c_name", "varchar(25)", "postgres", "customer", "Full Name"),
    ("s_name", "char(25)", "postgres", "supplier", "Company Name"),
    ("c_phone", "char(15)", "postgres", "customer", "Phone"),
    ("l_shipdate", "date", "postgres", "lineitem", "Date"),
    ("emailaddress", "varchar(50)", "tsql", "person", "Email Address"),
    ("jobtitle", "varchar(50)", "tsql", "employee", "Job Title"),
    ("loginid", "varchar(256)", "tsql", "employee", "Username"),
    ("modifieddate", "datetime", "tsql", "person", "Datetime"),
    # SQL Server samples (pubs, AdventureWorks).
    ("minit", "char(1)", "tsql", "employee", "Character Sequence"),
    ("pub_name", "varchar(40)", "tsql", "publishers", "Company Name"),
    ("job_desc", "varchar(50)", "tsql", "jobs", "Job Title"),
    ("payterms", "varchar(12)", "tsql", "sales", "Custom List"),
    ("phone", "char(12)", "tsql", "authors", "Character Sequence"),
    ("NationalIDNumber", "nvarchar(15)", "tsql", "Employee", "National ID Number"),
    ("CardType", "nvarchar(50)", "tsql", "CreditCard", "Credit Card Type"),
    ("Title", "nvarchar(8)", "tsql", "Person", "Title"),
    ("Suffix", "nvarchar(10)", "tsql", "Person", "Suffix"),
    ("Size", "nvarchar(5)", "tsql", "Product", "Shirt Size"),
    ("Group", "nvarchar(50)", "tsql", "SalesTerritory", "Continent"),
    ("SpatialLocation", "geography", "tsql", "Address", "Regular Expression"),
    ("OrganizationNode", "hierarchyid", "tsql", "Employee", "Character Sequence"),
    ("category_name", "varchar(15)", "postgres", "categories", "Product Category"),
    ("name", "varchar(40)", "postgres", "products", "Product Name"),
    ("title", "varchar(160)", "postgres", "album", "Movie Title"),
    ("name", "varchar(120)", "postgres", "genre", "Film Genre"),
    ("name", "char(20)", "postgres", "language", "Language Name"),
    ("composer", "varchar(220)", "postgres", "track", "Full Name"),
    ("title", "varchar(30)", "postgres", "employees", "Job Title"),
    ("title_of_courtesy", "varchar(25)", "postgres", "employees", "Title"),
    ("contact_title", "varchar(30)", "postgres", "suppliers", "Job Title"),
    ("dept_name", "varchar(40)", "mysql", "departments", "Department (Corporate)"),
    ("marital_status", "varchar(10)", "postgres", "people", "Marital Status"),
    ("color", "varchar(15)", "postgres", "products", "Color"),
    ("display_name", "varchar(60)", "postgres", "users", "Full Name"),
    ("hometown", "text", "postgres", "passenger", "City"),
    ("name_wiki", "text", "postgres", "passenger", "Full Name"),
    ("photo", "bytea", "postgres", "employees", "Image (binary)"),
    ("district", "varchar(20)", "postgres", "address", "District"),
    ("city", "varchar(15)", "postgres", "customers", "City"),
    ("first_name", "varchar(10)", "postgres", "employees", "First Name"),
    # Finance and healthcare columns get their own generators.
    ("credit_score", "smallint", "postgres", "applicants", "Credit Score"),
    ("mcc", "char(4)", "postgres", "transactions", "Merchant Category Code"),
    ("merchant_name", "varchar(60)", "postgres", "transactions", "Merchant Name"),
    ("account_type", "varchar(20)", "postgres", "accounts", "Account Type"),
    ("loan_type", "varchar(30)", "postgres", "loans", "Loan Type"),
    ("mrn", "varchar(12)", "postgres", "patients", "Medical Record Number"),
    ("specialty", "varchar(40)", "postgres", "physicians", "Medical Specialty"),
    ("hospital_name", "varchar(80)", "postgres", "admissions", "Hospital Name"),
    ("cpt_code", "varchar(5)", "postgres", "procedures", "CPT/HCPCS Code"),
    ("loinc_code", "varchar(10)", "postgres", "lab_results", "LOINC Code"),
    ("reason_for_visit", "text", "postgres", "visits", "Visit Reason"),
]


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(("column", "data_type", "dialect", "table", "expected"), CASES,
                         ids=[f"{c[3]}.{c[0]}:{c[1]}" for c in CASES])
def test_inferred_generator(column: str, data_type: str, dialect: str, table: str, expected: str) -> None:
    found = guess_for(column, data_type, dialect, table)
    assert found.generator == expected, found.reason
    assert 0 < found.confidence <= 1 and found.reason


def test_values_fit_the_declared_length() -> None:
    # Emails are longer than 12 characters (most of them): the guess falls back to text that fits, with low
    # confidence.
    found = guess_for("email", "varchar(12)")
    assert found.generator != "Email Address" and found.confidence < 0.5
    assert "do not fit" in found.reason


def test_ranges_stay_inside_the_type() -> None:
    assert guess_for("price", "numeric(4, 2)").params["max"] == pytest.approx(99.99)
    assert guess_for("code_count", "tinyint", "mysql").params["max"] <= 127


def test_enum_values_become_a_custom_list() -> None:
    assert guess_for("status", "enum('new','paid')", "mysql").params == {"values": ["new", "paid"]}


@pytest.mark.parametrize(("raw", "expected"), [("firstName", "first_name"), ("First Name", "first_name"),
                                               ("EMAIL-ADDRESS", "email_address"), ("zipCode2", "zip_code2")])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(("token", "expected"), [
    ("emailaddress", "email_address"), ("jobtitle", "job_title"), ("modifieddate", "modified_date"),
    ("shipdate", "ship_date"), ("email", None), ("zzzzzz", None), ("name", None)])
def test_joined_words_are_split(token: str, expected: str | None) -> None:
    assert split_joined(token) == expected


def test_name_variants_drop_table_names_and_short_prefixes() -> None:
    assert "name" in name_variants("category_name", "categories")
    assert "ship_date" in name_variants("l_shipdate", "lineitem")
    assert name_variants("first_name", "customers")[0] == "first_name"  # as written comes first


def test_text_keys_are_identifier_codes_not_filler() -> None:
    found = guess_for("customer_id", "char(5)", table="customers")
    assert found.generator == "Character Sequence" and not found.fallback
    assert len(found.params["format"]) == 5
