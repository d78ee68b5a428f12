"""Oracles for "Education", "Languages", "Movies", "Natural sciences" and "Unstructured data"."""

from __future__ import annotations

import math
import re

import pycountry
from babel import Locale, UnknownLocaleError

from generators.oracles.base import (
    Sample,
    bundled,
    bundled_lines,
    companion,
    custom,
    each,
    entry,
    matches,
    member_of,
    per_row,
    within,
)
from generators.oracles.stats import chi_square, mean_is, spread

# IUPAC periodic table: symbols and English names by atomic number.
_SYMBOLS = [
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
    "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",
    "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce",
    "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir",
    "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm",
    "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl",
    "Mc", "Lv", "Ts", "Og"
]
_NAMES = [
    "Hydrogen", "Helium", "Lithium", "Beryllium", "Boron", "Carbon", "Nitrogen", "Oxygen", "Fluorine", "Neon",
    "Sodium", "Magnesium", "Aluminium", "Silicon", "Phosphorus", "Sulfur", "Chlorine", "Argon", "Potassium",
    "Calcium", "Scandium", "Titanium", "Vanadium", "Chromium", "Manganese", "Iron", "Cobalt", "Nickel", "Copper",
    "Zinc", "Gallium", "Germanium", "Arsenic", "Selenium", "Bromine", "Krypton", "Rubidium", "Strontium", "Yttrium",
    "Zirconium", "Niobium", "Molybdenum", "Technetium", "Ruthenium", "Rhodium", "Palladium", "Silver", "Cadmium",
    "Indium", "Tin", "Antimony", "Tellurium", "Iodine", "Xenon", "Caesium", "Barium", "Lanthanum", "Cerium",
    "Praseodymium", "Neodymium", "Promethium", "Samarium", "Europium", "Gadolinium", "Terbium", "Dysprosium",
    "Holmium", "Erbium", "Thulium", "Ytterbium", "Lutetium", "Hafnium", "Tantalum", "Tungsten", "Rhenium", "Osmium",
    "Iridium", "Platinum", "Gold", "Mercury", "Thallium", "Lead", "Bismuth", "Polonium", "Astatine", "Radon",
    "Francium", "Radium", "Actinium", "Thorium", "Protactinium", "Uranium", "Neptunium", "Plutonium", "Americium",
    "Curium", "Berkelium", "Californium", "Einsteinium", "Fermium", "Mendelevium", "Nobelium", "Lawrencium",
    "Rutherfordium", "Dubnium", "Seaborgium", "Bohrium", "Hassium", "Meitnerium", "Darmstadtium", "Roentgenium",
    "Copernicium", "Nihonium", "Flerovium", "Moscovium", "Livermorium", "Tennessine", "Oganesson"
]
_US_SPELLING = {"Aluminum": "Aluminium", "Cesium": "Caesium", "Sulphur": "Sulfur"}
_GROUPS = {"Noble gas": {2, 10, 18, 36, 54, 86}, "Alkali metal": {3, 11, 19, 37, 55, 87},
           "Alkaline earth metal": {4, 12, 20, 38, 56, 88}, "Halogen": {9, 17, 35, 53, 85},
           "Lanthanide": set(range(57, 72)), "Actinide": set(range(89, 104))}
# MovieLens' 18 genres; MPA ratings; the FCC-approved TV Parental Guidelines.
_GENRES = {"Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
           "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"}
_CLASSES = {"Mammalia", "Aves", "Reptilia", "Amphibia", "Actinopterygii", "Chondrichthyes", "Insecta", "Arachnida",
            "Malacostraca", "Cephalopoda", "Gastropoda", "Bivalvia", "Anthozoa", "Scyphozoa", "Sarcopterygii",
            "Myxini", "Hyperoartia", "Asteroidea", "Echinoidea", "Chilopoda", "Diplopoda", "Hydrozoa", "Polychaeta",
            "Clitellata", "Cubozoa", "Merostomata"}


_GRADES = {"Pre-Kindergarten", "Kindergarten", "1st Grade", "2nd Grade", "3rd Grade",
           *(f"{n}th Grade" for n in range(4, 13))}


# Taxonomy of well-known genera: APG IV plant families and the Linnaean class of animal genera.
_PLANT_FAMILY = {"Acer": "Sapindaceae", "Aesculus": "Sapindaceae", "Taraxacum": "Asteraceae", "Lactuca": "Asteraceae",
                 "Helianthus": "Asteraceae", "Glycine": "Fabaceae", "Phaseolus": "Fabaceae", "Cicer": "Fabaceae",
                 "Spinacia": "Amaranthaceae", "Beta": "Amaranthaceae", "Piper": "Piperaceae", "Laurus": "Lauraceae",
                 "Persea": "Lauraceae", "Citrus": "Rutaceae", "Zea": "Poaceae", "Triticum": "Poaceae",
                 "Oryza": "Poaceae", "Solanum": "Solanaceae", "Capsicum": "Solanaceae", "Atropa": "Solanaceae",
                 "Quercus": "Fagaceae", "Castanea": "Fagaceae", "Malus": "Rosaceae", "Prunus": "Rosaceae",
                 "Rosa": "Rosaceae", "Sorbus": "Rosaceae", "Fragaria": "Rosaceae", "Pinus": "Pinaceae",
                 "Cedrus": "Pinaceae", "Brassica": "Brassicaceae", "Arabidopsis": "Brassicaceae",
                 "Lavandula": "Lamiaceae", "Mentha": "Lamiaceae", "Ocimum": "Lamiaceae", "Origanum": "Lamiaceae",
                 "Cucumis": "Cucurbitaceae", "Ficus": "Moraceae", "Ginkgo": "Ginkgoaceae", "Sequoia": "Cupressaceae",
                 "Taxus": "Taxaceae", "Salix": "Salicaceae", "Urtica": "Urticaceae", "Viola": "Violaceae",
                 "Papaver": "Papaveraceae", "Magnolia": "Magnoliaceae", "Hibiscus": "Malvaceae", "Tilia": "Malvaceae",
                 "Syringa": "Oleaceae", "Jasminum": "Oleaceae", "Olea": "Oleaceae", "Curcuma": "Zingiberaceae",
                 "Euphorbia": "Euphorbiaceae", "Manihot": "Euphorbiaceae", "Coffea": "Rubiaceae",
                 "Vitis": "Vitaceae", "Musa": "Musaceae", "Allium": "Amaryllidaceae", "Daucus": "Apiaceae",
                 "Anethum": "Apiaceae", "Hedera": "Araliaceae", "Ilex": "Aquifoliaceae", "Rheum": "Polygonaceae"}
_ANIMAL_CLASS = {"Loxodonta": "Mammalia", "Bison": "Mammalia", "Vulpes": "Mammalia", "Camelus": "Mammalia",
                 "Pan": "Mammalia", "Rattus": "Mammalia", "Acinonyx": "Mammalia", "Canis": "Mammalia",
                 "Sciurus": "Mammalia", "Meles": "Mammalia", "Giraffa": "Mammalia", "Cavia": "Mammalia",
                 "Equus": "Mammalia", "Megaptera": "Mammalia", "Balaenoptera": "Mammalia", "Myotis": "Mammalia",
                 "Alces": "Mammalia", "Procyon": "Mammalia", "Panthera": "Mammalia", "Ursus": "Mammalia",
                 "Physeter": "Mammalia", "Sus": "Mammalia", "Trichechus": "Mammalia", "Ornithorhynchus": "Mammalia",
                 "Corvus": "Aves", "Hirundo": "Aves", "Cyanocitta": "Aves", "Branta": "Aves", "Struthio": "Aves",
                 "Sturnus": "Aves", "Columba": "Aves", "Anas": "Aves", "Ara": "Aves", "Ramphastos": "Aves",
                 "Haliaeetus": "Aves", "Aptenodytes": "Aves", "Clupea": "Actinopterygii",
                 "Cyprinus": "Actinopterygii", "Esox": "Actinopterygii", "Micropterus": "Actinopterygii",
                 "Carcharodon": "Chondrichthyes", "Mobula": "Chondrichthyes", "Crocodylus": "Reptilia",
                 "Pantherophis": "Reptilia", "Salamandra": "Amphibia", "Dendrobates": "Amphibia",
                 "Apis": "Insecta", "Mantis": "Insecta", "Solenopsis": "Insecta", "Theraphosa": "Arachnida"}


def _genus_table(table: dict[str, str], genus_column: str | None, source: str) -> object:
    """For rows whose genus the table knows, the value (or, with genus_column, the value's genus) agrees."""
    @custom("spec", source)
    def check(sample: Sample) -> None:
        if genus_column is None:  # the value is the binomial name; the companion is the family/class
            rows = [(v.split()[0], c) for v, c in sample.pairs("rank")]
        else:
            rows = [(c.split()[0], v) for v, c in sample.pairs(genus_column)]
        known = [(g, x) for g, x in rows if g in table]
        assert len(known) >= len(rows) // 5, f"only {len(known)} of {len(rows)} rows of well-known genera"
        bad = [(g, x) for g, x in known if table[g] != x]
        assert not bad, f"{len(bad)} disagree, e.g. {bad[:5]}"
    return check


def _element_category(category: str, number: int) -> bool:
    if number == 117:  # tennessine: group 17 by position, its chemistry unmeasured; either label is right
        return category in ("Halogen", "Unknown")
    for name, members in _GROUPS.items():
        if number in members:
            return category == name
    return category not in _GROUPS


def _abbreviation(degree: str) -> set[str]:
    """Initials of the significant words (Bachelor of Science -> BS), plus the Latin-derived exceptions."""
    initials = "".join(w[0] for w in degree.split() if w not in {"of", "in", "and"})
    exceptions = {"Doctor of Philosophy": "PhD", "Doctor of Medicine": "MD", "Juris Doctor": "JD",
                  "Doctor of Education": "EdD", "Master of Education": "MEd", "Bachelor of Engineering": "BEng",
                  "Master of Laws": "LLM", "Doctor of Pharmacy": "PharmD",
                  "Doctor of Nursing Practice": "DNP", "Master of Fine Arts": "MFA"}
    return {initials, exceptions.get(degree, initials)}


def _language_name(code: str) -> str:
    return Locale("en").languages[code]


# ISO 639-1 codes CLDR files under another code (Tagalog under Filipino).
_CLDR_ALIAS = {"tl": "fil"}


def _native(name: str, code: str) -> bool:
    """The autonym CLDR gives (name may add a region); English when CLDR has no locale for the language."""
    try:
        locale = Locale.parse(_CLDR_ALIAS.get(code, code))
    except (UnknownLocaleError, ValueError):
        return name == _language_name(code)
    native = locale.languages.get(locale.language) or locale.get_display_name(locale.language) or ""
    return name.casefold().startswith(native.casefold()) and bool(native)


def _tag_ok(tag: str, code: str) -> bool:
    """babel parses the tag and it names the row's language; a bare ISO 639-1 subtag is a valid BCP 47 tag
    for a language CLDR has no locale of."""
    try:
        return Locale.parse(tag, sep="-").language in (code, _CLDR_ALIAS.get(code))
    except (UnknownLocaleError, ValueError):
        return tag == code and pycountry.languages.get(alpha_2=code) is not None


def _release_weights(sample: Sample) -> dict[int, float]:
    """Declared shape: recent years more frequent with a 15-year half-life over 1930-2025."""
    return {y: math.pow(2, (y - 2025) / 15) for y in range(1930, 2026)}


@custom("coherence", "genres: 1-3 distinct MovieLens genres, the first being the row's main genre")
def _genres(sample: Sample) -> None:
    bad = [(v, g) for v, g in sample.pairs("main")
           if not (v.split("|")[0] == g and len(set(v.split("|"))) == len(v.split("|")) <= 3
                   and set(v.split("|")) <= _GENRES)]
    assert not bad, bad[:5]


def _sentences_ok(text: str, low: int, high: int) -> bool:
    sentences = re.findall(r"[A-Z][^.!?]*[.!?]", text)
    return low <= len(sentences) and "".join(sentences).replace(" ", "") == text.replace(" ", "").replace("\n", "")


ENTRIES = {
    # Education
    "degree": entry(each(lambda v: re.fullmatch(r"(Associate|Bachelor|Master|Doctor) of [A-Z][A-Za-z ]+|Juris Doctor",
                                                v) is not None, "US degree naming (NCES)"),
                    spread(10, 0.3, "degrees spread", kind="statistical")),
    "degree_abbreviation": entry(per_row("degree", lambda v, d: v in _abbreviation(d), "initials of the row's degree"),
                                 companions=[companion("degree", "degree")]),
    "gpa": entry(each(lambda v: 0 <= float(v) <= 4 and round(float(v), 2) == float(v), "0.00-4.00, two decimals"),
                 mean_is(3.1, 0.5, "documented mean 3.1, sd 0.5 (clipped at 4)")),
    "grade_level": entry(member_of(lambda: _GRADES, "US school grades (NCES)", kind="spec"),
                         spread(13, 0.15, "grades spread", kind="statistical")),
    "major": entry(member_of(lambda: set(bundled("education.json")["majors"]), "bundled majors", kind="membership"),
                   chi_square(lambda s: bundled("education.json")["majors"], "bundled NCES shares", kind="membership")),
    "university": entry(member_of(lambda: set(bundled("education.json")["universities"]["US"]), "bundled US list",
                                  kind="membership"),
                        each(lambda v: re.search(r"University|College|Institute|School", v) is not None,
                             "names an institution")),
    # Languages
    "language": entry(per_row("code", lambda v, c: _language_name(c) == v, "CLDR English name of the row's code"),
                      companions=[companion("code", "language_code")]),
    "language_code": entry(member_of(lambda: {x.alpha_2 for x in pycountry.languages if hasattr(x, "alpha_2")},
                                     "pycountry ISO 639-1")),
    "language_code_3": entry(per_row("code", lambda v, c: pycountry.languages.get(alpha_2=c).alpha_3 == v,
                                     "pycountry ISO 639-3 of the row's 639-1 code"),
                             companions=[companion("code", "language_code")]),
    "language_native_name": entry(per_row("code", _native, "CLDR autonym of the row's language"),
                                  companions=[companion("code", "language_code")]),
    "locale_tag": entry(per_row("code", _tag_ok, "babel parses the BCP 47 tag, of the row's language"),
                        companions=[companion("code", "language_code")]),
    # Movies
    "mpaa_rating": entry(member_of(lambda: {"G", "PG", "PG-13", "R", "NC-17", "Not Rated"}, "MPA ratings", kind="spec"),
                         spread(4, 0.6, "ratings spread", kind="statistical")),
    "movie_genre": entry(member_of(lambda: _GENRES, "MovieLens genres", kind="spec"),
                         chi_square(lambda s: bundled("movies.json")["genres"], "bundled genre shares",
                                    kind="membership")),
    "movie_genres": entry(_genres, companions=[companion("main", "movie_genre")]),
    "movie_runtime": entry(within(60, 240, "documented minutes range"), spread(40, 0.05, "runtimes spread",
                                                                                kind="statistical")),
    "movie_title": entry(each(lambda v: all(w in _title_words() for w in re.findall(r"[A-Za-z']+", v)),
                              "words of the bundled title vocabulary"), spread(200, 0.01, "titles spread"),
                         ),
    "release_year": entry(chi_square(_release_weights, "2^((year-2025)/15) on 1930-2025", transform=int)),
    "tv_rating": entry(member_of(lambda: {"TV-Y", "TV-Y7", "TV-Y7-FV", "TV-G", "TV-PG", "TV-14", "TV-MA"},
                                 "TV Parental Guidelines", kind="spec"),
                       chi_square(lambda s: bundled("movies.json")["tv_ratings"], "bundled shares", kind="membership")),
    # Natural sciences
    "animal_class": entry(member_of(lambda: _CLASSES, "Linnaean classes of animals", kind="spec"),
                          _genus_table(_ANIMAL_CLASS, "sci", "class of the row's genus (Linnaean taxonomy)"),
                          companions=[companion("sci", "animal_scientific_name")]),
    "animal_common_name": entry(spread(50, 0.05, "names spread"),
                                each(lambda v: re.fullmatch(r"[A-Z][\w'\u2019-]*( [\w'\u2019-]+)*", v) is not None,
                                     "a capitalised common name")),
    "animal_scientific_name": entry(matches(r"[A-Z][a-z]+ [a-z]+( [a-z]+)?", "ICZN binomial (Genus species)"),
                                    _genus_table(_ANIMAL_CLASS, None, "the genus belongs to the row's class"),
                                    companions=[companion("rank", "animal_class")]),
    "atomic_mass": entry(per_row("z", lambda v, z: 1.0 <= float(v) / int(z) <= 2.7 and (int(z) > 1 or v == 1.008),
                                 "between 1 and 2.7 times Z (1.008 for hydrogen)"),
                         companions=[companion("z", "atomic_number")]),
    "atomic_number": entry(per_row("sym", lambda v, s: _SYMBOLS[int(v) - 1] == s, "IUPAC symbol of Z"),
                           companions=[companion("sym", "element_symbol")]),
    "chemical_element": entry(per_row("z", lambda v, z: _US_SPELLING.get(v, v) == _NAMES[int(z) - 1],
                                      "IUPAC English name of Z"), companions=[companion("z", "atomic_number")]),
    "dinosaur": entry(member_of(lambda: set(bundled_lines("science/dinosaurs.txt")), "bundled genera",
                                kind="membership"),
                      chi_square(lambda s: dict.fromkeys(bundled_lines("science/dinosaurs.txt"), 1), "uniform pick",
                                 kind="membership")),
    "element_category": entry(per_row("z", lambda v, z: _element_category(v, int(z)), "IUPAC groups and series of Z"),
                              companions=[companion("z", "atomic_number")]),
    "element_symbol": entry(member_of(lambda: set(_SYMBOLS), "IUPAC symbols"),
                            per_row("z", lambda v, z: _SYMBOLS[int(z) - 1] == v, "symbol of the row's Z"),
                            companions=[companion("z", "atomic_number")]),
    "plant_common_name": entry(spread(50, 0.05, "names spread"),
                               each(lambda v: re.fullmatch(r"[A-Z][\w'\u2019-]*( [\w'\u2019-]+)*", v) is not None,
                                    "a capitalised common name")),
    "plant_family": entry(each(lambda v: v.endswith("aceae"), "ICN Art. 18.1: family names end in -aceae"),
                          _genus_table(_PLANT_FAMILY, "sci", "APG IV family of the row's genus"),
                          companions=[companion("sci", "plant_scientific_name")]),
    "plant_scientific_name": entry(matches(r"[A-Z][a-z]+ (\u00d7 )?[a-z-]+", "ICN binomial, x for hybrids"),
                                   _genus_table(_PLANT_FAMILY, None, "the genus belongs to the row's family (APG IV)"),
                                   companions=[companion("rank", "plant_family")]),
    # Unstructured data
    "clinical_note": entry(matches(r"S: [^\n]+\nO: [^\n]+(\nA: [^\n]+)?\nP: [^\n]+", "SOAP note sections")),
    "product_review": entry(each(lambda v: _sentences_ok(v, 2, 4), "2-4 sentences (an opening and 1-3 details)"),
                            spread(100, 0.05, "reviews spread", kind="statistical")),
    "support_ticket": entry(matches(r"[A-Z][^\n]+\n\n[A-Z][^\n]+", "subject, blank line, body"),
                            each(lambda v: _sentences_ok(v.split("\n\n")[1], 1, 3), "1-3 body sentences")),
}


def _title_words() -> set[str]:
    data = bundled("movies.json")
    words = {w for key in ("adjectives", "nouns", "plural_nouns", "places") for p in data[key] for w in p.split()}
    words |= {w for pattern in data["title_patterns"] for w in re.findall(r"[A-Za-z']+", pattern)}
    return words - {"adjective", "noun", "plural_noun", "place"} | {"the", "The"}
