export {
  DEFAULT_LATENCY_BUCKETS,
  PrometheusObserver,
  type PrometheusObserverOptions,
  prometheusObserver,
} from './prometheus-observer.js';
