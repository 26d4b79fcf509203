import { disciplines } from '../../machines/incoming-case/rules';
import { incomingStageLabel, type IncomingCaseSnapshot } from '../../machines/incoming-case/view';

/**
 * The fields every incoming message may use (templates/email/<language>/incoming*.eta). Never the
 * passport: mail leaves KBTU in plain text.
 */
export function messageData(s: IncomingCaseSnapshot): Record<string, string> {
  const c = s.context;
  return {
    stage: incomingStageLabel(s),
    semester: c.semester,
    school: c.school,
    partner: c.partner.name,
    reason: c.outcome?.reason ?? '',
    visa: c.visa.rule,
    reference: c.migrationInvitation?.reference ?? '',
    disciplines: disciplines(c)
      .map((k) => `- ${k.code} ${k.title} (${k.credits} ECTS)`)
      .join('\n'),
    grades: (c.grades ?? [])
      .map((g) => `- ${g.course} ${g.title}: ${g.partner} (KBTU ${g.kbtu}, ${g.percent}%)`)
      .join('\n'),
    transcript: c.transcriptSha256 ?? '',
  };
}
