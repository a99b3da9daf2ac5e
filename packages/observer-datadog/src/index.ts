export {
  DatadogObserver,
  type DatadogObserverOptions,
  datadogObserver,
} from './datadog-observer.js';
