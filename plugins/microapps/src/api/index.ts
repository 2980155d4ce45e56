export { microAppsApiRef } from './MicroAppsApi';
export type { MicroAppRef, MicroAppsApi } from './MicroAppsApi';
export { MicroAppsClient } from './MicroAppsClient';
