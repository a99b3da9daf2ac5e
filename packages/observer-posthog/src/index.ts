export { hashedDistinctId } from './distinct-id.js';
export {
  type PosthogEventSelection,
  PosthogObserver,
  type PosthogObserverOptions,
  posthogObserver,
} from './posthog-observer.js';
