export { microAppsApiRef } from './MicroAppsApi';
export type {
  DayRange,
  MicroAppRef,
  MicroAppsApi,
  ViolationQuery,
} from './MicroAppsApi';
export { MicroAppsClient } from './MicroAppsClient';
