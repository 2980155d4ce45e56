export { microAppsApiRef } from './MicroAppsApi';
export type {
  DayRange,
  MicroAppRef,
  MicroAppsApi,
  ViolationQuery,
} from './MicroAppsApi';
export { MicroAppsClient } from './MicroAppsClient';
export type {
  Incident,
  IncidentDetail,
  IncidentEvent,
  IncidentEventKind,
  IncidentPage,
  IncidentQuery,
  IncidentSeverity,
  IncidentState,
  LoadedPolicy,
  PolicyAction,
  PolicyFiring,
  PolicyList,
  PolicyLoadError,
} from './incidentTypes';
