import { useApi } from '@backstage/core-plugin-api';
import type { NewIngestKey } from '@trellis/plugin-microapps-common';
import { useState } from 'react';
import { microAppsApiRef } from '../../../api';
import { responseErrorMessage } from '../shared/responseErrorMessage';
import { otelEnvironment } from './otelEnvironment';

/**
 * The name typed for a new ingest key, and its creation: the key just
 * created, with the environment lines to paste, until it is dismissed.
 */
export function useCreateIngestKey(entityRef: string, onCreated: () => void) {
  const api = useApi(microAppsApiRef);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const [created, setCreated] = useState<NewIngestKey>();
  const [environment, setEnvironment] = useState('');

  const create = async () => {
    setProblem(undefined);
    if (!name.trim()) {
      setProblem('Give the key a name, such as where the app runs.');
      return;
    }
    try {
      const key = await api.createIngestKey(entityRef, name.trim());
      setEnvironment(
        otelEnvironment(await api.getTracesEndpoint(), key.key, entityRef),
      );
      setCreated(key);
      setName('');
      onCreated();
    } catch (error) {
      setProblem(responseErrorMessage(error));
    }
  };

  return {
    name,
    setName,
    problem,
    created,
    environment,
    create,
    dismiss: () => setCreated(undefined),
  };
}
