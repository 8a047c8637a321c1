// The organisations feature's cache keys and changes. Every key starts with the list's URL (ListTable keys
// its pages by URL and filters), so invalidating `all` refreshes the lists, the choices built from them and
// each organisation's page with its contracts and service area.
import type {
  OrganisationInput,
  OrganisationPatch,
  organisationView,
  RelationshipInput,
  relationshipView,
  ServiceAreaInput,
  serviceAreaView,
} from '@contract/organisations/organisations.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get, type Page } from '../api.js';
import { sessionKeys } from './session.js';

export type OrganisationView = z.infer<typeof organisationView>;
export type RelationshipView = z.infer<typeof relationshipView>;
export type ServiceAreaView = z.infer<typeof serviceAreaView>;

const ALL = ['/api/organisations'] as const;

export const organisationsKeys = {
  all: ALL,
  organisation: (id: string) => [...organisationsKeys.all, id] as const,
  relationships: (id: string) => [...organisationsKeys.organisation(id), 'relationships'] as const,
  serviceAreas: (id: string) => [...organisationsKeys.organisation(id), 'service-areas'] as const,
  /** Every organisation the caller may see, by name (the choices in pickers). */
  names: [...ALL, { pageSize: 500, sort: 'name' }] as const,
  /** One row, read for its total. */
  count: [...ALL, { pageSize: 1 }] as const,
  counties: ['/api/counties'] as const,
};

export const useOrganisation = (id: string) =>
  useQuery({
    queryKey: organisationsKeys.organisation(id),
    queryFn: () => get<OrganisationView>(`/api/organisations/${id}`),
  });

/** An organisation's contracts and partnerships; none asked for while no organisation is chosen. */
export const useRelationships = (id: string | null) =>
  useQuery({
    queryKey: organisationsKeys.relationships(id ?? ''),
    enabled: Boolean(id),
    queryFn: () => get<RelationshipView[]>(`/api/organisations/${id}/relationships`),
  });

export const useServiceAreas = (id: string) =>
  useQuery({
    queryKey: organisationsKeys.serviceAreas(id),
    queryFn: () => get<ServiceAreaView[]>(`/api/organisations/${id}/service-areas`),
  });

export const useOrganisationNames = () =>
  useQuery({
    queryKey: organisationsKeys.names,
    queryFn: () =>
      get<Page<Pick<OrganisationView, 'id' | 'name'>>>('/api/organisations?pageSize=500&sort=name'),
  });

export const useOrganisationCount = () =>
  useQuery({
    queryKey: organisationsKeys.count,
    queryFn: () => get<Page<OrganisationView>>('/api/organisations?pageSize=1'),
  });

export const useCounties = () =>
  useQuery({ queryKey: organisationsKeys.counties, queryFn: () => get<string[]>('/api/counties') });

type Body<T> = { [K in keyof T]?: unknown };

/** A new organisation joins the lists and, for a system administrator, the session's "Acting for" choices. */
export function useCreateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<OrganisationInput>) => api<OrganisationView>('POST', '/api/organisations', body),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: organisationsKeys.all }),
        client.invalidateQueries({ queryKey: sessionKeys.session }),
      ]),
  });
}

/**
 * An edit sends the version it started from. An organisation's name and code are shown by every feature
 * (the session's memberships, people's roles, training's owners, its partners' contracts), so an edit
 * refreshes every query.
 */
export function useUpdateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (o: { id: string; version: number; patch: Body<OrganisationPatch> }) =>
      api<OrganisationView>('PATCH', `/api/organisations/${o.id}`, o.patch, { 'if-match': `"${o.version}"` }),
    onSuccess: () => client.invalidateQueries(),
  });
}

/** A contract or partnership shows on both organisations' pages. */
export function useAddRelationship(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<RelationshipInput>) =>
      api<RelationshipView>('POST', `/api/organisations/${orgId}/relationships`, body),
    onSuccess: (_, body) =>
      Promise.all(
        [orgId, body.otherOrgId]
          .filter((id): id is string => typeof id === 'string' && id !== '')
          .map((id) => client.invalidateQueries({ queryKey: organisationsKeys.relationships(id) })),
      ),
  });
}

export function useAddServiceArea(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<ServiceAreaInput>) =>
      api<ServiceAreaView>('POST', `/api/organisations/${orgId}/service-areas`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: organisationsKeys.serviceAreas(orgId) }),
  });
}
