import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../api.js';

export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

export const useMfaStatus = () =>
  useQuery({ queryKey: ['mfa'], queryFn: () => get<MfaStatus>('/api/auth/mfa') });

export function useRegenerateRecoveryCodes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      api<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/recovery-codes', { code }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['mfa'] }),
  });
}

export function useDisableMfa() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api('POST', '/api/auth/mfa/disable', { code }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['mfa'] }),
  });
}

/** An administrator's reset of someone's second factor (a lost phone). */
export const useResetMfa = () =>
  useMutation({ mutationFn: (personId: string) => api('POST', '/api/auth/mfa/reset', { personId }) });
