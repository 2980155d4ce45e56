import type {
  Incident,
  IncidentDetail,
  IncidentEvent,
  IncidentState,
} from './incidentRows';

/** Most events an incident's detail shows, oldest first. */
export const MAX_INCIDENT_EVENTS = 500;
/** Most incidents an app's list shows, newest first. */
export const MAX_APP_INCIDENTS = 100;

export interface IncidentFilter {
  state?: IncidentState;
  /** Lower-case entity ref. */
  entityRef?: string;
}

/** A change of an incident's state, by a person, with their note. */
export interface IncidentStateChange {
  to: IncidentState;
  actor: string;
  note: string;
  occurredAt: string;
}

/** Incidents and their events; every change is audited in its transaction. */
export interface IncidentStore {
  /** Newest updated first; `entityRefs` (lower-case), when given, limits to those apps. */
  list(
    filter: IncidentFilter & {
      entityRefs?: readonly string[];
      limit: number;
      offset: number;
    },
  ): Promise<{ items: Incident[]; totalItems: number }>;
  /** The lower-case refs of the apps with incidents that match the filter. */
  appsWithIncidents(filter: IncidentFilter): Promise<string[]>;
  /** The app's incidents, newest first, at most {@link MAX_APP_INCIDENTS}. */
  listForApp(entityRef: string): Promise<Incident[]>;
  get(id: number): Promise<Incident | undefined>;
  /** With its events, oldest first, at most {@link MAX_INCIDENT_EVENTS}. */
  detail(id: number): Promise<IncidentDetail | undefined>;
  /** Adds a note; throws ConflictError on a closed incident. */
  addNote(
    id: number,
    note: { actor: string; text: string; occurredAt: string },
  ): Promise<IncidentEvent>;
  /** Adds a kill-switch event to the app's open or mitigated incident, if it has one. */
  recordKillSwitchEvent(
    entityRef: string,
    event: { actor: string; text: string; occurredAt: string },
  ): Promise<void>;
  /** Moves the incident to another state, checking the move on the state as committed. */
  changeState(id: number, change: IncidentStateChange): Promise<void>;
}
