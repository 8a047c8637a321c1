import type { SignatureInput } from '@contract/care/plans.schemas.js';
import { type Actor, activeOrgOf, hasRole, scopeOf } from '../../../platform/auth/actor.js';
import { withScope } from '../../../platform/db/scope.js';
import type { Upload } from '../../../platform/files/file-store.js';
import { type AppError, forbidden, validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import { carePolicy as policy } from '../care.policy.js';
import type { PlanContext } from './plan-context.js';
import { mustBe } from './plan-states.js';
import * as repo from './plans.repository.js';

export const PLAN_PAGE_PURPOSE = 'care_plan_page';
const PAGE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

/** A signed page belongs to the plan it was uploaded to: its purpose names the plan. */
const pagePurpose = (planId: string) => `${PLAN_PAGE_PURPOSE}:${planId}`;
const MAX_PAGE_BYTES = 20 * 1024 * 1024;
/** What each kind of page begins with: a file that does not is refused, whatever its name says. */
const MAGIC: Record<string, readonly Buffer[]> = {
  'application/pdf': [Buffer.from('%PDF-')],
  'image/png': [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  'image/jpeg': [Buffer.from([0xff, 0xd8, 0xff])],
  'image/tiff': [Buffer.from('II*\0', 'latin1'), Buffer.from('MM\0*', 'latin1')],
};

export function planSigningMethods({
  database,
  files,
  onRecord,
  planHolder,
  mayRecord,
  loaded,
  first,
  lockIfComplete,
  checkSignature,
}: PlanContext) {
  return {
    /** Stores a signed page (scanned or faxed) of a plan out for signatures, for a signature to point to. */
    async uploadPage({
      actor,
      id,
      upload: receive,
    }: {
      actor: Actor;
      id: string;
      upload: () => Promise<Upload>;
    }) {
      policy.authorize(actor, 'plan.sign');
      // The plan must be one the actor sees before anything is read from the upload.
      await withScope(database, scopeOf(actor), (db) => planHolder(db, activeOrgOf(actor), id));
      const upload = await receive();
      const extension = upload.fileName.toLowerCase().split('.').pop() ?? '';
      const contentType = PAGE_TYPES[extension];
      if (!contentType || !/[^.]\.[a-z]+$/i.test(upload.fileName)) {
        upload.stream.resume();
        throw validationFailed([
          {
            path: 'file',
            message: `"${upload.fileName}" is not one of .${Object.keys(PAGE_TYPES).join(', .')}`,
          },
        ]);
      }
      return onRecord(
        actor,
        (db, orgId) => planHolder(db, orgId, id),
        async (tx, holder, orgId, _name, record) => {
          const plan = (await repo.lockPlan(tx, id))!;
          await mayRecord(tx, actor, holder, orgId, plan.enrolleeId);
          if (plan.status !== 'in_sign_off') upload.stream.resume();
          mustBe(plan, 'in_sign_off');
          const file = await files.save(
            tx,
            {
              orgId: holder,
              name: upload.fileName,
              contentType,
              purpose: pagePurpose(id),
              createdBy: actor.userId,
            },
            upload.stream,
          );
          const refuse = async (error: AppError) => {
            await files.remove(holder, file.id);
            throw error;
          };
          if (upload.truncated?.() || file.size > MAX_PAGE_BYTES)
            await refuse(
              validationFailed([
                { path: 'file', message: `A signed page is at most ${MAX_PAGE_BYTES / 1024 / 1024} MB` },
              ]),
            );
          if (!(await files.startsWith(holder, file.id, MAGIC[contentType]!)))
            await refuse(
              validationFailed([
                {
                  path: 'file',
                  message: `"${upload.fileName}" is not a ${extension.toUpperCase()} file inside: scan or save the signed page again`,
                },
              ]),
            );
          await record({
            action: 'upload',
            entityType: 'stored_file',
            entityId: file.id,
            details: { purpose: PLAN_PAGE_PURPOSE, planId: id, name: file.name, size: file.size },
          });
          return { fileId: file.id, name: file.name, size: file.size };
        },
      );
    },

    /** Records a signature (If-Match: the plan's version); the last one locks the plan and writes its PDF. */
    async sign({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: SignatureInput;
    }) {
      policy.authorize(actor, 'plan.sign');
      return first(
        onRecord(
          actor,
          (db, orgId) => planHolder(db, orgId, id),
          async (tx, holder, orgId, holderName, record) => {
            const plan = (await repo.lockPlan(tx, id))!;
            await mayRecord(tx, actor, holder, orgId, plan.enrolleeId);
            const signatures = await repo.signaturesOf(tx, holder, [id]);
            checkSignature(plan, signatures, input);
            if (plan.version !== version) staleOrMissing(true, 'The care plan');
            if (input.step === 'clinical_review') {
              // The reviewer signs for themselves: a registered nurse or clinical care manager, on screen.
              if (!hasRole(actor, 'rn', 'clinical_care_manager'))
                throw forbidden(
                  'A clinical review is signed by the care team’s registered nurse or clinical care manager themselves.',
                );
              if (input.channel !== 'on_screen' || !actor.roles.includes(input.signerRole as 'rn'))
                throw validationFailed([
                  {
                    path: 'body.signerRole',
                    message: 'Sign the clinical review yourself, on screen, in the role you hold',
                  },
                ]);
            }
            if (input.channel === 'on_screen' && !input.attested)
              throw validationFailed([
                {
                  path: 'body.attested',
                  message: 'The signer confirms that they have read the plan and agree with it',
                },
              ]);
            if (input.channel === 'on_screen' && input.fileId)
              throw validationFailed([
                { path: 'body.fileId', message: 'A signature on screen has no signed page' },
              ]);
            if (input.channel !== 'on_screen') {
              // The page must have been uploaded to this plan, and not already count for another step.
              const page = input.fileId
                ? await files.find(tx, holder, input.fileId).catch(() => undefined)
                : undefined;
              if (page?.purpose !== pagePurpose(id))
                throw validationFailed([
                  {
                    path: 'body.fileId',
                    message: 'Upload the signed page to this plan first, then give its file id',
                  },
                ]);
              if (signatures.some((s) => s.fileId === input.fileId))
                throw validationFailed([
                  { path: 'body.fileId', message: 'This page is already the signature of another step' },
                ]);
            }
            await repo.insertSignature(tx, {
              orgId: holder,
              planId: id,
              enrolleeId: plan.enrolleeId,
              step: input.step,
              signerName: input.signerName,
              signerRole: input.signerRole,
              channel: input.channel,
              signedOn: input.signedOn,
              recordedBy: actor.personId,
              fileId: input.channel === 'on_screen' ? null : input.fileId,
            });
            await record({
              action: 'sign',
              entityType: 'care_plan',
              entityId: id,
              details: {
                enrolleeId: plan.enrolleeId,
                step: input.step,
                channel: input.channel,
                signedOn: input.signedOn,
              },
            });
            const signed = (await repo.updatePlan(tx, holder, id, plan.version, {}))!;
            return loaded(tx, [await lockIfComplete(tx, signed, record, actor.userId, holderName)]);
          },
        ),
      );
    },
  };
}
