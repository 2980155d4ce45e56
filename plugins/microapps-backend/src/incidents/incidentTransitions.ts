import { ConflictError } from '@backstage/errors';
import type { IncidentState } from './incidentRows';

/** The states each state may move to; closed is final. */
const MOVES: Record<IncidentState, readonly IncidentState[]> = {
  open: ['mitigated', 'closed'],
  mitigated: ['closed', 'open'],
  closed: [],
};

/** The audit action of a move to each state. */
export const AUDIT_ACTION_OF: Record<IncidentState, string> = {
  mitigated: 'incident.mitigated',
  closed: 'incident.closed',
  open: 'incident.reopened',
};

/** Throws ConflictError, naming the state, unless `from` may move to `to`. */
export function requireMove(
  id: number,
  from: IncidentState,
  to: IncidentState,
): void {
  if (from === 'closed') {
    throw new ConflictError(
      `Incident ${id} is closed; a closed incident cannot change`,
    );
  }
  if (!MOVES[from].includes(to)) {
    throw new ConflictError(
      `Incident ${id} is ${from}; it can only become ${MOVES[from].join(
        ' or ',
      )}`,
    );
  }
}
