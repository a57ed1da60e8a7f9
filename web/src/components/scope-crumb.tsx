import { Caption1 } from '@fluentui/react-components';
import { Link } from '@tanstack/react-router';
import type { AssetSegment, ScopeFamily } from '../api';

/**
 * Where an asset page sits: its registry or workspace (a link), the asset type, and — on a version's page —
 * the asset (a link). The text the pages showed before: `scope / segment / asset`.
 */
export function ScopeCrumb({
  family,
  scope,
  segment,
  asset,
}: {
  family: ScopeFamily;
  scope: string;
  segment: AssetSegment;
  asset?: string;
}) {
  return (
    <Caption1>
      <Link to={family === 'registries' ? '/registries/$name' : '/workspaces/$name'} params={{ name: scope }}>
        {scope}
      </Link>{' '}
      / {segment}
      {asset === undefined ? null : (
        <>
          {' '}
          /{' '}
          <Link
            to={family === 'registries' ? '/registries/$name/$segment/$asset' : '/workspaces/$name/$segment/$asset'}
            params={{ name: scope, segment, asset }}
          >
            {asset}
          </Link>
        </>
      )}
    </Caption1>
  );
}
