/*
 * The authorization matrix of /api/microapps (__testUtils__/authorizationMatrix.ts
 * says where its expectations come from) on a portal of real parts
 * (__testUtils__/signedInPortal.ts), on every database TestDatabases reaches. This part: the badges as SVG and
 * their public addresses, and the ingest keys of an app and of gateways.
 */
import { describeMatrix } from '../__testUtils__/describeMatrix';

describeMatrix(matrix => [
  ...matrix.badges,
  ...matrix.ingestKeys,
  ...matrix.publicBadges,
]);
