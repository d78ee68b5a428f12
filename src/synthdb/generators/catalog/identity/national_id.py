"""National ID Number: the identity number scheme of the locale's country, from every scheme of the catalog."""

from __future__ import annotations

import pyarrow as pa

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.catalog.identity.national_ids import (
    SSN,
    AadhaarNumber,
    BrazilianCPF,
    CanadianSIN,
    DutchBSN,
    IdParams,
    JapaneseMyNumber,
    NationalInsuranceNumber,
    SpanishDNI,
)
from synthdb.generators.catalog.identity.personal_codes import (
    ChineseResidentId,
    CodiceFiscale,
    FrenchNIR,
    GermanTaxId,
    PolishPESEL,
    SwedishPersonnummer,
)
from synthdb.generators.catalog.identity.world_ids import (
    AustralianTFN,
    ChileanRUT,
    FinnishHETU,
    IsraeliId,
    KoreanRRN,
    PortugueseNIF,
    SwissAHV,
    TurkishIdentityNumber,
)
from synthdb.generators.helpers.common import PEOPLE, locale_of
from synthdb.generators.registry import register


class NationalIdParams(IdParams):
    """Parameters of National ID Number: the `locale` (else the database's) picks the country's scheme."""

    locale: str | None = None


@register
class NationalId(Generator[NationalIdParams]):
    """The national identity number of the locale's country (en_US: SSN, fr_FR: NIR, zh_CN: resident id ...)."""

    display_name = "National ID Number"
    key = "national_id"
    unique_values = True
    aliases = ("national_identification_number", "national_id_number", "personal_id_number")
    category = PEOPLE
    description = "The locale's identity number: SSN, NINO, Steuer-ID, NIR, DNI, codice fiscale, CPF, BSN, ..."
    Params = NationalIdParams
    _inner: Generator

    def scheme(self) -> type[Generator]:
        """The generator of the locale's country (SSN when the country has none here)."""
        region = (locale_of(self).replace("-", "_").partition("_")[2] or "US").upper()
        return _SCHEMES.get(region, SSN)

    def setup(self) -> None:
        cls = self.scheme()
        self._inner = cls(cls.Params.model_validate(self.params.model_dump()), self.field, self.entity, self.database)
        self._inner.setup()

    def guarantees_unique(self) -> bool:
        return self.scheme().unique_values

    def capacity(self) -> int | None:
        return self._inner.capacity()

    def dependencies(self) -> list[str]:
        return self._inner.dependencies()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self._inner.generate(ctx)


_SCHEMES: dict[str, type[Generator]] = {
    "US": SSN, "GB": NationalInsuranceNumber, "DE": GermanTaxId, "FR": FrenchNIR, "ES": SpanishDNI,
    "IT": CodiceFiscale, "BR": BrazilianCPF, "NL": DutchBSN, "JP": JapaneseMyNumber, "CN": ChineseResidentId,
    "CA": CanadianSIN, "IN": AadhaarNumber, "PL": PolishPESEL, "SE": SwedishPersonnummer,
    "KR": KoreanRRN, "FI": FinnishHETU, "AU": AustralianTFN, "CH": SwissAHV, "PT": PortugueseNIF,
    "TR": TurkishIdentityNumber, "IL": IsraeliId, "CL": ChileanRUT,
}
