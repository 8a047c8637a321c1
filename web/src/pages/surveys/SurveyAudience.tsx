import { massachusettsDate } from '@contract/massachusetts-day.js';
import { ROLE_LABELS } from '@contract/roles.js';
import type { SurveyView } from '@contract/surveys/surveys.schemas.js';
import { Group, MultiSelect, Select, Stack } from '@mantine/core';
import { options } from '../../labels.js';
import { useLinkableSessions } from '../../queries/surveys.js';
import { useSession } from '../../session.js';
import { useOrganisationOptions } from '../organisation-options.js';
import { useModules } from '../training/catalog-options.js';

/** The audience fields as the builder holds them: the link as one choice of module or session. */
export interface Audience extends Pick<SurveyView, 'roles' | 'organisationIds'> {
  /** `module:ID` or `session:ID`; empty: not linked. */
  linkedTo: string;
  link: '' | NonNullable<SurveyView['link']>;
}

export const audienceOf = (
  s: Pick<SurveyView, 'roles' | 'organisationIds' | 'moduleId' | 'sessionId' | 'link'>,
): Audience => ({
  roles: s.roles,
  organisationIds: s.organisationIds,
  linkedTo: s.sessionId ? `session:${s.sessionId}` : s.moduleId ? `module:${s.moduleId}` : '',
  link: s.link ?? '',
});

/** Whether an audience names anyone: none chosen means no one, and such a survey is not opened. */
export const audienceChosen = (a: Audience) =>
  a.roles.length > 0 || a.organisationIds.length > 0 || a.linkedTo.startsWith('session:');

/** The server's words when a survey is opened for no one, said before asking it. */
export const NO_AUDIENCE = {
  message: 'Choose who this survey is for before opening it.',
  issue: {
    path: 'body.roles',
    message: 'Choose who this survey is for: roles, organisations, or a session for its registrants',
  },
};

/** The API's fields for an audience. */
export const audienceBody = (a: Audience) => {
  const [kind, id] = a.linkedTo.split(':');
  return {
    roles: a.roles,
    organisationIds: a.organisationIds,
    moduleId: kind === 'module' ? id : undefined,
    sessionId: kind === 'session' ? id : undefined,
    link: a.linkedTo && a.link ? a.link : undefined,
  };
};

/**
 * Whom a survey is addressed to (roles, organisations; a linked session's registrants) and the module or
 * session it assesses before or evaluates after.
 */
export function SurveyAudience({
  value,
  onChange,
  errors,
}: {
  value: Audience;
  onChange: (a: Audience) => void;
  errors: Record<string, string | undefined>;
}) {
  const session = useSession();
  const organisations = useOrganisationOptions();
  const modules = useModules();
  const sessions = useLinkableSessions();
  const set = (patch: Partial<Audience>) => onChange({ ...value, ...patch });
  const linkTargets = [
    {
      group: 'Modules',
      items: (modules ?? []).map((m) => ({ value: `module:${m.id}`, label: m.title })),
    },
    {
      group: 'Sessions (addressed to their registrants)',
      items: (sessions.data?.items ?? [])
        .filter((s) => s.orgId === session.orgId)
        .map((s) => ({
          value: `session:${s.id}`,
          label: `${s.title}${s.startsAt ? ` — ${massachusettsDate(new Date(s.startsAt))}` : ''}`,
        })),
    },
  ].filter((g) => g.items.length);
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <MultiSelect
          label="Addressed to"
          description="Roles; none chosen: every role at the organisations chosen"
          data={options(ROLE_LABELS)}
          value={value.roles}
          onChange={(roles) => set({ roles })}
          error={errors.roles}
        />
        <MultiSelect
          label="At organisations"
          description="Yours or one in its network; none chosen: all of them"
          searchable
          data={organisations}
          value={value.organisationIds}
          onChange={(organisationIds) => set({ organisationIds })}
          error={
            errors.organisationIds ??
            Object.entries(errors).find(([field]) => field.startsWith('organisationIds.'))?.[1]
          }
        />
      </Group>
      <Group grow align="flex-start">
        <Select
          label="Linked to"
          description="A session’s survey goes to those registered for it"
          placeholder="Not linked"
          clearable
          searchable
          data={linkTargets}
          value={value.linkedTo || null}
          onChange={(linkedTo) => set({ linkedTo: linkedTo ?? '', link: linkedTo ? value.link : '' })}
          error={errors.moduleId ?? errors.sessionId}
        />
        <Select
          label="As its"
          placeholder="Choose"
          disabled={!value.linkedTo}
          data={[
            { value: 'needs_assessment', label: 'Needs assessment (before)' },
            { value: 'evaluation', label: 'Evaluation (after)' },
          ]}
          value={value.link || null}
          onChange={(link) => set({ link: (link ?? '') as Audience['link'] })}
          error={errors.link}
        />
      </Group>
    </Stack>
  );
}
