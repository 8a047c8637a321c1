// The organisation's learning record store (decision 069): settings, test statement, deliveries.
import type { LrsSettingsInput, LrsSettingsView, XapiDeliveryView } from '@contract/training/xapi.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../api.js';

export const lrsKeys = {
  settings: ['/api/training/lrs'] as const,
  deliveries: ['/api/training/lrs/deliveries'] as const,
};

export const useLrsSettings = () =>
  useQuery({ queryKey: lrsKeys.settings, queryFn: () => get<LrsSettingsView>('/api/training/lrs') });

export const useLrsDeliveries = () =>
  useQuery({
    queryKey: lrsKeys.deliveries,
    queryFn: () => get<{ items: XapiDeliveryView[] }>('/api/training/lrs/deliveries').then((r) => r.items),
  });

export function useSaveLrs() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: LrsSettingsInput; version: number | null }) =>
      api<LrsSettingsView>('PUT', '/api/training/lrs', body, version ? { 'if-match': `"${version}"` } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: lrsKeys.settings }),
  });
}

export const useTestLrs = () =>
  useMutation({
    mutationFn: () =>
      api<{ ok: boolean; status: number | null; message: string }>('POST', '/api/training/lrs/test'),
  });

export function useResendXapi() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ queued: number }>('POST', '/api/training/lrs/deliveries/resend', {}),
    onSuccess: () => client.invalidateQueries({ queryKey: lrsKeys.deliveries }),
  });
}
