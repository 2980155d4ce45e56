/*
 * Reading a portal answer as text, whatever its content type: SVG badges,
 * the chargeback CSV and the audit export, which supertest would otherwise
 * leave unparsed.
 */
import type request from 'supertest';

/** The request, with its response body collected as a UTF-8 string. */
export function readText(req: request.Test): request.Test {
  return req.buffer(true).parse((response, done) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', chunk => (body += chunk));
    response.on('end', () => done(null, body));
  });
}
