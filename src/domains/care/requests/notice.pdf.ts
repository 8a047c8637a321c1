// The notice of a decision on a service request (US Letter, tagged, in the letter's language): the plan, the
// member's name and address, what was asked and when, the decision and its specific reason, and — for a denial
// or partial approval — the appeal rights with their deadlines, each from the rule version in force.
import type { DenialReason, RequestDecision, RequestPriority } from '@contract/care/requests.labels.js';
import { MUTED, PdfWriter } from '../../../platform/files/pdf-text.js';
import { NOTICE_WORDS, type NoticeLanguage } from './notice.words.js';

export interface NoticeFacts {
  language: NoticeLanguage;
  planName: string;
  planPhone: string | null;
  enrolleeName: string;
  addressLines: string[];
  service: string;
  receivedOn: string;
  priority: RequestPriority;
  decision: RequestDecision;
  denialReason: DenialReason | null;
  explanation: string | null;
  noticeSentOn: string;
  /** The appeal window (adverse decisions), from the `appeal_filing` rule in force on the notice's day. */
  appeal: { dueOn: string; continuationUntil: string } | null;
  /** The plan's appeal clock and the next level's time, when rules for them are in force. */
  appealDecision: { standardDays: number; expeditedHours: number } | null;
  nextLevelDays: number | null;
  oneCare: boolean;
  madeAt: Date;
}

export async function renderNotice(f: NoticeFacts) {
  const w = NOTICE_WORDS[f.language];
  const pdf = await PdfWriter.create({
    title: w.title,
    author: f.planName,
    madeAt: f.madeAt,
    language: f.language === 'es' ? 'es-US' : 'en-US',
  });
  pdf.paragraph(f.planName, { font: pdf.bold, size: 12, gap: 0 });
  if (f.planPhone) pdf.paragraph(f.planPhone, { size: 10, color: MUTED, gap: 12 });
  else pdf.y -= 12;
  pdf.paragraph(w.dateLine(f.noticeSentOn), { size: 10, gap: 12 });
  pdf.paragraph(`${w.to}: ${[f.enrolleeName, ...f.addressLines].join(', ')}`, { size: 10, gap: 16 });
  pdf.heading(w.title, 1, { size: 16, gap: 10 });
  pdf.paragraph(w.greeting(f.enrolleeName), { size: 11, gap: 8 });
  pdf.paragraph(w.about(f.service, f.receivedOn, f.priority), { size: 11, gap: 8 });
  pdf.paragraph(w.decision[f.decision], { font: pdf.bold, size: 11, gap: 12 });
  if (f.denialReason) {
    pdf.heading(w.reasonHeading, 2, { size: 13 });
    pdf.paragraph(w.reasons[f.denialReason], { size: 11, gap: 8 });
  }
  if (f.explanation) {
    pdf.heading(w.explanationHeading, 2, { size: 13 });
    pdf.paragraph(f.explanation, { size: 11, gap: 12 });
  }
  if (f.appeal) {
    pdf.heading(w.appealHeading, 2, { size: 13 });
    const items = [
      w.appealBy(f.appeal.dueOn),
      w.continuation(f.appeal.continuationUntil),
      ...(f.appealDecision
        ? [w.appealDecision(f.appealDecision.standardDays, f.appealDecision.expeditedHours)]
        : []),
      w.howToAppeal(f.planName, f.planPhone),
      ...(f.nextLevelDays ? [w.nextLevel(f.nextLevelDays, f.oneCare)] : []),
    ];
    pdf.list(items, { size: 11, gap: 6 });
    pdf.y -= 6;
  }
  pdf.paragraph(w.help, { size: 10, color: MUTED, gap: 16 });
  for (const line of w.signOff(f.planName).split('\n')) pdf.paragraph(line, { size: 11, gap: 2 });
  return pdf.save();
}
