import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * The metric named `name` in `registry`, created on first use. Two airlocks sharing a registry
 * (or a hot reload) then share one metric instead of failing with "already registered".
 */
export function counter(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
): Counter<string> {
  const existing = registry.getSingleMetric(name);
  if (existing) return assertKind(existing, Counter, name);
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function histogram(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  buckets: number[],
): Histogram<string> {
  const existing = registry.getSingleMetric(name);
  if (existing) return assertKind(existing, Histogram, name);
  return new Histogram({ name, help, labelNames, buckets, registers: [registry] });
}

function assertKind<T>(
  metric: unknown,
  kind: abstract new (...args: never[]) => T,
  name: string,
): T {
  if (!(metric instanceof kind)) {
    throw new TypeError(
      `@airlock/observer-prometheus: '${name}' is already registered in this registry as another kind of metric`,
    );
  }
  return metric;
}
