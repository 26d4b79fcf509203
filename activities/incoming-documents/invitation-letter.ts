import { pdfPage } from './pdf-page';

export interface InvitationLetterRequest {
  caseId: string;
  studentName: string;
  birthDate: string;
  citizenship: string;
  /** Masked as every read shows it: the letter leaves KBTU by mail. */
  passport: string;
  partnerName: string;
  semester: string;
  school: string;
  level: string;
  field: string;
  /** The visa rule the case decided by, as the case shows it. */
  visaRule: string;
  /** When DI sent the letter: its date, so a retry makes the same bytes. */
  issuedAt: string;
}

/** KBTU's invitation letter to a nominated partner student, for the stay and (where needed) the visa. */
export async function invitationLetterPdf(r: InvitationLetterRequest): Promise<Uint8Array> {
  const p = await pdfPage(`KBTU invitation letter ${r.caseId}`, r.issuedAt);
  p.line('Kazakh-British Technical University: letter of invitation', 'title');
  p.line(`Almaty, ${r.issuedAt.slice(0, 10)}    Case: ${r.caseId}`);
  p.gap();
  p.line(`KBTU invites ${r.studentName}, born ${r.birthDate}, citizen of ${r.citizenship},`);
  p.line(`passport ${r.passport}, nominated by ${r.partnerName},`);
  p.line(`to study at KBTU's school ${r.school} in ${r.semester} as an exchange student`);
  p.line(`(${r.level}, ${r.field}), under the exchange agreement between the two universities.`);
  p.gap();
  p.line(`Visa: ${r.visaRule}`, 'bold');
  p.gap();
  p.line('Department of International Cooperation, Kazakh-British Technical University');
  return p.save();
}
