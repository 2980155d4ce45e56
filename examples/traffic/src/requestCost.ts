import type { ExampleModel } from './exampleCatalog';
import type { PlannedRequest } from './planTypes';

/** Cost of one request at catalog prices (cached input at the cached price), or the cost the span reports. */
export function requestCostUsd(
  request: PlannedRequest,
  modelsById: ReadonlyMap<string, ExampleModel>,
): number {
  if (request.costUsd !== undefined) return request.costUsd;
  const pricing = modelsById.get(request.model)?.pricing;
  if (!pricing) return 0;
  const uncached = request.inputTokens - request.cachedInputTokens;
  return (
    (uncached * pricing.inputPer1M +
      request.cachedInputTokens *
        (pricing.cachedInputPer1M ?? pricing.inputPer1M) +
      request.outputTokens * pricing.outputPer1M) /
    1_000_000
  );
}
