import type { AuditorService } from '@backstage/backend-plugin-api';
import type express from 'express';

/** Which principals a route takes. */
export interface Callers {
  allow: Array<'user' | 'service'>;
}

/** People and services (pipelines, gateways, the example portal's seeder). */
export const ANYONE: Callers = { allow: ['user', 'service'] };
/** People only: sign-offs and other decisions someone must answer for. */
export const PEOPLE: Callers = { allow: ['user'] };

/** Runs a mutation inside a Backstage auditor event. */
export async function audited<T>(
  auditor: AuditorService,
  req: express.Request,
  eventId: string,
  meta: Record<string, string>,
  fn: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    request: req,
    meta,
  });
  try {
    const result = await fn();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
