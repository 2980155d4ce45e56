import {
  createValidatedOpenApiRouter,
  type ApiRouter,
} from '@backstage/backend-openapi-utils';
import express from 'express';
import Router from 'express-promise-router';
import { spec } from './openapi.generated';

/** An express router whose routes are the OpenAPI document's. */
export type MicroAppsApiRouter = ApiRouter<typeof spec>;

/** Largest JSON request body the REST routes read. */
const JSON_BODY_LIMIT = '256kb';

/**
 * The JSON body parser of the REST routes. It runs before the OpenAPI router,
 * whose error handler would turn a body parser's 413 into a 400.
 */
export const parseJsonBody = express.json({ limit: JSON_BODY_LIMIT });

/**
 * The router every REST route is mounted on, built from the OpenAPI document
 * (src/schema/openapi.yaml) by Backstage's OpenAPI tooling; it also serves
 * the document at `/openapi.json`. Mount parseJsonBody before it.
 *
 * Requests are validated by each route's own schema, whose messages name the
 * field and what it allows. Responses are checked against the document when
 * `validateResponses` is set, as the router tests do: a response the document
 * does not describe fails them.
 */
export function createOpenApiRouter(
  options: { validateResponses?: boolean } = {},
): MicroAppsApiRouter {
  return createValidatedOpenApiRouter<typeof spec>(spec, {
    // The body is parsed before (parseJsonBody); the tooling's default parser
    // would take another limit.
    middleware: [(_req, _res, next) => next()],
    validatorOptions: {
      validateRequests: false,
      validateSecurity: false,
      validateResponses: options.validateResponses ?? false,
    },
  });
}

/**
 * A feature's router, mounted on the one from createOpenApiRouter. Its
 * routes are type-checked against the OpenAPI document: a path the document
 * lacks, or a response body of another shape, does not compile.
 */
export function createFeatureRouter(): MicroAppsApiRouter {
  return Router() as MicroAppsApiRouter;
}
