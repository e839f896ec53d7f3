#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes bench/search-queries.txt: 200 realistic catalogue searches (1-4 words, Swedish and
English, a third with facet filters), one URL query string a line, each asking for 5 facets.
Deterministic; rerun only to change the set."""
import random
import urllib.parse
from pathlib import Path

random.seed(20261127)
swedish = ["vattenkvalitet", "sjöar", "befolkning", "kommun", "luftkvalitet", "utsläpp", "klimat",
           "skola", "betyg", "elever", "trafik", "kollektivtrafik", "hållplatser", "vård", "väntetider",
           "vaccination", "brott", "olyckor", "bredband", "elproduktion", "vindkraft", "energi",
           "fastighet", "adresser", "kartor", "detaljplaner", "bostäder", "arbetslöshet", "företag",
           "inkomst", "skog", "jordbruk", "skörd", "nederbörd", "väder", "naturskydd", "upphandling",
           "valresultat", "budget", "bibliotek", "arkiv", "export", "bistånd", "livsmedel", "fordon",
           "sjöfart", "laddstationer", "stockholm", "skåne", "gotland", "mälardalen", "norrbotten",
           "uppsala", "vatten", "kvalitet", "statistik", "2020", "2015"]
english = ["water quality", "lakes", "population", "municipality", "air quality", "emissions",
           "climate", "school", "grades", "pupils", "traffic", "public transport", "stops",
           "health care", "waiting times", "vaccination", "crime", "accidents", "broadband",
           "electricity", "wind power", "energy", "property", "addresses", "maps", "housing",
           "unemployment", "companies", "income", "forestry", "agriculture", "harvest",
           "precipitation", "weather", "nature conservation", "procurement", "elections",
           "library", "archives", "exports", "aid", "food", "vehicles", "shipping", "charging",
           "stockholm", "gotland", "sweden", "county"]
themes = ["ENVI", "SOCI", "ECON", "TRAN", "HEAL", "EDUC", "REGI", "AGRI", "ENER", "GOVE", "JUST", "TECH"]
formats = ["CSV", "JSON", "GEOJSON", "XLSX"]
publishers = ["scb", "smhi", "naturvardsverket", "trafikverket", "lantmateriet", "skolverket",
              "folkhalsomyndigheten", "stockholms-stad", "region-skane", "boverket"]
lines = []
for index in range(200):
    words = swedish if index % 2 == 0 else english
    count = random.choice([1, 1, 2, 2, 2, 3, 4])
    query = " ".join(random.sample(words, count))
    params = {"q": query, "facets": "theme,publisher,format,license,access_rights", "limit": "20"}
    if index % 3 == 0:
        kind = random.choice(["theme", "format", "publisher", "access_rights"])
        params[kind] = {"theme": random.choice(themes), "format": random.choice(formats),
                        "publisher": random.choice(publishers), "access_rights": "PUBLIC"}[kind]
    lines.append(urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
Path(__file__).with_name("search-queries.txt").write_text("\n".join(lines) + "\n")
