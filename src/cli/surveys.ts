import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { finished, pipeline } from 'node:stream/promises';
import { resultsCsv, surveysByRef, toResponseBundle, writeResultsXlsx } from '../domains/surveys/index.js';
import { operatorAt, organisationByCode } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

const FORMATS = ['xlsx', 'csv', 'pdf', 'fhir', 'fhir-responses'] as const;

/** A survey by its id, or by its code when only one organisation uses it. */
async function surveyByRef(rt: Runtime, ref: string) {
  const found = await surveysByRef(rt.database.system, ref);
  if (!found.length) throw new UsageError(`No survey has the id or code ${ref}`);
  if (found.length > 1)
    throw new UsageError(
      `Several organisations have a survey coded ${ref} (${found.map((f) => f.organisation).join(', ')}): give its id`,
    );
  return found[0]!;
}

/**
 * `concord surveys export SURVEY --format xlsx|csv|pdf|fhir|fhir-responses --out FILE`: the published
 * version's results (a spreadsheet, CSV, the PDF findings report, or FHIR QuestionnaireResponses), or the
 * survey itself as a FHIR Questionnaire (`fhir`).
 */
export async function exportSurvey(
  rt: Runtime,
  ref: string | undefined,
  format: string | undefined,
  out: string | undefined,
) {
  const usage = `Usage: concord surveys export SURVEY --format ${FORMATS.join('|')} --out FILE`;
  if (!ref || !out) throw new UsageError(usage);
  const f = (format ?? 'xlsx') as (typeof FORMATS)[number];
  if (!FORMATS.includes(f)) throw new UsageError(`--format is one of ${FORMATS.join(', ')}, not "${format}"`);
  const survey = await surveyByRef(rt, ref);
  const actor = operatorAt({ id: survey.orgId });
  if (f === 'fhir') {
    const questionnaire = await rt.services.surveys.questionnaire({ actor, id: survey.id });
    await writeFile(out, `${JSON.stringify(questionnaire, null, 2)}\n`);
    process.stdout.write(
      `Questionnaire ${survey.code} (version ${questionnaire.version}) written to ${out}\n`,
    );
    return;
  }
  if (f === 'pdf') {
    const found = await rt.services.surveyResults.findings({ actor, id: survey.id });
    await writeFile(out, found.pdf);
    process.stdout.write(`Findings report for ${survey.code} version ${found.version} written to ${out}\n`);
    return;
  }
  const found = await rt.services.surveyResults.exportOf({ actor, id: survey.id, format: f });
  if (f === 'fhir-responses') {
    const bundle = toResponseBundle(found, found.rows);
    await writeFile(out, `${JSON.stringify(bundle, null, 2)}\n`);
    process.stdout.write(
      `${bundle.entry?.length ?? 0} QuestionnaireResponses to ${survey.code} version ${found.version} written to ${out}\n`,
    );
    return;
  }
  if (f === 'csv') await pipeline(resultsCsv(found.definition, found.rows), createWriteStream(out));
  else {
    const stream = createWriteStream(out);
    await writeResultsXlsx(stream, found.definition, found.rows);
    await finished(stream);
  }
  process.stdout.write(
    `${found.rows.length} responses to ${survey.code} version ${found.version} written to ${out}\n`,
  );
}

/** `concord surveys import-questionnaire FILE.json --org CODE`: a draft survey from a FHIR Questionnaire. */
export async function importQuestionnaire(
  rt: Runtime,
  file: string | undefined,
  orgCode: string | undefined,
) {
  if (!file || !orgCode)
    throw new UsageError('Usage: concord surveys import-questionnaire FILE.json --org CODE');
  const org = await organisationByCode(rt, orgCode);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file} is not a JSON file: ${(err as Error).message}`);
  }
  const { id } = await rt.services.surveys.importQuestionnaire({ actor: operatorAt(org), input: json });
  process.stdout.write(`Draft survey ${id} made at ${org.name} from ${file}; publish it when it is ready.\n`);
}
