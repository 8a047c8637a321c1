/** The browser's client for Concord's API: JSON in and out, the CSRF token on every change, errors as ApiError. */
export interface Issue {
  /** For programs: zod's issue code (too_small, invalid_type …) or custom. */
  code?: string;
  path?: string;
  row?: number;
  column?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    /** From a 429's Retry-After header: how many seconds until trying again may succeed. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string) {
  csrfToken = token;
}

export async function api<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      data?.code ?? 'UNKNOWN',
      data?.message ?? `Request failed (${res.status})`,
      data?.issues ?? [],
      Number(res.headers.get('retry-after')) || null,
    );
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>('GET', url);

export function qs(params: Record<string, string | number | boolean | undefined | null>) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type {
  MembershipView as Membership,
  SessionView as Session,
} from '@contract/auth.schemas.js';
