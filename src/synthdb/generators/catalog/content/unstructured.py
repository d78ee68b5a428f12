"""Unstructured data: free text assembled from phrase banks (product reviews, support tickets, clinical
notes). Rule-based, not AI-written: every sentence comes from synthdb/data/unstructured.json."""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel
from synthdb.generators.helpers.bundled import bundled_json
from synthdb.generators.helpers.common import UNSTRUCTURED
from synthdb.generators.registry import register


@cache
def _bank(*path: str) -> pa.Array:
    node: Any = bundled_json("unstructured.json")
    for part in path:
        node = node[part]
    return pa.array(list(node), pa.string())


def _sentences(ctx: ColumnContext, bank: pa.Array, low: int, high: int, draw: int) -> pa.Array:
    """Between `low` and `high` sentences from `bank` per row, joined by spaces (absent ones are skipped)."""
    count = ctx.stream.integers(ctx.rows, low, high, draw=draw)
    parts = []
    for k in range(high):
        picked = bank.take(pa.array(ctx.stream.choice(ctx.rows, len(bank), draw=draw + 1 + k)))
        parts.append(pc.if_else(pa.array(count > k), picked, pa.nulls(len(ctx.rows), pa.string())))
    return pc.binary_join_element_wise(*parts, " ", null_handling="skip")


class TextParams(ParamsModel):
    """How many detail sentences to add."""

    model_config = ConfigDict(extra="ignore")
    min: int = 1
    max: int = 3


class _Assembled(Generator[TextParams]):
    category = UNSTRUCTURED
    Params = TextParams

    def setup(self) -> None:
        if not 0 <= self.params.min <= self.params.max <= 10:
            raise ParamError("max", "need 0 <= min <= max <= 10")


class ReviewParams(TextParams):
    """Parameters of Product Review; `sentiment` fixes the tone (else drawn per row)."""

    sentiment: Literal["any", "positive", "neutral", "negative"] = "any"
    # A column of the row holding a 1-5 star rating: 4-5 read positive, 3 neutral, 1-2 negative.
    rating_field: str | None = None


@register
class ProductReview(_Assembled):
    """A short product review whose opening sentence carries a positive, neutral or negative tone."""

    display_name = "Product Review"
    key = "product_review"
    aliases: ClassVar[tuple[str, ...]] = ("review", "review_text")
    description = "A short product review: a positive, neutral or negative opening and detail sentences."
    Params = ReviewParams
    params: ReviewParams

    def setup(self) -> None:
        super().setup()
        name = self.params.rating_field
        if name is not None and (name == self.field.name or self.entity.field(name) is None):
            raise ParamError("rating_field", f"entity '{self.entity.name}' has no other field '{name}'")

    def dependencies(self) -> list[str]:
        return [self.params.rating_field] if self.params.rating_field else []

    def _tones(self, ctx: ColumnContext) -> np.ndarray:
        """0 positive, 1 neutral, 2 negative per row."""
        if self.params.rating_field:
            stars = ctx.columns[self.params.rating_field].cast(pa.float64()).fill_null(3.0).to_numpy()
            return np.where(stars >= 4, 0, np.where(stars >= 3, 1, 2))
        if self.params.sentiment != "any":
            return np.full(len(ctx.rows), ["positive", "neutral", "negative"].index(self.params.sentiment))
        return ctx.stream.choice(ctx.rows, 3, [6, 2, 2], draw=50)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        tones = ["positive", "neutral", "negative"]
        tone = self._tones(ctx)
        opening = pa.nulls(len(ctx.rows), pa.string())
        for index, name in enumerate(tones):
            bank = _bank("review", "openings", name)
            picked = bank.take(pa.array(ctx.stream.choice(ctx.rows, len(bank), draw=60 + index)))
            opening = pc.if_else(pa.array(tone == index), picked, opening)
        details = _sentences(ctx, _bank("review", "details"), self.params.min, self.params.max, draw=100)
        return pc.binary_join_element_wise(opening, details, " ", null_handling="skip")


@register
class SupportTicket(_Assembled):
    """A support ticket: a subject line, a blank line and a body."""

    display_name = "Support Ticket"
    key = "support_ticket"
    aliases = ("ticket_text",)
    description = "A customer support ticket: subject, blank line, a few body sentences."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        subjects = _bank("ticket", "subjects")
        subject = subjects.take(pa.array(ctx.stream.choice(ctx.rows, len(subjects), draw=1)))
        body = _sentences(ctx, _bank("ticket", "bodies"), max(self.params.min, 1), max(self.params.max, 1), draw=10)
        return pc.binary_join_element_wise(subject, body, "\n\n")


@register
class ClinicalNote(_Assembled):
    """A short clinical note: complaint, findings and plan (SOAP-like, invented)."""

    display_name = "Clinical Note"
    key = "clinical_note"
    aliases = ("medical_note",)
    description = "A short invented clinical note: complaint, examination findings, plan."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        complaints = _bank("note", "complaints")
        complaint = complaints.take(pa.array(ctx.stream.choice(ctx.rows, len(complaints), draw=1)))
        findings = _sentences(ctx, _bank("note", "findings"), self.params.min, self.params.max, draw=10)
        plans = _bank("note", "plans")
        plan = plans.take(pa.array(ctx.stream.choice(ctx.rows, len(plans), draw=30)))
        return pc.binary_join_element_wise("S: ", complaint, "\nO: ", findings, "\nP: ", plan, "")


class AIParams(ReviewParams):
    """Parameters of AI / Unstructured Data: Fabricate's `prompt`, read for its subject only."""

    prompt: str = ""


# Words of a prompt that name one of the phrase banks above; the first bank named wins.
_SUBJECTS: tuple[tuple[tuple[str, ...], type[_Assembled]], ...] = (
    (("clinical", "patient", "medical", "doctor", "nurse", "diagnos", "symptom", "visit note"), ClinicalNote),
    (("ticket", "support", "complaint", "help desk", "helpdesk", "issue", "bug"), SupportTicket),
    (("review", "feedback", "rating", "testimonial", "opinion"), ProductReview),
)


@register
class AIText(ProductReview):
    """Fabricate's AI and Unstructured Data generators, offline: free text for the prompt's subject."""

    display_name = "AI Text"
    key = "ai_text"
    aliases: ClassVar[tuple[str, ...]] = ("AI", "Unstructured Data", "ai_generated", "llm_text")
    description = ("No language model runs: free text from the phrase bank whose subject the `prompt` names "
                   "(clinical note, support ticket, else product review), deterministic like every column.")
    Params = AIParams
    params: AIParams

    def subject(self) -> type[_Assembled]:
        """The generator whose text fits the prompt."""
        prompt = self.params.prompt.lower()
        for words, cls in _SUBJECTS:
            if any(word in prompt for word in words):
                return cls
        return ProductReview

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.subject().generate(self, ctx)
