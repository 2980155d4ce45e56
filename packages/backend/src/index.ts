/*
 * The Trellis example portal backend: a standard Backstage backend with the
 * Trellis plugins added the way an adopter adds them (portalFeatures.ts).
 */
import { createBackend } from '@backstage/backend-defaults';
import { portalFeatures } from './portalFeatures';

const backend = createBackend();

for (const feature of portalFeatures) backend.add(feature);

backend.start();
