#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a DCAT-AP-SE catalogue in RDF/XML with N datasets, as an agency's harvest source
would: publishers, datasets with two distributions each, contact points, themes, licences.
With --changed P, the Swedish title of every (100/P)th dataset differs (P percent changed).

    make_harvest_source.py N OUT.rdf [--changed P]
"""
import sys
from xml.sax.saxutils import escape

EU = "http://publications.europa.eu/resource/authority/"
THEMES = ["ENVI", "ECON", "TRAN", "HEAL", "EDUC", "GOVE", "AGRI", "SOCI", "ENER", "REGI"]
FORMATS = ["CSV", "JSON", "XLSX", "XML", "GEOJSON"]
WORDS = ["befolkning", "trafik", "vatten", "luftkvalitet", "skola", "vård", "energi", "skog",
         "bostäder", "arbetsmarknad", "kollektivtrafik", "väder", "kommun", "budget", "hälsa"]


def main():
    args = sys.argv[1:]
    changed = 0.0
    if "--changed" in args:
        at = args.index("--changed")
        changed = float(args[at + 1])
        del args[at:at + 2]
    count, path = int(args[0]), args[1]
    every = int(round(100 / changed)) if changed > 0 else 0
    base = "https://bench.example.se"
    with open(path, "w", encoding="utf-8") as out:
        w = out.write
        w('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n'
          ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
          ' xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/"\n'
          ' xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:vcard="http://www.w3.org/2006/vcard/ns#"\n'
          ' xmlns:xsd="http://www.w3.org/2001/XMLSchema#">\n')
        w(f'<dcat:Catalog rdf:about="{base}/catalog">\n'
          ' <dct:title xml:lang="sv">Benchmarkkatalogen</dct:title>\n'
          ' <dct:description xml:lang="sv">En genererad katalog.</dct:description>\n'
          f' <dct:publisher rdf:resource="{base}/org/0"/>\n')
        for i in range(count):
            w(f' <dcat:dataset rdf:resource="{base}/dataset/{i}"/>\n')
        w('</dcat:Catalog>\n')
        for k in range(20):
            w(f'<foaf:Agent rdf:about="{base}/org/{k}"><foaf:name xml:lang="sv">Benchmyndighet {k}'
              f'</foaf:name><foaf:name xml:lang="en">Bench agency {k}</foaf:name></foaf:Agent>\n')
        for i in range(count):
            a, b, c = WORDS[i % 15], WORDS[(i * 7 + 3) % 15], WORDS[(i * 11 + 5) % 15]
            title = f"{a.capitalize()} och {b} {i}"
            if every and i % every == 0:
                title += " (ändrad)"
            theme = THEMES[i % len(THEMES)]
            w(f'<dcat:Dataset rdf:about="{base}/dataset/{i}">\n'
              f' <dct:identifier>bench-{i}</dct:identifier>\n'
              f' <dct:title xml:lang="sv">{escape(title)}</dct:title>\n'
              f' <dct:title xml:lang="en">{a} and {b} {i}</dct:title>\n'
              f' <dct:description xml:lang="sv">Uppgifter om {a} och {b} i {c}, per år och kommun, '
              f'sammanställda för uppföljning och forskning. Datamängd nummer {i}.</dct:description>\n'
              f' <dct:description xml:lang="en">Figures on {a} and {b} in {c}, by year and '
              f'municipality. Dataset number {i}.</dct:description>\n'
              f' <dct:publisher rdf:resource="{base}/org/{i % 20}"/>\n'
              f' <dcat:keyword xml:lang="sv">{a}</dcat:keyword><dcat:keyword xml:lang="sv">{b}</dcat:keyword>'
              f'<dcat:keyword xml:lang="sv">{c}</dcat:keyword>\n'
              f' <dcat:theme rdf:resource="{EU}data-theme/{theme}"/>\n'
              f' <dct:accessRights rdf:resource="{EU}access-right/PUBLIC"/>\n'
              f' <dct:accrualPeriodicity rdf:resource="{EU}frequency/ANNUAL"/>\n'
              f' <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#date">'
              f'2026-{1 + i % 12:02d}-{1 + i % 28:02d}</dct:modified>\n'
              f' <dcat:contactPoint><vcard:Organization><vcard:fn>Enhet {i % 20}</vcard:fn>'
              f'<vcard:hasEmail rdf:resource="mailto:data{i % 20}@bench.example.se"/></vcard:Organization>'
              '</dcat:contactPoint>\n')
            for n in range(2):
                fmt = FORMATS[(i + n) % len(FORMATS)]
                w(f' <dcat:distribution><dcat:Distribution rdf:about="{base}/dataset/{i}/{n}">'
                  f'<dct:title xml:lang="sv">{fmt}-fil {n + 1}</dct:title>'
                  f'<dcat:accessURL rdf:resource="{base}/data/{i}"/>'
                  f'<dcat:downloadURL rdf:resource="{base}/data/{i}/{n}.{fmt.lower()}"/>'
                  f'<dct:format rdf:resource="{EU}file-type/{fmt}"/>'
                  f'<dct:license rdf:resource="{EU}licence/CC_BY_4_0"/>'
                  '</dcat:Distribution></dcat:distribution>\n')
            w('</dcat:Dataset>\n')
        w('</rdf:RDF>\n')


if __name__ == "__main__":
    main()
