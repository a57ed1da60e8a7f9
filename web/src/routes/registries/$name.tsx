import { getRouteApi } from '@tanstack/react-router';
import { ScopePage } from '../../components/scope-page';

const route = getRouteApi('/signed-in/registries/$name');

export function RegistryPage() {
  const { name } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  return (
    <ScopePage family="registries" name={name} search={search} onSearch={(next) => void navigate({ search: next })} />
  );
}
