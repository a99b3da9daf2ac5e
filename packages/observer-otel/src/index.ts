export { OtelObserver, type OtelObserverOptions, otelObserver } from './otel-observer.js';
export * from './semconv.js';
