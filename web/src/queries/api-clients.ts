// The organisation's API clients (decision 065), the people they may act as, and the scopes on offer.
import type { ApiClientInput, ApiClientView } from '@contract/api-clients.schemas.js';
import type { PersonSummary } from '@contract/people/people.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, type Page } from '../api.js';

export const apiClientKeys = {
  all: ['/api/api-clients'] as const,
  identities: ['/api/people', { pageSize: 500, purpose: 'api-client' }] as const,
  smart: ['/fhir/R4/.well-known/smart-configuration'] as const,
};

export const useApiClients = () =>
  useQuery({
    queryKey: apiClientKeys.all,
    queryFn: () => get<{ items: ApiClientView[] }>('/api/api-clients').then((r) => r.items),
  });

/** People holding a role here now, any of whom a client may act as. */
export const useIdentities = () =>
  useQuery({
    queryKey: apiClientKeys.identities,
    queryFn: () => get<Page<PersonSummary>>('/api/people?pageSize=500&sort=familyName').then((p) => p.items),
  });

/** The scopes the FHIR API grants: `system/*.rs` and one per resource type it serves. */
export const useScopesOffered = () =>
  useQuery({
    queryKey: apiClientKeys.smart,
    queryFn: () => get<{ scopes_supported: string[] }>('/fhir/R4/.well-known/smart-configuration'),
    select: (c) => c.scopes_supported,
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useRegisterApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiClientInput) =>
      api<ApiClientView & { clientSecret: string }>('POST', '/api/api-clients', body),
    onSuccess: () => client.invalidateQueries({ queryKey: apiClientKeys.all }),
  });
}

export function useRevokeApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('POST', `/api/api-clients/${id}/revocation`),
    onSuccess: () => client.invalidateQueries({ queryKey: apiClientKeys.all }),
  });
}
