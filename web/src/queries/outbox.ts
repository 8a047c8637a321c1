// The organisation's e-mail: its list's key is its URL (ListTable keys pages by URL and filters).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api.js';

export const outboxKeys = {
  all: ['/api/outbox'] as const,
};

/** Queues a failed message to be sent again; the lists show it waiting. */
export function useRetryMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('POST', `/api/outbox/${id}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: outboxKeys.all }),
  });
}
