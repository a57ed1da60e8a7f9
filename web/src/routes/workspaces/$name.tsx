import { getRouteApi } from '@tanstack/react-router';
import { ScopePage } from '../../components/scope-page';

const route = getRouteApi('/signed-in/workspaces/$name');

export function WorkspacePage() {
  const { name } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  return (
    <ScopePage family="workspaces" name={name} search={search} onSearch={(next) => void navigate({ search: next })} />
  );
}
