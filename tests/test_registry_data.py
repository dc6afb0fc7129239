"""Checks on the default actor registry data, read with PyYAML only (independent of analysis.actors)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "analysis" / "data" / "actors.yaml"

TYPES = {"person", "country", "organization", "group", "place"}
REQUIRED = {"id", "name", "type", "aliases", "affiliation"}
OPTIONAL = {"demonyms", "metonyms", "roles"}
ROLE_KEYS = {"role", "title", "of", "from", "to"}
CORE_ROLES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
TEN = ("USA", "GBR", "FRA", "RUS", "CHN", "UKR", "DEU", "POL", "JPN", "IND")
SPOT_DATES = ("2015-06-01", "2017-06-01", "2019-06-01", "2021-12-02", "2022-06-01", "2024-06-01")

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA
BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV
GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ
IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL
MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER
PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD
ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN
VNM YEM ZMB ZWE
""".split()
OBSERVERS_AND_OTHERS = ("PSE", "VAT", "TWN", "XKX")

# Single-word person aliases (bare surnames) are allowed only for these prominent, distinctive people.
BARE_SURNAMES_ALLOWED = {
    # added from the 2022-2024 war coverage (issue 11)
    "Kallas",
    "Ramaphosa",
    "Vučić",
    "Vucic",
    "Rinkēvičs",
    "Rinkevics",
    "Khrenin",
    "Kaczyński",
    "Kaczynski",
    "Stalin",
    "Ławrow",
    "Zełenski",
    "Makei",
    "Podolyak",
    "Podoliak",
    "Sandu",
    "Landsbergis",
    "Girkin",
    "Strelkov",
    "Medvedchuk",
    "Medwedczuk",
    "Psaki",
    "Kissinger",
    "Varadkar",
    "DeSantis",
    "Obama",
    "Trump",
    "Biden",
    "Tillerson",
    "Pompeo",
    "Blinken",
    "Mattis",
    "Hegseth",
    "Macron",
    "Putin",
    "Mishustin",
    "Lavrov",
    "Shoigu",
    "Belousov",
    "Peskov",
    "Nebenzia",
    "Nebenzya",
    "Prigozhin",
    "Navalny",
    "Xi",
    "Yanukovych",
    "Poroshenko",
    "Zelenskyy",
    "Zelensky",
    "Zelenskiy",
    "Yatsenyuk",
    "Groysman",
    "Shmyhal",
    "Svyrydenko",
    "Kuleba",
    "Sybiha",
    "Reznikov",
    "Umerov",
    "Yermak",
    "Zaluzhnyi",
    "Zaluzhny",
    "Syrskyi",
    "Syrsky",
    "Budanov",
    "Steinmeier",
    "Merkel",
    "Scholz",
    "Baerbock",
    "Wadephul",
    "Kramp-Karrenbauer",
    "AKK",
    "Pistorius",
    "Nawrocki",
    "Morawiecki",
    "Macierewicz",
    "Kosiniak-Kamysz",
    "Akihito",
    "Naruhito",
    "Kishida",
    "Ishiba",
    "Takaichi",
    "Modi",
    "Jaishankar",
    "Stoltenberg",
    "Rutte",
    "Guterres",
    "Juncker",
    "Mogherini",
    "Borrell",
    "Lukashenko",
    "Lukashenka",
    "Tsikhanouskaya",
    "Erdogan",
    "Erdoğan",
    "Netanyahu",
    "Khamenei",
    "MBS",
    "Meloni",
}
# Ordinary English words that must never be an alias, demonym or metonym (matching is case-insensitive).
ORDINARY_WORDS = {
    "may",
    "pole",
    "poles",
    "finn",
    "kiwi",
    "kiwis",
    "male",
    "amnesty",
    "swede",
    "swedes",
    "the west",
    "the alliance",
    "the bloc",
    "chance",
    "mark",
    "will",
    "bill",
    "house",
    "victoria",
}
# Surface forms deliberately shared by two actors: none so far (add "surface: reason" entries here).
SHARED_SURFACE_EXCEPTIONS: dict[str, str] = {}
# (country, role) pairs whose holders may overlap by more than a hand-over day: none so far.
OVERLAP_EXCEPTIONS: dict[tuple[str, str], str] = {}


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that refuses duplicate mapping keys (plain safe_load silently keeps the last)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(key_node, deep=deep) for key_node, _ in node.value]
    dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
    if dupes:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {dupes}", node.start_mark)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def actors(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["actors"]


@pytest.fixture(scope="module")
def by_id(actors: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in actors}


def _as_date(value: Any) -> dt.date:
    """A role date: YAML gives datetime.date for unquoted ISO dates; quoted ISO strings are accepted too."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"not a date: {value!r}")


def _surfaces(actor: dict[str, Any]) -> list[tuple[str, str]]:
    return [(kind, s) for kind in ("aliases", "demonyms", "metonyms") for s in actor.get(kind) or []]


def _holders(actors: list[dict[str, Any]], of: str, role: str, on: dt.date) -> list[str]:
    return sorted(
        a["id"]
        for a in actors
        for r in a.get("roles") or []
        if r["of"] == of
        and r["role"] == role
        and _as_date(r["from"]) <= on
        and (r["to"] is None or on <= _as_date(r["to"]))
    )


def _actor_with_alias(actors: list[dict[str, Any]], alias: str) -> dict[str, Any]:
    found = [a for a in actors if alias in (a.get("aliases") or [])]
    assert len(found) == 1, f"{alias!r} is an alias of {[a['id'] for a in found]}"
    return found[0]


def test_file_has_no_duplicate_mapping_keys() -> None:
    yaml.load(REGISTRY.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # raises on a duplicate


def test_top_level_keys(data: dict[str, Any]) -> None:
    assert set(data) == {"titles", "actors"}
    assert isinstance(data["titles"], dict) and isinstance(data["actors"], list)


def test_titles_are_lower_case_phrases_mapping_to_role_keys(data: dict[str, Any]) -> None:
    for phrase, key in data["titles"].items():
        assert isinstance(phrase, str) and phrase == phrase.lower() == phrase.strip(), phrase
        assert isinstance(key, str) and re.fullmatch(r"[a-z][a-z_]*", key), (phrase, key)
    assert set(CORE_ROLES) <= set(data["titles"].values())
    for phrase, key in {
        "secretary of state": "foreign_minister",
        "defense secretary": "defence_minister",
        "top diplomat": "foreign_minister",
        "external affairs minister": "foreign_minister",
        "pentagon chief": "defence_minister",
        "premier": "head_of_government",
        "chancellor": "head_of_government",
        "king": "head_of_state",
        "vice president": "deputy_head_of_state",
        "chancellor of the exchequer": "finance_minister",
    }.items():
        assert data["titles"][phrase] == key


def test_every_actor_follows_the_schema(actors: list[dict[str, Any]]) -> None:
    for a in actors:
        assert isinstance(a, dict), a
        assert REQUIRED <= set(a) <= REQUIRED | OPTIONAL, (a.get("id"), sorted(set(a) ^ REQUIRED))
        assert (
            isinstance(a["id"], str) and isinstance(a["name"], str) and a["name"].strip() == a["name"] != ""
        )
        assert a["type"] in TYPES, a["id"]
        if a["type"] == "country":
            assert re.fullmatch(r"[A-Z]{3}", a["id"]), a["id"]
        else:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", a["id"]), a["id"]
        assert a["affiliation"] is None or isinstance(a["affiliation"], str), a["id"]
        for kind, surface in _surfaces(a):
            assert isinstance(surface, str) and surface.strip() == surface != "", (a["id"], kind, surface)
            assert "\u2019" not in surface, (a["id"], surface)  # straight apostrophes only
        assert a["aliases"], f"{a['id']} has no alias"
        assert a["name"] in a["aliases"], f"{a['id']}: name {a['name']!r} is not an alias"


def test_no_surface_is_repeated_within_an_actor(actors: list[dict[str, Any]]) -> None:
    for a in actors:
        surfaces = [s for _, s in _surfaces(a)]
        assert len(surfaces) == len(set(surfaces)), (
            a["id"],
            sorted(s for s in surfaces if surfaces.count(s) > 1),
        )


def test_ids_are_unique(actors: list[dict[str, Any]]) -> None:
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_references_point_to_existing_actors(actors: list[dict[str, Any]], by_id: dict[str, Any]) -> None:
    for a in actors:
        if a["affiliation"] is not None:
            assert a["affiliation"] in by_id and a["affiliation"] != a["id"], a["id"]
        for r in a.get("roles") or []:
            assert r["of"] in by_id, (a["id"], r)
    persons = [a for a in actors if a["type"] == "person"]
    assert all(p["affiliation"] is not None for p in persons)
    assert all(a["affiliation"] is None for a in actors if a["type"] == "country")


def test_roles_are_well_formed(data: dict[str, Any], actors: list[dict[str, Any]]) -> None:
    role_keys = set(data["titles"].values())
    n_roles = 0
    for a in actors:
        roles = a.get("roles")
        if roles is None:
            continue
        assert a["type"] == "person", f"{a['id']}: only persons hold roles"
        assert isinstance(roles, list)
        for r in roles:
            n_roles += 1
            assert set(r) == ROLE_KEYS, (a["id"], r)
            assert r["role"] in role_keys, (a["id"], r["role"])
            assert isinstance(r["title"], str) and r["title"], (a["id"], r)
            start = _as_date(r["from"])
            assert r["to"] is None or start <= _as_date(r["to"]), (a["id"], r)
            assert dt.date(1945, 1, 1) <= start <= dt.date(2027, 1, 1), (a["id"], r)
    assert n_roles > 150


def test_all_un_members_and_observers_are_countries(actors: list[dict[str, Any]]) -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193
    countries = {a["id"] for a in actors if a["type"] == "country"}
    assert len(countries) >= 193
    assert not set(UN_MEMBERS) - countries, sorted(set(UN_MEMBERS) - countries)
    assert set(OBSERVERS_AND_OTHERS) <= countries


@pytest.mark.parametrize(
    ("country", "surfaces"),
    [
        (
            "USA",
            [
                "United States",
                "United States of America",
                "U.S.",
                "US",
                "USA",
                "U.S.A.",
                "America",
                "American",
                "Americans",
                "Washington",
            ],
        ),
        (
            "GBR",
            [
                "United Kingdom",
                "U.K.",
                "UK",
                "Britain",
                "Great Britain",
                "British",
                "London",
                "Downing Street",
                "Whitehall",
            ],
        ),
        ("RUS", ["Russia", "Russian Federation", "Russian", "Russians", "Moscow", "Kremlin"]),
        ("UKR", ["Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev"]),
        ("CHN", ["China", "People's Republic of China", "PRC", "Chinese", "Beijing", "Zhongnanhai"]),
        ("KOR", ["South Korea", "Republic of Korea"]),
        ("PRK", ["North Korea", "DPRK"]),
        ("CZE", ["Czech Republic", "Czechia"]),
        ("TUR", ["Türkiye", "Turkey"]),
        ("CIV", ["Ivory Coast", "Côte d'Ivoire"]),
        ("FRA", ["France", "French", "Paris", "Elysee", "Élysée"]),
        ("DEU", ["Germany", "German", "Berlin"]),
        ("POL", ["Poland", "Polish", "Warsaw"]),
        ("JPN", ["Japan", "Japanese", "Tokyo"]),
        ("IND", ["India", "Indian", "New Delhi"]),
        ("BLR", ["Belarus", "Minsk"]),
        ("TCD", ["Chad"]),
        ("JOR", ["Jordan"]),
        ("GEO", ["Georgia"]),
    ],
)
def test_country_surfaces(by_id: dict[str, Any], country: str, surfaces: list[str]) -> None:
    actor = by_id[country]
    known = {s for _, s in _surfaces(actor)}
    assert set(surfaces) <= known, sorted(set(surfaces) - known)


def test_white_house_and_pentagon_are_organizations_not_metonyms(by_id: dict[str, Any]) -> None:
    assert "White House" not in by_id["USA"].get("metonyms", [])
    assert "Pentagon" not in by_id["USA"].get("metonyms", [])
    assert (by_id["white_house"]["type"], by_id["white_house"]["affiliation"]) == ("organization", "USA")
    assert (by_id["pentagon"]["type"], by_id["pentagon"]["affiliation"]) == ("organization", "USA")


def test_no_surface_belongs_to_two_actors(actors: list[dict[str, Any]]) -> None:
    """Stricter than the resolver needs: surfaces differing only in case also count as shared.

    ALL-CAPS aliases are matched case-sensitively and all others case-insensitively, so a mixed-case
    alias of one actor would also match the ALL-CAPS alias of another; comparing case-folded forms
    catches that as well as plain duplicates.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        for _, surface in _surfaces(a):
            owners[surface.casefold()].add(a["id"])
    shared = {
        s: sorted(ids) for s, ids in owners.items() if len(ids) > 1 and s not in SHARED_SURFACE_EXCEPTIONS
    }
    assert not shared, shared


def test_no_ordinary_words_as_surfaces(actors: list[dict[str, Any]]) -> None:
    bad = [(a["id"], s) for a in actors for _, s in _surfaces(a) if s.casefold() in ORDINARY_WORDS]
    assert not bad, bad


def test_bare_person_surnames_are_allow_listed(actors: list[dict[str, Any]]) -> None:
    bare = sorted(
        alias for a in actors if a["type"] == "person" for alias in a["aliases"] if " " not in alias
    )
    assert bare, "expected a few distinctive bare surnames"
    assert set(bare) <= BARE_SURNAMES_ALLOWED, sorted(set(bare) - BARE_SURNAMES_ALLOWED)
    for required in (
        "Putin",
        "Zelenskyy",
        "Zelensky",
        "Biden",
        "Trump",
        "Obama",
        "Merkel",
        "Macron",
        "Xi",
        "Lavrov",
        "Blinken",
        "Stoltenberg",
        "Erdogan",
        "Lukashenko",
    ):
        assert required in bare, required


def test_seed_article_surfaces_occur_in_the_seed(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    for surface in (
        "Antony Blinken",
        "Sergey Lavrov",
        "Vladimir Putin",
        "Volodymyr Zelenskyy",
        "Joe Biden",
        "Dmytro Kuleba",
        "NATO",
        "OSCE",
        "Organization for Security and Cooperation in Europe",
        "Kremlin",
        "Moscow",
        "U.S.",
        "Russia",
        "Ukraine",
    ):
        assert surface in text, surface


@pytest.mark.parametrize(
    ("alias", "role", "country"),
    [
        ("Antony Blinken", "foreign_minister", "USA"),
        ("Sergey Lavrov", "foreign_minister", "RUS"),
        ("Vladimir Putin", "head_of_state", "RUS"),
        ("Volodymyr Zelenskyy", "head_of_state", "UKR"),
        ("Joe Biden", "head_of_state", "USA"),
        ("Dmytro Kuleba", "foreign_minister", "UKR"),
    ],
)
def test_seed_people_hold_their_office_on_the_seed_date(
    actors: list[dict[str, Any]], alias: str, role: str, country: str
) -> None:
    person = _actor_with_alias(actors, alias)
    assert person["type"] == "person" and person["affiliation"] == country
    assert person["id"] in _holders(actors, country, role, dt.date(2021, 12, 2))


def test_seed_organizations_and_metonyms(actors: list[dict[str, Any]], by_id: dict[str, Any]) -> None:
    nato = _actor_with_alias(actors, "NATO")
    assert nato["type"] == "organization" and nato["affiliation"] is None
    assert "the alliance" not in {s.casefold() for _, s in _surfaces(nato)}
    osce = _actor_with_alias(actors, "Organization for Security and Cooperation in Europe")
    assert osce is _actor_with_alias(actors, "OSCE")
    assert "Organization for Security and Co-operation in Europe" in osce["aliases"]
    assert {"Kremlin", "Moscow"} <= set(by_id["RUS"]["metonyms"])
    assert "WHO" in _actor_with_alias(actors, "World Health Organization")["aliases"]
    assert {"USA", "RUS", "UKR"} <= set(by_id)


@pytest.mark.parametrize("on", SPOT_DATES)
@pytest.mark.parametrize("role", CORE_ROLES)
@pytest.mark.parametrize("country", TEN)
def test_exactly_one_holder_on_spot_dates(
    actors: list[dict[str, Any]], country: str, role: str, on: str
) -> None:
    holders = _holders(actors, country, role, dt.date.fromisoformat(on))
    assert len(holders) == 1, holders


def test_known_holders(actors: list[dict[str, Any]]) -> None:
    expected = {
        ("USA", "defence_minister", "2019-06-01"): "patrick_shanahan",
        ("GBR", "head_of_government", "2022-10-01"): "liz_truss",
        ("DEU", "defence_minister", "2015-06-01"): "ursula_von_der_leyen",
        ("UKR", "foreign_minister", "2015-06-01"): "pavlo_klimkin",
        ("CHN", "foreign_minister", "2023-03-01"): "qin_gang",
        ("JPN", "head_of_state", "2019-06-01"): "naruhito",
        ("IND", "defence_minister", "2016-01-01"): "manohar_parrikar",
        ("POL", "head_of_state", "2015-06-01"): "bronislaw_komorowski",
        ("nato", "secretary_general", "2021-12-02"): "jens_stoltenberg",
        ("united_nations", "secretary_general", "2021-12-02"): "antonio_guterres",
    }
    for (of, role, on), person in expected.items():
        assert _holders(actors, of, role, dt.date.fromisoformat(on)) == [person], (of, role, on)


def test_terms_do_not_overlap_beyond_a_handover_day(actors: list[dict[str, Any]]) -> None:
    terms: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for a in actors:
        for r in a.get("roles") or []:
            end = dt.date.max if r["to"] is None else _as_date(r["to"])
            terms[(r["of"], r["role"])].append((_as_date(r["from"]), end, a["id"]))
    overlaps = []
    for key, spans in sorted(terms.items()):
        if key in OVERLAP_EXCEPTIONS:
            continue
        spans.sort()
        for (_, end1, who1), (start2, _, who2) in zip(spans, spans[1:], strict=False):
            if start2 < end1:
                overlaps.append((key, who1, who2))
    assert not overlaps, overlaps
