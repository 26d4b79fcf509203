import type { TemplateName } from '../../domain/notification';
import type { DeadlineMeta, OutgoingCaseContext, Recipient } from './context';
import type { MachineEvent } from './events';
import { caseChecklist, grantFunded } from './rules';

/** The version the student's step-by-step messages came with; older cases go on without them. */
const ANNOUNCED_SINCE = 5;

type Facts = { context: OutgoingCaseContext; event: MachineEvent | null };

/**
 * A message of version 5. Its own fields are named here and worked out by effects.ts from the case as
 * the transition left it, so the action stays plain data that tests and the statechart can read.
 */
export const announce = (
  template: TemplateName,
  to: Recipient,
  more: { fields?: MessageFields; dueOf?: DeadlineMeta['id'] } = {},
) => ({
  type: 'notify' as const,
  params: { template, to, since: ANNOUNCED_SINCE, ...more } satisfies NotifyParams,
});

const bullets = (lines: readonly string[]) => lines.map((l) => `- ${l}`).join('\n');

/** The checklist items not accepted yet, each with why a refused one was refused. */
function documentsOutstanding({ context }: Facts): Record<string, string> {
  const open = caseChecklist(context).lines.filter((l) => !l.optional && l.status !== 'accepted');
  return {
    missing: bullets(
      open.map((l) =>
        l.status === 'refused' ? `${l.label}: refused (${l.reasons.join('; ')})` : `${l.label}: not received`,
      ),
    ),
  };
}

/** The document a check refused, the rules it failed, and what is still outstanding. */
function documentRefusal(f: Facts): Record<string, string> {
  const verdict = f.event?.type === 'DOCUMENT_CHECKED' ? f.event.verdict : undefined;
  const held = f.context.documents.find((d) => d.document.sha256 === verdict?.sha256);
  return {
    document: held ? `${held.document.originalName} (${verdict!.kind.replace(/_/g, ' ')})` : '',
    reasons: bullets((verdict?.reasons ?? []).filter((r) => !r.passed).map((r) => r.message)),
    ...documentsOutstanding(f),
  };
}

/** Whether the return papers include the grant's financial report (the templates word the list). */
function returnPapers({ context }: Facts): Record<string, string> {
  return { financialReport: grantFunded(context) ? 'yes' : '' };
}

/** Whether the student withdrew (the templates word it), or the case was cancelled. */
function closure({ context }: Facts): Record<string, string> {
  return { withdrawn: context.outcome?.kind === 'withdrawn' ? 'yes' : '' };
}

/** The fields a version-5 message may carry beyond those every message of the case has. */
export const MESSAGE_FIELDS = { documentsOutstanding, documentRefusal, returnPapers, closure } as const;
export type MessageFields = keyof typeof MESSAGE_FIELDS;

/** What a message's named fields hold on this case now. */
export const messageFields = (
  name: MessageFields,
  context: OutgoingCaseContext,
  event: MachineEvent | null,
) => MESSAGE_FIELDS[name]({ context, event });

/** The parameters of a `notify` action; `since` is the machine version the message came with. */
export interface NotifyParams {
  template: TemplateName;
  to: Recipient;
  since?: number;
  fields?: MessageFields;
  /** A deadline the message announces: the one the same transition starts watching. */
  dueOf?: DeadlineMeta['id'];
}
