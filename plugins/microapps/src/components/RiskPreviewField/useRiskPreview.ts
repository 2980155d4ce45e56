import { useApi } from '@backstage/core-plugin-api';
import type { RiskInput } from '@trellis/plugin-microapps-common';
import { useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { microAppsApiRef } from '../../api';
import type { RiskInputFromForm } from './riskInputFromForm';

/** How long typing must pause before the answers are scored again. */
export const RISK_PREVIEW_DEBOUNCE_MS = 400;

/** The field's value and how to change it. */
export interface RiskPreviewValue {
  value: string | undefined;
  onChange(tier: string | undefined): void;
}

/**
 * Scores the risk input with the backend (the first answers at once, later
 * changes once typing pauses) and keeps the computed tier as the field's
 * value. `pending` while answers wait to be scored.
 */
export function useRiskPreview(
  input: RiskInputFromForm,
  field: RiskPreviewValue,
) {
  const api = useApi(microAppsApiRef);
  const inputKey = JSON.stringify(input.spec ?? null);

  const [scoredKey, setScoredKey] = useState(inputKey);
  useDebounce(() => setScoredKey(inputKey), RISK_PREVIEW_DEBOUNCE_MS, [
    inputKey,
  ]);
  const {
    value: result,
    loading,
    error,
  } = useAsync(async () => {
    const spec = JSON.parse(scoredKey) as RiskInput | null;
    return spec ? api.evaluateRisk(spec) : undefined;
  }, [api, scoredKey]);
  const pending = loading || scoredKey !== inputKey;

  // The field's own value is the computed tier, so that it shows on the
  // review step and reaches the template as `parameters.<field>`.
  const onChangeRef = useRef(field.onChange);
  onChangeRef.current = field.onChange;
  const computedTier = input.spec && !error ? result?.tier : undefined;
  const currentTier = field.value;
  useEffect(() => {
    if (pending || computedTier === currentTier) return;
    onChangeRef.current(computedTier);
  }, [pending, computedTier, currentTier]);

  return { result, error, pending };
}
