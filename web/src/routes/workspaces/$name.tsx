import { getRouteApi } from '@tanstack/react-router';
import { ScopePage } from '../../components/scope-page';

const route = getRouteApi('/signed-in/workspaces/$name');

export function WorkspacePage() {
  const { name } = route.useParams();
  return <ScopePage family="workspaces" name={name} />;
}
