/*
 * What an OTLP receiver's answer to one payload of the hostile model
 * (hostileOtlpArbitraries.ts) must be: below 500, a 4xx where the payload must be
 * refused, in the encoding of the request, and a well-formed export response
 * or google.rpc.Status.
 */
import {
  ExportTraceServiceResponse,
  RpcStatus,
} from '../telemetry/receiver/otlpMessageTypes';
import type { HostilePayload } from './hostileOtlpSeeds';

/** Collects the answer as bytes, whatever its type. */
export const rawAnswer = (
  res: any,
  callback: (error: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** The OTLP encoding the receiver must answer in, as the receiver reads Content-Type. */
export function otlpFormatOf(
  contentType: string,
): 'json' | 'protobuf' | undefined {
  const media = contentType.split(';')[0].trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf')
    return 'protobuf';
  return undefined;
}

export const preview = (body: Buffer) =>
  JSON.stringify(body.toString('utf8').slice(0, 200));

/** What is wrong with the answer to one payload; empty when nothing is. */
export function problemsWith(
  payload: HostilePayload,
  status: number,
  contentType: string,
  body: Buffer,
): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push('a server error');
  if (payload.expect === '4xx' && (status < 400 || status >= 500))
    problems.push('expected a 4xx');
  if ([401, 403, 404].includes(status))
    problems.push('an auth or routing answer, not one about the payload');
  if (status >= 500) return problems;

  const format = otlpFormatOf(payload.contentType);
  if (!format && status !== 415)
    problems.push('expected 415 for the media type');
  const answerFormat = format ?? 'json';
  const expectedType =
    answerFormat === 'json' ? 'application/json' : 'application/x-protobuf';
  if (!contentType.startsWith(expectedType))
    problems.push(`answered as "${contentType}", not ${expectedType}`);

  try {
    if (answerFormat === 'json') {
      const answer = JSON.parse(body.toString('utf8'));
      if (
        typeof answer !== 'object' ||
        answer === null ||
        Array.isArray(answer)
      )
        problems.push('the JSON answer is not an object');
      else if (status === 200) {
        const partial = answer.partialSuccess;
        if (Object.keys(answer).some(key => key !== 'partialSuccess'))
          problems.push('unexpected fields in the export response');
        if (
          partial !== undefined &&
          (!/^\d+$/.test(partial.rejectedSpans) ||
            typeof partial.errorMessage !== 'string')
        )
          problems.push('a malformed partialSuccess');
      } else if (
        typeof answer.code !== 'number' ||
        typeof answer.message !== 'string' ||
        !answer.message
      ) {
        problems.push('the JSON error is not a google.rpc.Status');
      }
    } else if (status === 200) {
      const answer = ExportTraceServiceResponse.toObject(
        ExportTraceServiceResponse.decode(body),
        { longs: String },
      );
      const partial = answer.partialSuccess;
      if (partial && !(Number(partial.rejectedSpans) > 0))
        problems.push('a partialSuccess that rejects nothing');
    } else {
      const answer = RpcStatus.toObject(RpcStatus.decode(body));
      if (
        !(answer.code > 0) ||
        typeof answer.message !== 'string' ||
        !answer.message
      )
        problems.push('the protobuf error is not a google.rpc.Status');
    }
  } catch (error) {
    problems.push(`the answer does not decode: ${(error as Error).message}`);
  }
  return problems;
}
