import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

let provider: NodeTracerProvider | undefined;

export interface TelemetryOptions {
  serviceName: string;
  /** Extra exporters, e.g. an in-memory one in tests. */
  exporters?: SpanExporter[];
}

/**
 * Starts tracing. Call it first in every service's entry point. Exports over
 * OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-specific
 * variable) is set; the exporter reads the other standard `OTEL_*`
 * variables itself. Without one, spans are still created so that trace
 * context flows through every hop.
 */
export function startTracing(options: TelemetryOptions): NodeTracerProvider {
  if (provider) {
    return provider;
  }
  const processors: SpanProcessor[] = [];
  const otlpConfigured =
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (otlpConfigured && process.env.OTEL_TRACES_EXPORTER !== 'none') {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  for (const exporter of options.exporters ?? []) {
    processors.push(new SimpleSpanProcessor(exporter));
  }
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? options.serviceName,
    }),
    spanProcessors: processors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });

  return provider;
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
}

export function tracer() {
  return trace.getTracer('rebound');
}

type HeaderValue = string | Buffer;
type Carrier = Record<string, HeaderValue | HeaderValue[] | undefined>;

const headerGetter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const raw = carrier[key] ?? carrier[key.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;

    return Buffer.isBuffer(value) ? value.toString('utf8') : value;
  },
};

const headerSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** The trace context carried in HTTP or Kafka headers. */
export function extractContext(headers: Carrier): Context {
  return propagation.extract(context.active(), headers, headerGetter);
}

/** `traceparent` (and `tracestate`) for the active or given context. */
export function injectContext(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers, headerSetter);

  return headers;
}

/** Links to the spans named by W3C `traceparent` values (invalid ones are skipped). */
export function linksTo(traceParents: Array<string | null>): Link[] {
  return traceParents.flatMap((traceparent) => {
    const spanContext = traceparent
      ? trace.getSpanContext(extractContext({ traceparent }))
      : undefined;

    return spanContext ? [{ context: spanContext }] : [];
  });
}

/** Runs `work` inside a span that ends when it settles, recording failures. */
export async function inSpan<T>(
  name: string,
  options: {
    kind?: SpanKind;
    parent?: Context;
    attributes?: Record<string, string | number>;
    /** Other traces this work continues, e.g. earlier events of the same call. */
    links?: Link[];
  },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();

  return tracer().startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: options.attributes,
      links: options.links,
    },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanKind, context, trace };
