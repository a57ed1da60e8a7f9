import { useNavigate } from '@tanstack/react-router';
import { GuardedButton } from '../../components/guarded-button';
import { ScopeList } from '../../components/scope-list';
import { allowance, useSession } from '../../session';

export function RegistriesPage() {
  const { data: session } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <GuardedButton
        appearance="primary"
        allowance={allowance(session, 'registries/write')}
        onClick={() => void navigate({ to: '/registries/new' })}
      >
        New registry
      </GuardedButton>
      <ScopeList family="registries" />
    </>
  );
}
