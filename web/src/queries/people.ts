// The people feature's cache keys and changes. A list's key starts with its URL (ListTable keys pages by
// URL and filters), so invalidating `all` refreshes every people list and every person page.
import type {
  PersonInput,
  PersonView,
  QualificationInput,
  RoleInput,
} from '@contract/people/people.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../api.js';

export const peopleKeys = {
  all: ['/api/people'] as const,
  person: (id: string) => [...peopleKeys.all, id] as const,
  qualifications: ['/api/qualifications'] as const,
};

export const usePerson = (id: string) =>
  useQuery({ queryKey: peopleKeys.person(id), queryFn: () => get<PersonView>(`/api/people/${id}`) });

type Body<T> = { [K in keyof T]?: unknown };

export function useCreatePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<PersonInput>) => api<{ id: string }>('POST', '/api/people', body),
    onSuccess: () => client.invalidateQueries({ queryKey: peopleKeys.all }),
  });
}

/** A change to one person (a role, a qualification): their page and the lists they appear in. */
function usePersonChange<V>(send: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: peopleKeys.all }),
        client.invalidateQueries({ queryKey: peopleKeys.qualifications }),
      ]),
  });
}

export const useAddRole = (personId: string) =>
  usePersonChange((body: Body<RoleInput>) => api('POST', `/api/people/${personId}/roles`, body));

export const useEndRole = (personId: string) =>
  usePersonChange((r: { id: string; version: number; endsOn: string }) =>
    api(
      'PATCH',
      `/api/people/${personId}/roles/${r.id}`,
      { endsOn: r.endsOn },
      { 'if-match': `"${r.version}"` },
    ),
  );

export const useAddQualification = (personId: string) =>
  usePersonChange((body: Body<QualificationInput>) =>
    api('POST', `/api/people/${personId}/qualifications`, body),
  );
