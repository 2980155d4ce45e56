/**
 * The Trellis MicroApps backend plugin. Its permission rules and the steward
 * decision for permission policies are in `@trellis/plugin-microapps-node`.
 *
 * @packageDocumentation
 */
export { microAppsPlugin as default } from './plugin';
