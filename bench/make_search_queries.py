#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes bench/search-queries.txt: 200 realistic catalogue searches, one URL query string a
line, each asking for 5 facets. Half Swedish, half English; 1-4 words built the way people
search a data portal (a subject, a subject and a place, a few words of a title); a third narrowed
by a facet filter; a few misspelt or matching nothing. Deterministic; rerun only to change the
set."""
import random
import urllib.parse
from pathlib import Path

random.seed(20261127)
# (Swedish words, English words) of subjects people look for.
subjects = [
    ("vattenkvalitet sjöar", "water quality lakes"), ("befolkning", "population"),
    ("luftkvalitet", "air quality"), ("utsläpp växthusgaser", "greenhouse gas emissions"),
    ("betyg grundskolan", "school grades"), ("elever lärare", "pupils teacher"),
    ("kollektivtrafik hållplatser", "public transport stops"), ("trafikflöden", "traffic flows"),
    ("väntetider vården", "waiting times health care"), ("vaccinationstäckning", "vaccination coverage"),
    ("anmälda brott", "reported crimes"), ("trafikolyckor", "road accidents"),
    ("bredbandstäckning", "broadband coverage"), ("elproduktion", "electricity generation"),
    ("vindkraftverk", "wind turbines"), ("laddstationer elbilar", "charging stations"),
    ("fastighetsgränser", "property boundaries"), ("adresser", "addresses"),
    ("detaljplaner", "development plans"), ("bostadsbyggande", "housing construction"),
    ("arbetslöshet", "unemployment"), ("registrerade företag", "registered companies"),
    ("hushållens inkomster", "household income"), ("skogsavverkning", "forest felling"),
    ("skörd spannmål", "cereal harvest"), ("nederbörd", "precipitation"),
    ("skyddad natur", "protected nature"), ("offentliga upphandlingar", "public procurement"),
    ("valresultat", "election results"), ("biblioteksbesök", "library visits"),
    ("export", "exports"), ("livsmedelskontroller", "food inspections"),
    ("fordon i trafik", "vehicles in use"), ("fartygsanlöp", "ship calls"),
    ("konkurser", "bankruptcies"), ("dödsorsaker", "causes of death"),
]
places = [("stockholm", "stockholm"), ("skåne", "skåne"), ("gotland", "gotland"),
          ("mälardalen", "mälaren"), ("norrbotten", "norrbotten"), ("uppsala", "uppsala"),
          ("sverige", "sweden"), ("västra götaland", "västra götaland")]
misses = ["kvantdatorer", "rymdväder", "quantum computing", "befolknig", "vattenkvalitee", "airport noise"]
themes = ["ENVI", "SOCI", "ECON", "TRAN", "HEAL", "EDUC", "REGI", "AGRI", "ENER", "GOVE", "JUST", "TECH"]
formats = ["CSV", "JSON", "GEOJSON", "XLSX"]
publishers = ["scb", "smhi", "naturvardsverket", "trafikverket", "lantmateriet", "skolverket",
              "folkhalsomyndigheten", "stockholms-stad", "region-skane", "boverket"]
lines = []
for index in range(200):
    language = index % 2
    subject = random.choice(subjects)[language].split()
    place = random.choice(places)[language]
    shape = random.random()
    if index % 25 == 0:
        query = random.choice(misses)
    elif shape < 0.3:
        query = subject[0]                               # one word
    elif shape < 0.65:
        query = f"{subject[0]} {place}"                  # subject and place
    elif shape < 0.85:
        query = " ".join(subject[:3])                    # words of a title
    else:
        query = " ".join(subject[:2] + place.split()[:2])  # title words and a place
    params = {"q": query, "facets": "theme,publisher,format,license,access_rights", "limit": "20"}
    if index % 3 == 0:
        kind = random.choice(["theme", "format", "publisher", "access_rights"])
        params[kind] = {"theme": random.choice(themes), "format": random.choice(formats),
                        "publisher": random.choice(publishers), "access_rights": "PUBLIC"}[kind]
    lines.append(urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
Path(__file__).with_name("search-queries.txt").write_text("\n".join(lines) + "\n")
