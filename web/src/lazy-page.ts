import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

// biome-ignore lint/suspicious/noExplicitAny: any props, as React's own lazy() takes; each page keeps its own.
type Page = ComponentType<any>;

/**
 * A page loaded when it is first shown rather than with the app, from a module that names its component:
 * `lazyPage(() => import('./pages/AuditPage.js'), 'AuditPage')`. The app's first script then carries only
 * what the sign-in page and the shell need; each page's code (and the libraries only it uses, such as the
 * charts) comes when someone opens it.
 */
export function lazyPage<M extends Record<K, Page>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> & { preload: () => Promise<unknown> } {
  // `preload` fetches the page's code ahead of showing it (the module is fetched once either way).
  return Object.assign(
    lazy(async () => ({ default: (await load())[name] })),
    { preload: load },
  );
}
