import { useQuery } from '@tanstack/react-query';
import { get, type Page } from '../api.js';

/** Every organisation the caller may see, by name, as choices. */
export function useOrganisationOptions() {
  const all = useQuery({
    queryKey: ['organisations-all'],
    queryFn: () => get<Page<{ id: string; name: string }>>('/api/organisations?pageSize=500&sort=name'),
  });
  return (all.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
}
