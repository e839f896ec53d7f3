#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A CSV of Swedish statistics as agencies export it, for bench/datastore.sh: Windows-1252, ';'
# between cells, decimal commas, spaces between thousands, municipality codes with leading
# zeros. Also writes the same rows as PostgreSQL's COPY reads them (UTF-8, ',', points).
#   make_datastore_csv.py ROWS SWEDISH.csv POSTGRES.csv
import random
import sys

rows = int(sys.argv[1])
random.seed(2026)
kommuner = [("0114", "Upplands Väsby"), ("0180", "Stockholm"), ("1280", "Malmö"),
            ("1480", "Göteborg"), ("0380", "Uppsala"), ("0687", "Tranås"),
            ("2480", "Umeå"), ("0581", "Norrköping"), ("1880", "Örebro"), ("2584", "Kiruna")]
kommuner += [(f"{n:04d}", f"Kommun {n} i Sverige") for n in range(100, 390)]
kategorier = ["Förskola", "Grundskola", "Gymnasieskola", "Äldreomsorg", "Hälso- och sjukvård",
              "Kollektivtrafik", "Vägunderhåll", "Bibliotek", "Räddningstjänst", "Miljöskydd"]
ord_ = ["sjöar", "vägar", "länder", "städer", "fåglar", "skogar", "åar", "öar", "kuster", "fjäll"]

def thousands(n):
    return f"{n:,}".replace(",", " ")

with open(sys.argv[2], "w", encoding="cp1252", newline="") as swedish, \
        open(sys.argv[3], "w", encoding="utf-8", newline="") as postgres:
    swedish.write("Kod;Kommun;År;Datum;Kategori;Befolkning;Andel;Beskrivning\r\n")
    for i in range(rows):
        kod, kommun = kommuner[i % len(kommuner)]
        year = 2000 + (i * 7) % 25
        date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        kategori = kategorier[(i // 3) % len(kategorier)]
        befolkning = random.randint(1000, 990000)
        andel = random.randint(0, 100000) / 1000
        beskrivning = f"Uppgifter om {ord_[i % len(ord_)]} och {ord_[(i // 10) % len(ord_)]} nummer {i}"
        swedish.write(f"{kod};{kommun};{year};{date};{kategori};{thousands(befolkning)};"
                      f"{str(andel).replace('.', ',')};{beskrivning}\r\n")
        postgres.write(f"{kod},{kommun},{year},{date},{kategori},{befolkning},{andel},{beskrivning}\n")
