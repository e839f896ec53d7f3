// SPDX-License-Identifier: Apache-2.0
// Validates RDF against SHACL shapes with a real SHACL engine (rdf-validate-shacl).
//   node tests/rdf/shacl.mjs SHAPES.ttl [MORE_SHAPES.ttl ...] -- DATA.ttl   prints the report
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import rdf from 'rdf-ext';
import SHACLValidator from 'rdf-validate-shacl';

export function parseTurtle(text, baseIRI = 'http://example.org/') {
  return rdf.dataset(new Parser({ baseIRI }).parse(text));
}

// Returns {conforms, violations: [{focus, path, message, severity}], warnings: count}.
export async function validate(shapesTexts, dataText) {
  const shapes = rdf.dataset();
  for (const text of shapesTexts) for (const quad of parseTurtle(text)) shapes.add(quad);
  const validator = new SHACLValidator(shapes);
  const report = await validator.validate(parseTurtle(dataText));
  const results = report.results.map((result) => ({
    focus: result.focusNode?.value,
    path: result.path?.value,
    severity: result.severity?.value.split('#').pop(),
    message: result.message.map((m) => m.value).join(' '),
    shape: result.sourceShape?.value,
  }));
  return {
    conforms: report.conforms,
    violations: results.filter((r) => r.severity === 'Violation'),
    others: results.filter((r) => r.severity !== 'Violation'),
  };
}

if (process.argv[1] && process.argv[1].endsWith('shacl.mjs')) {
  const args = process.argv.slice(2);
  const split = args.indexOf('--');
  const shapes = args.slice(0, split).map((file) => readFileSync(file, 'utf8'));
  const data = readFileSync(args[split + 1], 'utf8');
  const report = await validate(shapes, data);
  console.log(JSON.stringify({ conforms: report.conforms, violations: report.violations.length, others: report.others.length }, null, 1));
  for (const v of report.violations.slice(0, 30)) console.log(v.severity, v.focus, v.path, v.message);
}
