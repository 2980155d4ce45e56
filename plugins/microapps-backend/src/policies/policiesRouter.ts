import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  MICROAPP_KIND,
  microAppPoliciesEvaluatePermission,
  microAppPoliciesReadPermission,
} from '@trellis/plugin-microapps-common';
import type express from 'express';
import { z } from 'zod';
import type { AppReadAccess } from '../registry/AppReadAccess';
import type { AppLoader } from '../registry/loadApp';
import { createFeatureRouter } from '../schema/openApiRouter';
import { parseInput } from '../shared/requestValidation';
import { ANYONE } from '../shared/routeHelpers';
import {
  type CompiledPolicy,
  compilePolicySource,
  type PolicyLoadError,
} from './compilePolicy';
import type {
  PolicyFiring,
  PolicyFiringStore,
} from './firings/PolicyFiringStore';
import { evaluatePolicies } from './PolicyEvaluator';
import type { PolicyInputBuilder } from './policyInputs';
import type { PolicyLoader } from './PolicyLoader';

/** Firings `GET /policies` shows per policy. */
const LAST_FIRINGS_PER_POLICY = 5;

/** Largest policy the test bench takes, as YAML text or as JSON. */
export const MAX_POLICY_CHARS = 16_000;

const evaluateBodySchema = z.object({
  policy: z.union(
    [
      z.string().max(MAX_POLICY_CHARS),
      z
        .record(z.string(), z.unknown())
        .refine(
          policy => JSON.stringify(policy).length <= MAX_POLICY_CHARS,
          `must be at most ${MAX_POLICY_CHARS} characters as JSON`,
        ),
    ],
    {
      error: `must be one policy as YAML text or as an object, at most ${MAX_POLICY_CHARS} characters`,
    },
  ),
  app: z
    .string({ error: 'must be an entity ref, microapp:<namespace>/<name>' })
    .max(255),
});

/** `GET /policies` and `POST /policies/evaluate`, the policy test bench. */
export function createPoliciesRouter(options: {
  httpAuth: HttpAuthService;
  access: Pick<AppReadAccess, 'require'>;
  loader: Pick<PolicyLoader, 'policySet' | 'environment'>;
  loadApp: AppLoader;
  inputOf: PolicyInputBuilder;
  firings: Pick<PolicyFiringStore, 'latestFiringsByPolicy'>;
}): express.Router {
  const { httpAuth, access, loader } = options;
  const router = createFeatureRouter();

  router.get('/policies', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    await access.require(
      credentials,
      microAppPoliciesReadPermission as BasicPermission,
      'the policies',
    );
    const [{ policies, loadErrors }, firings] = await Promise.all([
      loader.policySet(),
      options.firings.latestFiringsByPolicy(LAST_FIRINGS_PER_POLICY),
    ]);
    res.json({
      policies: policies.map(policy =>
        policySummary(policy, firings.get(policy.id) ?? []),
      ),
      loadErrors,
    });
  });

  router.post('/policies/evaluate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    await access.require(
      credentials,
      microAppPoliciesEvaluatePermission as BasicPermission,
      'policies',
      'evaluate',
    );
    const body = parseInput(evaluateBodySchema, req.body, 'body');
    const ref = microAppRef(body.app);
    const { policy, errors } = compilePolicySource(
      loader.environment,
      body.policy,
    );
    if (!policy) {
      throw new InputError(
        `Invalid policy. ${errors.map(describeLoadError).join('; ')}`,
      );
    }
    const app = await options.loadApp(ref, credentials);
    const input = await options.inputOf(app, policy.windowSeconds);
    const [decision] = evaluatePolicies([policy], input);
    res.json({
      id: decision.id,
      app: app.entityRef,
      fired: decision.fired,
      mode: decision.mode,
      actions: decision.actions,
      values: decision.values,
      errors: decision.error ? [decision.error] : [],
    });
  });

  return router;
}

/** `microapp:default/expense-summarizer` (or `default/…`, or a bare name) → its parts. */
function microAppRef(text: string) {
  try {
    const ref = parseEntityRef(text, {
      defaultKind: MICROAPP_KIND,
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') === 'microapp') {
      return { kind: 'microapp', namespace: ref.namespace, name: ref.name };
    }
  } catch {
    // reported below
  }
  throw new InputError(
    `Invalid body. app: must be a MicroApp entity ref, microapp:<namespace>/<name>, got ${JSON.stringify(
      text,
    )}`,
  );
}

/** `policy.when (line 3, column 12): No such key: nam`. */
export function describeLoadError(error: PolicyLoadError): string {
  const at =
    error.line !== undefined
      ? ` (line ${error.line}${
          error.column !== undefined ? `, column ${error.column}` : ''
        })`
      : '';
  return `${error.path ? `policy.${error.path}` : 'policy'}${at}: ${
    error.message
  }`;
}

/** A loaded policy as `GET /policies` lists it, with its newest firings. */
function policySummary(policy: CompiledPolicy, firings: PolicyFiring[]) {
  return {
    id: policy.id,
    title: policy.title,
    description: policy.description,
    severity: policy.severity,
    mode: policy.mode,
    window: policy.window,
    when: policy.when,
    actions: policy.actions,
    location: policy.location,
    lastFirings: firings.map(firing => ({
      firingId: firing.id,
      entityRef: firing.entityRef,
      firedAt: firing.firedAt,
      mode: firing.mode,
      ...(firing.incidentId !== undefined
        ? { incidentId: firing.incidentId }
        : {}),
    })),
  };
}
