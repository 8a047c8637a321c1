import { useOrganisationNames } from '../queries/organisations.js';

/** Every organisation the caller may see, by name, as choices. */
export function useOrganisationOptions() {
  const all = useOrganisationNames();
  return (all.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
}
