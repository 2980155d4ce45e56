import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  MarketplacePage,
  MarketplaceQuery,
  MicroAppDetail,
  ModelCatalogEntry,
  RiskInput,
  RiskResult,
} from '@trellis/plugin-microapps-common';

/**
 * A MicroApp, as an entity ref string (`microapp:default/ticket-summarizer`,
 * `default/ticket-summarizer` or `ticket-summarizer`) or as its parts.
 *
 * @public
 */
export type MicroAppRef =
  | string
  | (Pick<CompoundEntityRef, 'name'> &
      Partial<Pick<CompoundEntityRef, 'namespace'>>);

/**
 * Client for the Trellis micro-apps backend (`/api/microapps`).
 *
 * @public
 */
export interface MicroAppsApi {
  /** One page of the marketplace with the total number of matches. */
  listApps(query?: MarketplaceQuery): Promise<MarketplacePage>;
  /** Risk explanation, badge states and promotion gates of one MicroApp. */
  getApp(ref: MicroAppRef): Promise<MicroAppDetail>;
  /** Scores a (draft) MicroApp spec without registering it. */
  evaluateRisk(spec: RiskInput): Promise<RiskResult>;
  /** The organisation's model catalog. */
  listModels(): Promise<ModelCatalogEntry[]>;
}

/**
 * API reference for {@link MicroAppsApi}.
 *
 * @public
 */
export const microAppsApiRef = createApiRef<MicroAppsApi>({
  id: 'plugin.microapps.service',
});
