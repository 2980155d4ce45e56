/*
 * The authorization matrix of /api/microapps (__testUtils__/authorizationMatrix.ts
 * says where its expectations come from) on a portal of real parts
 * (__testUtils__/signedInPortal.ts), on every database TestDatabases reaches. This part: granting and revoking
 * each badge, and reading, engaging and releasing the kill switch.
 */
import { describeMatrix } from '../__testUtils__/describeMatrix';

describeMatrix(matrix => [...matrix.reviews, ...matrix.killSwitch]);
