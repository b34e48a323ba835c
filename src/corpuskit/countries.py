"""Country names, demonyms and capitals mapped to ISO 3166-1 alpha-3 codes.

Built from two maintained packages: ``pycountry`` (official names and codes)
and ``countryinfo`` (alternative spellings, demonyms, capitals).

>>> country_lookup()["azerbaijani"], country_lookup()["baku"], country_name("LVA")
('AZE', 'AZE', 'Latvia')
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry
import yaml
from countryinfo.countryinfo import load_countries

from corpuskit.config import data_file

# Kinds of name a country is known by; the entity ruler labels them GPE or NORP.
NAME_KINDS = ("name", "capital", "demonym")
EXTRA_NAMES = "country_names.yaml"  # names and demonyms the packages lack, edited as data


@lru_cache(maxsize=1)
def extra_names() -> dict[str, dict[str, list[str]]]:
    """``{"names": {iso3: [...]}, "demonyms": {iso3: [...]}}`` from ``data/country_names.yaml``."""
    data = yaml.safe_load(data_file(EXTRA_NAMES).read_text(encoding="utf-8")) or {}
    return {"names": data.get("names", {}), "demonyms": data.get("demonyms", {})}


@lru_cache(maxsize=1)
def country_names() -> dict[str, dict[str, set[str]]]:
    """ISO3 -> {kind: names} for every country with an ISO code."""
    table: dict[str, dict[str, set[str]]] = {}
    for info in load_countries()["countries"].values():
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3 or pycountry.countries.get(alpha_3=iso3) is None:
            continue
        entry = table.setdefault(iso3, {kind: set() for kind in NAME_KINDS})
        entry["name"].add(info["name"])
        entry["name"].update(s for s in info.get("altSpellings", []) if len(s) > 3 and s.isascii())
        for kind in ("capital", "demonym"):
            value = info.get(kind) or []
            entry[kind].update([value] if isinstance(value, str) else value)
    for country in pycountry.countries:
        entry = table.setdefault(country.alpha_3, {kind: set() for kind in NAME_KINDS})
        entry["name"].update(
            n for n in (country.name, getattr(country, "common_name", None),
                        getattr(country, "official_name", None)) if n and "," not in n
        )
    for kind, key in (("name", "names"), ("demonym", "demonyms")):
        for iso3, names in extra_names()[key].items():
            table.setdefault(iso3, {k: set() for k in NAME_KINDS})[kind].update(names)
    return table


@lru_cache(maxsize=1)
def country_lookup() -> dict[str, str]:
    """Lower-cased name, demonym or capital -> ISO3: names that two countries share are dropped,
    unless ``country_names.yaml`` says whose they are.

    >>> country_lookup()["kazakh"], country_lookup()["u.s."]
    ('KAZ', 'USA')
    """
    seen: dict[str, set[str]] = {}
    for iso3, kinds in country_names().items():
        for names in kinds.values():
            for name in names:
                seen.setdefault(name.lower(), set()).add(iso3)
    lookup = {name: codes.pop() for name, codes in seen.items() if len(codes) == 1}
    for kinds in extra_names().values():
        lookup.update({name.lower(): iso3 for iso3, names in kinds.items() for name in names})
    return lookup


def country_name(iso3: str) -> str:
    """Short English name of a country, e.g. 'Russia' rather than 'Russian Federation'."""
    for info in load_countries()["countries"].values():
        if (info.get("ISO") or {}).get("alpha3") == iso3:
            return info["name"]
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=1)
def _country_regex() -> re.Pattern[str]:
    """Names in any case, except abbreviations ("US", "UK"), which must be written as they are."""
    spellings = {n for kinds in country_names().values() for names in kinds.values() for n in names}
    lookup = country_lookup()
    exact = {n for n in spellings if n.lower() in lookup and n.replace(".", "").isupper()}
    folded = {n.lower() for n in spellings if n.lower() in lookup} - {n.lower() for n in exact}
    names = sorted(exact | folded, key=lambda n: (-len(n), n))
    alternatives = [re.escape(n) if n in exact else f"(?i:{re.escape(n)})" for n in names]
    return re.compile(r"(?<![\w.])(" + "|".join(alternatives) + r")(?![\w])")


def find_countries(text: str) -> list[str]:
    """ISO3 code of each country name, demonym or capital in ``text``, in order.

    >>> find_countries("Latvian and Azerbaijani diplomats met in Riga.")
    ['LVA', 'AZE', 'LVA']
    >>> find_countries("The U.S. envoy told us about the UK.")
    ['USA', 'GBR']
    """
    lookup = country_lookup()
    return [lookup[m.group(1).lower()] for m in _country_regex().finditer(text)]
