import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type express from 'express';
import { createFeatureRouter } from '../../schema/openApiRouter';
import { PEOPLE } from '../../shared/routeHelpers';
import type { ReviewInbox } from './ReviewInbox';

/** The steward inbox: the reviews the signed-in steward may act on. */
export function createReviewsRouter(options: {
  httpAuth: HttpAuthService;
  inbox: ReviewInbox;
}): express.Router {
  const router = createFeatureRouter();
  router.get('/reviews', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, PEOPLE);
    res.json({ items: await options.inbox.reviews(credentials) });
  });
  return router;
}
