/*
 * The authorization matrix of /api/microapps (__testUtils__/authorizationMatrix.ts
 * says where its expectations come from) on the example portal's own parts,
 * on every database TestDatabases reaches. This part: granting and revoking
 * each badge, and reading, engaging and releasing the kill switch.
 */
import { describeMatrix } from './__testUtils__/describeMatrix';

describeMatrix(matrix => [...matrix.reviews, ...matrix.killSwitch]);
