/**
 * The Trellis MicroApps backend plugin.
 *
 * @packageDocumentation
 */
export { microAppsPlugin as default } from './plugin';
