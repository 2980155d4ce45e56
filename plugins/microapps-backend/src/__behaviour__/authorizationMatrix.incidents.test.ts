/*
 * The authorization matrix of /api/microapps (__testUtils__/authorizationMatrix.ts
 * says where its expectations come from) on a portal of real parts
 * (__testUtils__/signedInPortal.ts), on every database TestDatabases reaches. This part: incidents,
 * read, noted, mitigated and closed.
 */
import { describeMatrix } from '../__testUtils__/describeMatrix';

describeMatrix(matrix => matrix.incidents);
