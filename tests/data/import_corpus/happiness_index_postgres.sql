SET client_encoding = 'UTF8';

SET standard_conforming_strings = on;

CREATE TABLE public."2019" (
    overall_rank integer NOT NULL,
    country_or_region character varying(255) NOT NULL,
    score numeric(5,2) NOT NULL,
    gdp_per_capita numeric(10,2),
    social_support numeric(10,2),
    healthy_life_expectancy numeric(10,2),
    freedom_to_make_life_choices numeric(10,2),
    generosity numeric(10,2),
    perceptions_of_corruption numeric(10,2)
);

CREATE SEQUENCE public."2019_overall_rank_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public."2019_overall_rank_seq" OWNED BY public."2019".overall_rank;

ALTER TABLE ONLY public."2019" ALTER COLUMN overall_rank SET DEFAULT nextval('public."2019_overall_rank_seq"'::regclass);

ALTER TABLE ONLY public."2019"
    ADD CONSTRAINT "2019_pkey" PRIMARY KEY (overall_rank);

