import { ScopeList } from '../../components/scope-list';

export function WorkspacesPage() {
  return <ScopeList family="workspaces" />;
}
