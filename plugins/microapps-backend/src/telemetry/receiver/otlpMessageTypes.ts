// The protobuf message types of the OTLP trace service, parsed once from
// traceSchema.ts.
import protobuf from 'protobufjs';
import { OTLP_TRACE_PROTO } from './traceSchema';

const root = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root;
root.resolveAll();
export const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
export const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
);
export const RpcStatus = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.RpcStatus',
);
