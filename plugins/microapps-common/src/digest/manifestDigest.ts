import type { MicroAppSpec } from '../kind/MicroAppEntity';
import canonicalize from 'canonicalize';
import { sha256Hex } from './sha256';

/**
 * The fields an approval is bound to. Changing any of them changes what a
 * steward reviewed; `lifecycle`, `version`, `costCenter`, `system`,
 * `template`, `limits` and `support` may change without invalidating a
 * review. `url`, where users open the app, counts only when present: a
 * steward approves an app at an address, and manifests without one keep the
 * digest they had before the field existed.
 *
 * @public
 */
export const RISK_RELEVANT_FIELDS = [
  'type',
  'owner',
  'reach',
  'data',
  'connectors',
  'models',
  'dependencies',
  'egress',
  'url',
] as const;

/** @public */
export type RiskRelevantSpec = Pick<
  MicroAppSpec,
  (typeof RISK_RELEVANT_FIELDS)[number]
>;

/**
 * Normalises the risk-relevant part of a spec: lists that are sets are sorted
 * and de-duplicated, optional lists default to empty, so that two manifests
 * that mean the same thing produce the same digest.
 *
 * @public
 */
export function riskRelevantSpec(spec: MicroAppSpec): RiskRelevantSpec {
  const sortedSet = (values: readonly string[] | undefined) =>
    Array.from(new Set(values ?? [])).sort();
  return {
    type: spec.type,
    owner: spec.owner.toLocaleLowerCase('en-US'),
    reach: spec.reach,
    data: {
      classifications: sortedSet(
        spec.data.classifications,
      ) as MicroAppSpec['data']['classifications'],
      pii: spec.data.pii,
    },
    connectors: [...(spec.connectors ?? [])]
      .map(({ name, exposure, access }) => ({ name, exposure, access }))
      .sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b))),
    models: sortedSet(spec.models),
    dependencies: {
      risk: spec.dependencies.risk,
      ...(spec.dependencies.sbom ? { sbom: spec.dependencies.sbom } : {}),
    },
    egress: sortedSet(
      spec.egress?.map(host => host.toLocaleLowerCase('en-US')),
    ),
    ...(spec.url ? { url: spec.url } : {}),
  };
}

/**
 * The JSON Canonicalization Scheme (RFC 8785) of a JSON value: object keys
 * sorted at every depth, no insignificant white space, numbers as
 * ECMAScript writes them. Any JCS implementation, in any language, encodes
 * a value to the same string, so digests and audit hashes can be checked
 * outside Trellis.
 *
 * @public
 */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}

/**
 * SHA-256 over the canonical encoding of the risk-relevant spec, prefixed
 * with the algorithm: `sha256:<64 hex>`.
 *
 * @public
 */
export function manifestDigest(spec: MicroAppSpec): string {
  return `sha256:${sha256Hex(canonicalJson(riskRelevantSpec(spec)))}`;
}
