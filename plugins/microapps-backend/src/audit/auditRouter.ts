import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type express from 'express';
import { createFeatureRouter } from '../schema/openApiRouter';
import { z } from 'zod';
import { intParam, parseInput, plainText } from '../shared/requestValidation';
import { ANYONE } from '../shared/routeHelpers';
import type { AuditLog } from './AuditLog';

const auditQuerySchema = z.object({
  entityRef: plainText(255).optional(),
  limit: intParam(1, 500, 100),
  beforeId: z.preprocess(
    raw => (raw === undefined || raw === '' ? undefined : Number(raw)),
    z
      .number({
        error: issue =>
          issue.code === 'invalid_type' ? 'must be a whole number' : undefined,
      })
      // Not .int(): it would stop at the first failure, and refuse integers past 2^53.
      .refine(Number.isInteger, 'must be a whole number')
      .min(1)
      .optional(),
  ),
});

/** Resolves once the response can take more, or the client went away. */
function drained(res: express.Response): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The audit log: pages, a verification of the hash chain, and a JSON Lines export. */
export function createAuditRouter(options: {
  httpAuth: HttpAuthService;
  auditLog: AuditLog;
}): express.Router {
  const { httpAuth, auditLog } = options;
  const router = createFeatureRouter();

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    const query = parseInput(auditQuerySchema, req.query, 'query');
    res.json({ items: await auditLog.list(credentials, query) });
  });

  router.get('/audit/verify', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    res.json(await auditLog.verify(credentials));
  });

  router.get('/audit/export', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    const batches = auditLog.export(credentials);
    const first = await batches.next(); // permission errors surface before any output
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="microapps-audit.jsonl"',
    );
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    for (
      let batch = first;
      !batch.done && !gone;
      batch = await batches.next()
    ) {
      const chunk = batch.value
        .map(entry => `${JSON.stringify(entry)}\n`)
        .join('');
      // Honour back-pressure: wait until a slow client has taken the last batch.
      if (!res.write(chunk) && !gone) await drained(res);
    }
    await batches.return(undefined);
    if (!gone) res.end();
  });

  return router;
}
