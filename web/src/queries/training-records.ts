// Training records' cache keys and changes: completions (recorded, corrected, revoked), attesting by link,
// the attestations held for review, a certificate's public check, and what the signed-in person owes. Keys
// start with the URL they read (ListTable keys pages by URL and filters).
import type { OwedView } from '@contract/compliance/compliance.schemas.js';
import type { attestResult, heldForReview } from '@contract/training/session-results.schemas.js';
import type {
  attestationView,
  CorrectionInput,
  certificateCheck,
  evidenceFileView,
} from '@contract/training/training.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get } from '../api.js';

type Body<T> = { [K in keyof T]?: unknown };
export type Attestation = z.infer<typeof attestationView>;
export type CertificateCheck = z.infer<typeof certificateCheck>;

const COMPLETIONS = '/api/training/completions';

export const completionKeys = {
  all: [COMPLETIONS] as const,
};

export const attestationKeys = {
  /** The attestation a link opens, for the person holding it. */
  byToken: (token: string) => ['/api/training/attest', token] as const,
  held: ['/api/training/attestations/held'] as const,
};

export const certificateKeys = {
  check: (code: string) => ['/api/certificates', code] as const,
};

/** What the signed-in person owes (read by the training pages; compliance keeps the rules). */
export const myComplianceKey = ['/api/compliance/me'] as const;

export const useMyCompliance = () =>
  useQuery({
    queryKey: myComplianceKey,
    queryFn: () => get<{ asOf: string; owed: OwedView[] }>(myComplianceKey[0]),
  });

/** Sessions the active organisation runs with attestations held for review (`scope`: the organisation). */
export const useHeldAttestations = (scope: string | null) =>
  useQuery({
    queryKey: [...attestationKeys.held, scope],
    queryFn: () => get<z.infer<typeof heldForReview>[]>(attestationKeys.held[0]),
  });

export const useAttestation = (token: string) =>
  useQuery({
    queryKey: attestationKeys.byToken(token),
    queryFn: () => get<Attestation>(`/api/training/attest/${token}`),
  });

export const useCertificateCheck = (code: string | undefined) =>
  useQuery({
    queryKey: certificateKeys.check(code ?? ''),
    queryFn: () => get<CertificateCheck>(`/api/certificates/${encodeURIComponent(code!)}`),
    enabled: Boolean(code),
    retry: false,
  });

/** Attests by link: the attestation as it now stands, and, when accepted, the person's completions. */
export function useAttest(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (agree: boolean) =>
      api<z.infer<typeof attestResult>>('POST', `/api/training/attest/${token}`, { agree }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: attestationKeys.byToken(token) }),
        client.invalidateQueries({ queryKey: completionKeys.all }),
      ]),
  });
}

/** A completion recorded, corrected or revoked: the completion lists. */
function useCompletionChange<V>(send: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => client.invalidateQueries({ queryKey: completionKeys.all }),
  });
}

/** Records a completion earned elsewhere; an evidence file is uploaded first and the completion names it. */
export const useRecordCompletion = () =>
  useCompletionChange(
    async (r: {
      personId: string;
      topicId: string | null;
      completedOn: string;
      note: string;
      file: File | null;
    }) => {
      let fileId: string | undefined;
      if (r.file) {
        const form = new FormData();
        form.append('file', r.file);
        fileId = (await api<z.infer<typeof evidenceFileView>>('POST', '/api/training/evidence', form)).fileId;
      }
      await api('POST', COMPLETIONS, {
        personId: r.personId,
        topicId: r.topicId,
        completedOn: r.completedOn,
        evidence: { ...(r.note ? { note: r.note } : {}), ...(fileId ? { fileId } : {}) },
      });
    },
  );

type Versioned = { id: string; version: number };
const ifMatch = (c: Versioned) => ({ 'if-match': `"${c.version}"` });

export const useCorrectCompletion = (c: Versioned) =>
  useCompletionChange((body: Body<CorrectionInput>) =>
    api('PATCH', `${COMPLETIONS}/${c.id}`, body, ifMatch(c)),
  );

export const useRevokeCompletion = (c: Versioned) =>
  useCompletionChange((reason: string) =>
    api('POST', `${COMPLETIONS}/${c.id}/revoke`, { reason }, ifMatch(c)),
  );
