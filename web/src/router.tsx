import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { validateAuditSearch } from './components/audit-search';
import { validateListSearch } from './components/list-search';
import { validateScopeSearch } from './components/scope-search';
import { Shell } from './components/shell';
import { fetchSession, sessionQueryKey } from './session';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet });

/** Sign-in page; `redirect` is where to go back to afterwards (a path of the studio only). */
const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search['redirect'] === 'string' && search['redirect'].startsWith('/') && !search['redirect'].startsWith('//')
      ? { redirect: search['redirect'] }
      : {},
  component: lazyRouteComponent(() => import('./routes/sign-in'), 'SignInPage'),
});

/** Every other page needs a session: without one the browser goes to sign-in and comes back after. */
const signedIn = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData({ queryKey: sessionQueryKey, queryFn: fetchSession });
    if (session === null) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: Shell,
});

// Each page is its own chunk, loaded when its route is first visited.
const homeRoute = createRoute({
  getParentRoute: () => signedIn,
  path: '/',
  component: lazyRouteComponent(() => import('./routes/home'), 'HomePage'),
});
const registriesRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'registries',
  component: lazyRouteComponent(() => import('./routes/registries/index'), 'RegistriesPage'),
});
const registryRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'registries/$name',
  validateSearch: validateScopeSearch,
  component: lazyRouteComponent(() => import('./routes/registries/$name'), 'RegistryPage'),
});
const registryAssetRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'registries/$name/$segment/$asset',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(() => import('./routes/assets/$asset'), 'AssetPage'),
});
const registryVersionRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'registries/$name/$segment/$asset/versions/$version',
  component: lazyRouteComponent(() => import('./routes/assets/$version'), 'VersionPage'),
});
const workspacesRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'workspaces',
  component: lazyRouteComponent(() => import('./routes/workspaces/index'), 'WorkspacesPage'),
});
const workspaceRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'workspaces/$name',
  validateSearch: validateScopeSearch,
  component: lazyRouteComponent(() => import('./routes/workspaces/$name'), 'WorkspacePage'),
});
const workspaceAssetRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'workspaces/$name/$segment/$asset',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(() => import('./routes/assets/$asset'), 'AssetPage'),
});
const workspaceVersionRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'workspaces/$name/$segment/$asset/versions/$version',
  component: lazyRouteComponent(() => import('./routes/assets/$version'), 'VersionPage'),
});
const tokensRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'tokens',
  component: lazyRouteComponent(() => import('./routes/tokens'), 'TokensPage'),
});
const auditRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'audit',
  validateSearch: (search: Record<string, unknown>) => validateAuditSearch(search),
  component: lazyRouteComponent(() => import('./routes/audit'), 'AuditPage'),
});
const jobsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'jobs',
  component: lazyRouteComponent(() => import('./routes/jobs'), 'JobsPage'),
});
const accessRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'access',
  component: lazyRouteComponent(() => import('./routes/access'), 'AccessPage'),
});

// Asset lists: filter, sort and cursor in the URL.
const registryAssetsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'registries/$name/$segment',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(() => import('./routes/assets/list'), 'AssetListPage'),
});
const workspaceAssetsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'workspaces/$name/$segment',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(() => import('./routes/assets/list'), 'AssetListPage'),
});

// Upload from the browser (issue 17): `upload` stands where an asset type would, so no asset name is shadowed.
const validateUploadSearch = (search: Record<string, unknown>): { asset?: string } =>
  typeof search['asset'] === 'string' && search['asset'] !== '' ? { asset: search['asset'] } : {};
const registryUploadRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'registries/$name/upload/$segment',
  validateSearch: validateUploadSearch,
  component: lazyRouteComponent(() => import('./routes/assets/upload'), 'UploadPage'),
});
const workspaceUploadRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'workspaces/$name/upload/$segment',
  validateSearch: validateUploadSearch,
  component: lazyRouteComponent(() => import('./routes/assets/upload'), 'UploadPage'),
});

// Search (issue 17): `/search?q=` across everything readable; `mode=advanced` filters one scope's assets.
export interface SearchParams {
  q?: string;
  mode?: 'advanced';
  family?: 'registries' | 'workspaces';
  scope?: string;
  segment?: 'models' | 'data' | 'environments' | 'components';
  filter?: string;
}
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const searchRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'search',
  validateSearch: (search: Record<string, unknown>): SearchParams => {
    const family = text(search['family']);
    const segment = text(search['segment']);
    return {
      ...(text(search['q']) ? { q: text(search['q']) } : {}),
      ...(search['mode'] === 'advanced' ? { mode: 'advanced' as const } : {}),
      ...(family === 'registries' || family === 'workspaces' ? { family } : {}),
      ...(text(search['scope']) ? { scope: text(search['scope']) } : {}),
      ...(segment === 'models' || segment === 'data' || segment === 'environments' || segment === 'components'
        ? { segment }
        : {}),
      ...(text(search['filter']) !== undefined ? { filter: text(search['filter']) } : {}),
    };
  },
  component: lazyRouteComponent(() => import('./routes/search/index'), 'SearchPage'),
});
const newRegistryRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'registries/new',
  component: lazyRouteComponent(() => import('./routes/registries/new'), 'NewRegistryPage'),
});
const approvalsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'approvals',
  component: lazyRouteComponent(() => import('./routes/approvals'), 'ApprovalsPage'),
});
// The API reference (issue 17): the OpenAPI document rendered, with "Try it" as the signed-in user.
const docsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: 'docs',
  validateSearch: (search: Record<string, unknown>): { op?: string } =>
    typeof search['op'] === 'string' ? { op: search['op'] } : {},
  component: lazyRouteComponent(() => import('./routes/docs'), 'ApiReferencePage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  signedIn.addChildren([
    homeRoute,
    registriesRoute,
    registryRoute,
    registryAssetRoute,
    registryVersionRoute,
    workspacesRoute,
    workspaceRoute,
    workspaceAssetRoute,
    workspaceVersionRoute,
    tokensRoute,
    auditRoute,
    jobsRoute,
    accessRoute,
    approvalsRoute,
    registryAssetsRoute,
    workspaceAssetsRoute,
    registryUploadRoute,
    workspaceUploadRoute,
    searchRoute,
    newRegistryRoute,
    docsRoute,
  ]),
]);

export function createStudioRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createStudioRouter>;
  }
}
