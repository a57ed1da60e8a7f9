import { getRouteApi } from '@tanstack/react-router';
import { ScopePage } from '../../components/scope-page';

const route = getRouteApi('/signed-in/registries/$name');

export function RegistryPage() {
  const { name } = route.useParams();
  return <ScopePage family="registries" name={name} />;
}
