import { Button, Checkbox, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api.js';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { useCreateSurvey, usePublishSurvey, useSurvey, useUpdateSurvey } from '../../queries/surveys.js';
import { useUnsavedChanges } from '../../unsaved.js';
import { type EditableQuestion, fromQuestion, QuestionEditor, toQuestion } from './QuestionEditor.js';
import {
  type Audience,
  audienceBody,
  audienceChosen,
  audienceOf,
  NO_AUDIENCE,
  SurveyAudience,
} from './SurveyAudience.js';

interface Section {
  /** Only for the page: React's key. */
  id: string;
  title: string;
  questions: EditableQuestion[];
}

const newId = () => Math.random().toString(36).slice(2, 8);

const newQuestion = (): EditableQuestion => ({
  key: `q_${newId()}`,
  type: 'single_choice',
  text: '',
  help: '',
  required: true,
  options: '',
  min: 1,
  max: 10,
  anchors: '',
  followUpText: '',
  followUpWhen: [],
  followUpRequired: false,
});

/** Builds a survey or changes its draft; publishing makes the draft what respondents answer. */
export function BuilderPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const existing = useSurvey(id);
  const creating = useCreateSurvey();
  const updating = useUpdateSurvey(id ?? '');
  const publish = usePublishSurvey();
  const [v, setV] = useState({
    code: '',
    title: '',
    description: '',
    anonymous: false,
    opensOn: '',
    closesOn: '',
  });
  const [audience, setAudience] = useState<Audience>({
    roles: [],
    organisationIds: [],
    linkedTo: '',
    link: '',
  });
  const newSection = (): Section => ({ id: newId(), title: '', questions: [newQuestion()] });
  const [sections, setSections] = useState<Section[]>(() => [newSection()]);
  // What the fields held when the survey opened or was last saved: anything else is not saved yet.
  const fields = JSON.stringify({ v, audience, sections });
  const [savedAs, setSavedAs] = useState<string | null>(() => (id ? null : fields));
  const release = useUnsavedChanges(savedAs !== null && fields !== savedAs);
  useEffect(() => {
    const s = existing.data;
    if (!s) return;
    const loaded = {
      v: {
        code: s.code,
        title: s.title,
        description: s.description ?? '',
        anonymous: s.anonymous,
        opensOn: s.opensOn ?? '',
        closesOn: s.closesOn ?? '',
      },
      audience: audienceOf(s),
      sections: s.definition.sections.map((x) => ({
        id: newId(),
        title: x.title ?? '',
        questions: x.questions.map(fromQuestion),
      })),
    };
    setV(loaded.v);
    setAudience(loaded.audience);
    setSections(loaded.sections);
    setSavedAs(JSON.stringify(loaded));
  }, [existing.data]);

  const body = () => ({
    code: v.code,
    title: v.title,
    description: v.description || undefined,
    anonymous: v.anonymous,
    ...audienceBody(audience),
    opensOn: v.opensOn || undefined,
    closesOn: v.closesOn || undefined,
    definition: {
      sections: sections.map((s) => ({
        ...(s.title ? { title: s.title } : {}),
        questions: s.questions.map(toQuestion),
      })),
    },
  });
  const save = async () => {
    if (id) {
      await updating.mutateAsync({ body: body(), version: existing.data?.version });
      return id;
    }
    const made = await creating.mutateAsync(body());
    return made.id;
  };
  const [publishing, setPublishing] = useState(false);
  const { errors, formError, submit } = useSubmit(async () => {
    // The server refuses too; saying so first keeps a new survey from being saved twice.
    if (publishing && !audienceChosen(audience))
      throw new ApiError(400, 'VALIDATION_FAILED', NO_AUDIENCE.message, [NO_AUDIENCE.issue]);
    const saved = await save();
    if (publishing) {
      const { version } = await publish.mutateAsync(saved);
      notifySaved(`Published as version ${version}`);
    } else notifySaved('Draft saved');
    release();
    if (!id || publishing) navigate(publishing ? '/surveys' : `/surveys/${saved}/edit`);
  });
  const errorAt = (si: number, qi: number) => (field: string) =>
    errors[`definition.sections.${si}.questions.${qi}.${field}`];
  const setQuestion = (si: number, qi: number, q: EditableQuestion | null) =>
    setSections(
      sections.map((s, i) =>
        i !== si
          ? s
          : {
              ...s,
              questions: q
                ? s.questions.map((x, j) => (j === qi ? q : x))
                : s.questions.filter((_, j) => j !== qi),
            },
      ),
    );
  /** Moves a question one place, into the neighbouring section at either end of its own. */
  const move = (si: number, qi: number, by: -1 | 1) => {
    const next = sections.map((s) => ({ ...s, questions: [...s.questions] }));
    const [q] = next[si]!.questions.splice(qi, 1);
    const target = qi + by;
    if (target >= 0 && target <= next[si]!.questions.length) next[si]!.questions.splice(target, 0, q!);
    else if (by < 0) next[si - 1]!.questions.push(q!);
    else next[si + 1]!.questions.unshift(q!);
    setSections(next.filter((s) => s.questions.length || s.title));
  };
  const total = sections.reduce((n, s) => n + s.questions.length, 0);
  let number = 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={900}>
        <Title order={2}>{id ? `Change ${existing.data?.title ?? 'the survey'}` : 'Build a survey'}</Title>
        {existing.data?.publishedVersion && (
          <Text size="sm">
            Version {existing.data.publishedVersion} is what people answer now. Changes here are a draft until
            you publish them as the next version; answers already given keep their version.
          </Text>
        )}
        <FormError message={formError} />
        <Group grow>
          <TextInput
            label="Code"
            required
            value={v.code}
            onChange={(e) => setV({ ...v, code: e.currentTarget.value })}
            error={errors.code}
          />
          <TextInput
            label="Title"
            required
            value={v.title}
            onChange={(e) => setV({ ...v, title: e.currentTarget.value })}
            error={errors.title}
          />
        </Group>
        <Textarea
          label="Introduction"
          autosize
          value={v.description}
          onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
        />
        <SurveyAudience value={audience} onChange={setAudience} errors={errors} />
        <Group grow align="flex-start">
          <TextInput
            label="Opens"
            type="date"
            value={v.opensOn}
            onChange={(e) => setV({ ...v, opensOn: e.currentTarget.value })}
          />
          <TextInput
            label="Closes"
            type="date"
            value={v.closesOn}
            onChange={(e) => setV({ ...v, closesOn: e.currentTarget.value })}
            error={errors.closesOn}
          />
        </Group>
        <Checkbox
          label="Anonymous: answers are kept without the respondent’s name"
          checked={v.anonymous}
          onChange={(e) => setV({ ...v, anonymous: e.currentTarget.checked })}
        />
        {sections.map((s, si) => (
          <Stack key={s.id} gap="sm">
            <TextInput
              label={`Section ${si + 1} heading`}
              value={s.title}
              onChange={(e) =>
                setSections(sections.map((x, i) => (i === si ? { ...x, title: e.currentTarget.value } : x)))
              }
            />
            {s.questions.map((q, qi) => {
              number++;
              return (
                <QuestionEditor
                  key={q.key}
                  q={q}
                  number={number}
                  onChange={(changed) => setQuestion(si, qi, changed)}
                  onRemove={() => setQuestion(si, qi, null)}
                  onMove={{
                    up: number > 1 ? () => move(si, qi, -1) : undefined,
                    down: number < total ? () => move(si, qi, 1) : undefined,
                  }}
                  errors={errorAt(si, qi)}
                />
              );
            })}
            <Group>
              <Button
                variant="light"
                onClick={() =>
                  setSections(
                    sections.map((x, i) =>
                      i === si ? { ...x, questions: [...x.questions, newQuestion()] } : x,
                    ),
                  )
                }
              >
                Add a question{sections.length > 1 ? ` to section ${si + 1}` : ''}
              </Button>
            </Group>
          </Stack>
        ))}
        <Group>
          <Button variant="default" onClick={() => setSections([...sections, newSection()])}>
            Add a section
          </Button>
          <Button type="submit" variant="light" onClick={() => setPublishing(false)}>
            Save the draft
          </Button>
          <Button type="submit" onClick={() => setPublishing(true)}>
            Save and publish
          </Button>
          {id && (
            <Button component="a" variant="subtle" href={`/api/surveys/${id}/questionnaire`} download>
              Download as a FHIR Questionnaire
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
