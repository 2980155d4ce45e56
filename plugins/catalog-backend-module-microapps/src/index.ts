/**
 * Catalog backend module that registers the Trellis MicroApp kind.
 *
 * @packageDocumentation
 */
export { catalogModuleMicroApps as default } from './module';
export {
  MicroAppEntitiesProcessor,
  MANIFEST_DIGEST_ANNOTATION,
  type MicroAppEntitiesProcessorOptions,
} from './processor/MicroAppEntitiesProcessor';
