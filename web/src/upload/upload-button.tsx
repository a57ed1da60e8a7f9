import { useNavigate } from '@tanstack/react-router';
import type { ScopeFamily } from '../api';
import { GuardedButton } from '../components/guarded-button';
import { allowance, useSession } from '../session';

/** "Upload": opens the upload page of a scope's models or data (for a new version of `asset` when given). */
export function UploadButton({
  family,
  scope,
  segment,
  asset,
}: {
  family: ScopeFamily;
  scope: string;
  segment: string;
  asset?: string;
}) {
  const navigate = useNavigate();
  const { data: session } = useSession();
  if (segment !== 'models' && segment !== 'data') return null;
  const kind = family === 'registries' ? 'registry' : 'workspace';
  return (
    <GuardedButton
      allowance={allowance(session, `${family}/assets/write`, { kind, name: scope })}
      onClick={() =>
        void navigate({
          to: family === 'registries' ? '/registries/$name/upload/$segment' : '/workspaces/$name/upload/$segment',
          params: { name: scope, segment },
          search: asset === undefined ? {} : { asset },
        })
      }
    >
      {asset === undefined ? 'Upload' : 'Upload a version'}
    </GuardedButton>
  );
}
