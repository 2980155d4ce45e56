import { useApi } from '@backstage/core-plugin-api';
import type {
  MicroAppSpec,
  RiskInput,
  RiskResult,
} from '@trellis/plugin-microapps-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { microAppsApiRef } from '../../../api';
import {
  riskInputOf,
  sameRiskInput,
  scorableRiskInput,
} from './riskInputDraft';

/** Wait this long after the last edit before asking the backend to score. */
export const SIMULATOR_DEBOUNCE_MS = 400;

/**
 * The what-if draft of a spec's risk inputs and the backend's score for it,
 * asked for once the edits have settled. An unchanged draft is not sent: it
 * scores as the current result.
 */
export function useRiskSimulation(spec: MicroAppSpec, current: RiskResult) {
  const api = useApi(microAppsApiRef);
  const initial = useMemo(() => riskInputOf(spec), [spec]);
  const [draft, setDraft] = useState<RiskInput>(initial);
  const [settled, setSettled] = useState<RiskInput>(initial);
  useDebounce(() => setSettled(draft), SIMULATOR_DEBOUNCE_MS, [draft]);

  const changed = !sameRiskInput(settled, initial);
  const settledKey = JSON.stringify(scorableRiskInput(settled));
  const evaluation = useAsync(
    async () =>
      changed ? api.evaluateRisk(scorableRiskInput(settled)) : undefined,
    [api, settledKey, changed],
  );

  return {
    draft,
    /** Whether the draft differs from the manifest. */
    edited: !sameRiskInput(draft, initial),
    /** The what-if result; undefined while the first score is on its way. */
    simulated: changed ? evaluation.value : current,
    pending: draft !== settled || evaluation.loading,
    error: evaluation.error,
    patch: (next: Partial<RiskInput>) => setDraft({ ...draft, ...next }),
    reset: () => {
      setDraft(initial);
      setSettled(initial);
    },
  };
}
