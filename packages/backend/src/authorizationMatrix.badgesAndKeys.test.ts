/*
 * The authorization matrix of /api/microapps (__testUtils__/authorizationMatrix.ts
 * says where its expectations come from) on the example portal's own parts,
 * on every database TestDatabases reaches. This part: the badges as SVG and
 * their public addresses, and the ingest keys of an app and of gateways.
 */
import { describeMatrix } from './__testUtils__/describeMatrix';

describeMatrix(matrix => [
  ...matrix.badges,
  ...matrix.ingestKeys,
  ...matrix.publicBadges,
]);
