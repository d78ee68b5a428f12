"""Three schemas written as DDL, for import round trips: a film-rental store, a music store, a hospital."""

from __future__ import annotations

# A Sakila-like film rental store (PostgreSQL): an enum type, serial keys, a cycle between store and staff,
# a junction table with a composite key, CHECK ranges and lists, and a CHECK ordering two timestamps.
FILM_RENTAL = """
CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE TABLE country (country_id serial PRIMARY KEY, country varchar(50) NOT NULL,
  last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE city (city_id serial PRIMARY KEY, city varchar(50) NOT NULL,
  country_id int NOT NULL REFERENCES country (country_id));
CREATE TABLE address (address_id serial PRIMARY KEY, address varchar(50) NOT NULL, address2 varchar(50),
  district varchar(20) NOT NULL, city_id int NOT NULL REFERENCES city (city_id), postal_code varchar(10),
  phone varchar(20) NOT NULL);
CREATE TABLE store (store_id serial PRIMARY KEY, manager_staff_id int, address_id int NOT NULL REFERENCES address);
CREATE TABLE staff (staff_id serial PRIMARY KEY, first_name varchar(45) NOT NULL, last_name varchar(45) NOT NULL,
  address_id int NOT NULL REFERENCES address, email varchar(50) UNIQUE, store_id int NOT NULL REFERENCES store,
  active boolean NOT NULL DEFAULT true, username varchar(16) NOT NULL, password varchar(40));
ALTER TABLE store ADD CONSTRAINT store_manager_fk FOREIGN KEY (manager_staff_id) REFERENCES staff (staff_id);
CREATE TABLE customer (customer_id serial PRIMARY KEY, store_id int NOT NULL REFERENCES store,
  first_name varchar(45) NOT NULL, last_name varchar(45) NOT NULL, email varchar(50),
  address_id int NOT NULL REFERENCES address, activebool boolean NOT NULL DEFAULT true,
  create_date date NOT NULL DEFAULT CURRENT_DATE);
CREATE TABLE language (language_id serial PRIMARY KEY, name char(20) NOT NULL);
CREATE TABLE film (film_id serial PRIMARY KEY, title varchar(255) NOT NULL, description text,
  release_year int CHECK (release_year BETWEEN 1901 AND 2155), language_id int NOT NULL REFERENCES language,
  rental_duration smallint NOT NULL DEFAULT 3 CHECK (rental_duration > 0), rental_rate numeric(4,2) NOT NULL,
  length smallint CHECK (length >= 1 AND length <= 300), replacement_cost numeric(5,2) NOT NULL DEFAULT 19.99,
  rating mpaa_rating DEFAULT 'G',
  special_features varchar(40) CHECK (special_features IN ('Trailers', 'Commentaries', 'Deleted Scenes')));
CREATE TABLE actor (actor_id serial PRIMARY KEY, first_name varchar(45) NOT NULL, last_name varchar(45) NOT NULL);
CREATE TABLE film_actor (actor_id int NOT NULL REFERENCES actor, film_id int NOT NULL REFERENCES film,
  PRIMARY KEY (actor_id, film_id));
CREATE TABLE inventory (inventory_id serial PRIMARY KEY, film_id int NOT NULL REFERENCES film,
  store_id int NOT NULL REFERENCES store);
CREATE TABLE rental (rental_id serial PRIMARY KEY, rental_date timestamp NOT NULL,
  inventory_id int NOT NULL REFERENCES inventory, customer_id int NOT NULL REFERENCES customer,
  return_date timestamp, staff_id int NOT NULL REFERENCES staff,
  CONSTRAINT rental_dates CHECK (return_date >= rental_date));
CREATE TABLE payment (payment_id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customer,
  staff_id int NOT NULL REFERENCES staff, rental_id int REFERENCES rental,
  amount numeric(5,2) NOT NULL CHECK (amount >= 0), payment_date timestamp NOT NULL);
"""

# A Chinook-like music store, in SQL that PostgreSQL and MariaDB both run as it is: a self-referencing
# employee hierarchy, a junction table, a unique email, CHECKs.
MUSIC_STORE = """
CREATE TABLE artist (artist_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(120));
CREATE TABLE album (album_id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(160) NOT NULL, artist_id INTEGER NOT NULL,
  FOREIGN KEY (artist_id) REFERENCES artist (artist_id));
CREATE TABLE genre (genre_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(120));
CREATE TABLE media_type (media_type_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(120));
CREATE TABLE track (track_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, album_id INTEGER,
  media_type_id INTEGER NOT NULL, genre_id INTEGER, composer VARCHAR(220),
  milliseconds INTEGER NOT NULL CHECK (milliseconds > 0), bytes INTEGER,
  unit_price NUMERIC(10,2) NOT NULL CHECK (unit_price >= 0),
  FOREIGN KEY (album_id) REFERENCES album (album_id), FOREIGN KEY (genre_id) REFERENCES genre (genre_id),
  FOREIGN KEY (media_type_id) REFERENCES media_type (media_type_id));
CREATE TABLE employee (employee_id INTEGER NOT NULL PRIMARY KEY, last_name VARCHAR(20) NOT NULL,
  first_name VARCHAR(20) NOT NULL, title VARCHAR(30), reports_to INTEGER, birth_date DATE, hire_date DATE,
  address VARCHAR(70), city VARCHAR(40), state VARCHAR(40), country VARCHAR(40), postal_code VARCHAR(10),
  phone VARCHAR(24), fax VARCHAR(24), email VARCHAR(60),
  FOREIGN KEY (reports_to) REFERENCES employee (employee_id));
CREATE TABLE customer (customer_id INTEGER NOT NULL PRIMARY KEY, first_name VARCHAR(40) NOT NULL,
  last_name VARCHAR(20) NOT NULL, company VARCHAR(80), address VARCHAR(70), city VARCHAR(40), state VARCHAR(40),
  country VARCHAR(40), postal_code VARCHAR(10), phone VARCHAR(24), email VARCHAR(60) NOT NULL UNIQUE,
  support_rep_id INTEGER, FOREIGN KEY (support_rep_id) REFERENCES employee (employee_id));
CREATE TABLE invoice (invoice_id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL,
  invoice_date TIMESTAMP NOT NULL, billing_address VARCHAR(70), billing_city VARCHAR(40),
  billing_country VARCHAR(40), billing_postal_code VARCHAR(10), total NUMERIC(10,2) NOT NULL,
  FOREIGN KEY (customer_id) REFERENCES customer (customer_id));
CREATE TABLE invoice_line (invoice_line_id INTEGER NOT NULL PRIMARY KEY, invoice_id INTEGER NOT NULL,
  track_id INTEGER NOT NULL, unit_price NUMERIC(10,2) NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10),
  FOREIGN KEY (invoice_id) REFERENCES invoice (invoice_id), FOREIGN KEY (track_id) REFERENCES track (track_id));
CREATE TABLE playlist (playlist_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(120));
CREATE TABLE playlist_track (playlist_id INTEGER NOT NULL, track_id INTEGER NOT NULL,
  PRIMARY KEY (playlist_id, track_id), FOREIGN KEY (playlist_id) REFERENCES playlist (playlist_id),
  FOREIGN KEY (track_id) REFERENCES track (track_id));
"""

# A hospital (PostgreSQL): composite primary keys, a composite foreign key, a self-referencing supervisor,
# CHECK lists and ranges, a unique medical record number.
HOSPITAL = """
CREATE TABLE department (department_id SERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL UNIQUE,
  floor SMALLINT CHECK (floor BETWEEN 0 AND 20));
CREATE TABLE staff (staff_id SERIAL PRIMARY KEY, first_name VARCHAR(50) NOT NULL, last_name VARCHAR(50) NOT NULL,
  role VARCHAR(20) NOT NULL CHECK (role IN ('doctor', 'nurse', 'technician', 'admin')),
  department_id INTEGER NOT NULL REFERENCES department, supervisor_id INTEGER REFERENCES staff (staff_id),
  hired_on DATE NOT NULL, email VARCHAR(120) UNIQUE);
CREATE TABLE patient (patient_id SERIAL PRIMARY KEY, mrn CHAR(10) NOT NULL UNIQUE,
  first_name VARCHAR(50) NOT NULL, last_name VARCHAR(50) NOT NULL, birth_date DATE NOT NULL,
  sex CHAR(1) CHECK (sex IN ('F', 'M', 'X')), phone VARCHAR(20), zip VARCHAR(10));
CREATE TABLE ward (ward_id SERIAL PRIMARY KEY, department_id INTEGER NOT NULL REFERENCES department,
  name VARCHAR(40) NOT NULL);
CREATE TABLE bed (ward_id INTEGER NOT NULL REFERENCES ward, bed_number INTEGER NOT NULL,
  kind VARCHAR(12) NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'icu', 'isolation')),
  PRIMARY KEY (ward_id, bed_number));
CREATE TABLE admission (admission_id SERIAL PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patient,
  ward_id INTEGER NOT NULL, bed_number INTEGER NOT NULL, attending_id INTEGER NOT NULL REFERENCES staff,
  admitted_at TIMESTAMP NOT NULL, discharged_at TIMESTAMP,
  CONSTRAINT admission_bed_fk FOREIGN KEY (ward_id, bed_number) REFERENCES bed (ward_id, bed_number),
  CONSTRAINT stay CHECK (discharged_at >= admitted_at));
CREATE TABLE vital_sign (admission_id INTEGER NOT NULL REFERENCES admission, reading_no INTEGER NOT NULL,
  taken_at TIMESTAMP NOT NULL, heart_rate SMALLINT CHECK (heart_rate BETWEEN 30 AND 220),
  temperature NUMERIC(4,1) CHECK (temperature BETWEEN 34 AND 42), PRIMARY KEY (admission_id, reading_no));
"""

SCHEMAS = {"film_rental": FILM_RENTAL, "music_store": MUSIC_STORE, "hospital": HOSPITAL}
