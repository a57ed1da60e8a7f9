import { ScopeList } from '../../components/scope-list';

export function RegistriesPage() {
  return <ScopeList family="registries" />;
}
