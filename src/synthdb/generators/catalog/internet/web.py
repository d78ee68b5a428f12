"""Domain names, top-level domains, URLs and user agents; domains are reserved example domains by default."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.bundled import bundled_json
from synthdb.generators.helpers.common import NETWORKS
from synthdb.generators.helpers.reference import (
    DEFAULT_LOCALE,
    Choices,
    TokenSource,
    ascii_fold,
    choices,
    last_names,
    render,
    safe_domains,
)
from synthdb.generators.registry import register
from synthdb.randomness import Stream

# ccTLDs that see real use get a weight; every other ISO 3166 code gets a small one (and .uk stands for GB).
_CCTLD_WEIGHTS = {"de": 5, "uk": 3, "cn": 2, "ru": 2, "nl": 1.5, "br": 1.5, "au": 1, "fr": 1.2, "it": 1, "pl": 1,
                  "in": 1, "jp": 1, "ca": 1, "es": 0.8, "ch": 0.6, "se": 0.5, "be": 0.5, "at": 0.5, "dk": 0.4,
                  "us": 0.4, "eu": 0.5, "mx": 0.4, "kr": 0.4, "ar": 0.3, "za": 0.3, "nz": 0.3, "ie": 0.3, "pt": 0.3,
                  "no": 0.3, "fi": 0.3, "cz": 0.4, "tv": 0.2, "me": 0.3, "cc": 0.1}
_UNUSED_CCTLDS = {"gb", "bq", "bl", "mf", "eh", "sj", "um", "bv", "hm"}


@cache
def top_level_domains() -> Choices:
    """Generic TLDs and the ISO 3166 country-code TLDs (pycountry), weighted by rough popularity."""
    import pycountry

    weights = dict(bundled_json("network.json")["generic_tlds"])
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        if code not in _UNUSED_CCTLDS:
            weights[code] = _CCTLD_WEIGHTS.get(code, 0.03)
    weights["uk"], weights["eu"] = _CCTLD_WEIGHTS["uk"], _CCTLD_WEIGHTS["eu"]
    return choices(weights)


@cache
def _label_words() -> tuple[pa.Array, pa.Array]:
    """(ASCII last names, plain words) that domain labels are made of."""
    names = ascii_fold(last_names(DEFAULT_LOCALE).values)
    names = names.filter(pc.greater(pc.utf8_length(names), 1))
    return names, pa.array(bundled_json("network.json")["domain_words"], pa.string())


def _pick(values: pa.Array, rows: np.ndarray, stream: Stream) -> pa.Array:
    return values.take(pa.array(stream.integers(rows, 0, len(values) - 1)))


def domain_labels(rows: np.ndarray, stream: Stream) -> pa.Array:
    """Second-level labels: smith, smith-jones, brightwave, leeforge, oak-kim (lowercase ASCII)."""
    names, words = _label_words()
    first = pc.choose(pa.array(stream.integers(rows, 0, 2, draw=1)),
                      _pick(names, rows, stream.child("a")), _pick(names, rows, stream.child("b")),
                      _pick(words, rows, stream.child("c")))
    second = pc.choose(pa.array(stream.integers(rows, 0, 3, draw=2)), pa.array([""] * len(rows), pa.string()),
                       _pick(names, rows, stream.child("d")), _pick(words, rows, stream.child("e")),
                       pc.binary_join_element_wise("-", _pick(names, rows, stream.child("f")), ""))
    return pc.binary_join_element_wise(first, second, "")


class DomainParams(ParamsModel):
    """Parameters of Domain Name and URL: `safe` keeps every host under example.com/.org/.net."""

    model_config = ConfigDict(extra="ignore")
    safe: bool = True


def domains(rows: np.ndarray, stream: Stream, safe: bool) -> pa.Array:
    """Domain names: label.example.com (safe, RFC 2606) or label.tld with weighted real TLDs."""
    labels = domain_labels(rows, stream.child("label"))
    if safe:
        suffix = choices(safe_domains()).pick(rows, stream.child("suffix"))
    else:
        suffix = top_level_domains().pick(rows, stream.child("tld"))
    return pc.binary_join_element_wise(labels, suffix, ".")


@register
class DomainName(Generator[DomainParams]):
    """Domain names such as oak-kim.example.com (or oak-kim.io with `safe: false`)."""

    display_name = "Domain Name"
    key = "domain_name"
    aliases = ("domain", "hostname", "host_name")
    category = NETWORKS
    description = "Domain names; by default under the reserved example.com/.org/.net, or with real TLDs (safe: false)."
    Params = DomainParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return domains(ctx.rows, ctx.stream, self.params.safe)


@register
class TopLevelDomain(Generator[NoParams]):
    """Top-level domains without the dot (com, org, de, io, ...), weighted by popularity."""

    display_name = "Top Level Domain"
    key = "top_level_domain"
    aliases = ("Top-Level Domain", "tld")
    category = NETWORKS
    description = "Top-level domains without the dot: generic (com, org, io) and country codes (de, uk, jp)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return top_level_domains().pick(ctx.rows, ctx.stream)


def _with_prefix(prefix: str, values: pa.Array, present: np.ndarray) -> pa.Array:
    """prefix + value where `present`, else the empty string."""
    return pc.if_else(pa.array(present), pc.binary_join_element_wise(prefix, values, ""), "")


@register
class URL(Generator[DomainParams]):
    """Web URLs: scheme, host, a path of 0-2 folders and a page, sometimes a query string."""

    display_name = "URL"
    key = "url"
    aliases = ("web_address", "uri")
    category = NETWORKS
    description = "URLs like https://www.oak-kim.example.com/blog/about.html?id=42 (safe example hosts by default)."
    Params = DomainParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        data = bundled_json("network.json")
        rows, s = ctx.rows, ctx.stream
        scheme = pc.if_else(pa.array(s.uniform(rows, 1) < 0.9), "https://", "http://")
        www = pc.if_else(pa.array(s.uniform(rows, 2) < 0.5), "www.", "")
        host = domains(rows, s.child("host"), self.params.safe)
        folders = s.integers(rows, 0, 2, draw=3)
        paths = pa.array(data["url_paths"], pa.string())
        folder1 = _with_prefix("/", _pick(paths, rows, s.child("p1")), folders >= 1)
        folder2 = _with_prefix("/", _pick(paths, rows, s.child("p2")), folders >= 2)
        page = pc.binary_join_element_wise(
            "/", _pick(pa.array(data["url_pages"], pa.string()), rows, s.child("page")),
            choices(data["url_extensions"]).pick(rows, s.child("ext")), "")
        page = pc.if_else(pa.array(s.uniform(rows, 4) < 0.15), "/", page)
        keys = pa.array(data["url_query_keys"], pa.string())
        query = _with_prefix("?", pc.binary_join_element_wise(
            _pick(keys, rows, s.child("q")), pa.array(s.integers(rows, 1, 9999, draw=5)).cast(pa.string()), "="),
            s.uniform(rows, 6) < 0.3)
        return pc.binary_join_element_wise(scheme, www, host, folder1, folder2, page, query, "")


def _versions(values: list[str]) -> TokenSource:
    return choices(values).pick


def _major(low: int, high: int, template: str) -> TokenSource:
    """A token whose every {v} shows one drawn major version, so related version fields agree."""
    literals = template.split("{v}")

    def source(rows: np.ndarray, stream: Stream) -> pa.Array:
        version = pa.array(stream.integers(rows, low, high)).cast(pa.string())
        parts: list[pa.Array | str] = []
        for index, literal in enumerate(literals):
            parts += ([version] if index else []) + ([literal] if literal else [])
        return pc.binary_join_element_wise(*parts, "")

    return source


@cache
def _agent_tokens() -> dict[str, TokenSource]:
    data = bundled_json("network.json")
    chrome, firefox = data["chrome_majors"], data["firefox_majors"]
    return {
        "chrome": _major(chrome[0], chrome[1], "{v}.0.0.0"),
        "edge": _major(chrome[0], chrome[1], "{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0"),
        "firefox": _major(firefox[0], firefox[1], "rv:{v}.0) Gecko/20100101 Firefox/{v}.0"),
        "safari": _versions(data["safari_versions"]),
        "ios": _versions(data["ios_versions"]),
        "android": _versions(data["android_versions"]),
        "android_device": _versions(data["android_devices"]),
        "curl": _versions(data["curl_versions"]),
        "requests": _versions(data["requests_versions"]),
    }


@register
class UserAgent(Generator[NoParams]):
    """Browser user-agent strings (Chrome, Safari, Edge, Firefox on desktop and mobile, a few bots)."""

    display_name = "User Agent"
    key = "user_agent"
    aliases = ("user_agent_string", "browser_user_agent")
    category = NETWORKS
    description = "Realistic browser user agents weighted by market share: Chrome, Safari, Edge, Firefox, bots."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        templates = bundled_json("network.json")["user_agent_templates"]
        return render(list(templates), ctx.rows, _agent_tokens(), ctx.stream, list(templates.values()))
