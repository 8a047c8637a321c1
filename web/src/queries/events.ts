// The public events page's one read: announced live trainings, no sign-in needed.
import type { publicEvent } from '@contract/training/program-years.schemas.js';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { get } from '../api.js';

export type PublicEvent = z.infer<typeof publicEvent>;

export const eventsKeys = {
  all: ['/api/events'] as const,
};

export const usePublicEvents = () =>
  useQuery({ queryKey: eventsKeys.all, queryFn: () => get<{ items: PublicEvent[] }>('/api/events') });
