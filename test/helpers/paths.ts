import type { CaseEventInput } from '../../domain/events';
import type { FundingTrack } from '../../domain/case';
import { as } from './fixtures';

/** The staff actions that carry a case of `track` from application to closed, in order. */
export function happyPath(track: FundingTrack, studyBasis: 'state_grant' | 'paid'): CaseEventInput[] {
  return [
    { type: 'SUBMIT_APPLICATION', actor: as.student },
    { type: 'CONFIRM_ELIGIBILITY', actor: as.di },
    { type: 'SELECT_FOR_PLACEMENT', actor: as.di },
    {
      type: 'NOMINATE_TO_PARTNER',
      actor: as.di,
      partnerId: 'tum',
      partnerName: 'Technical University of Munich',
    },
    { type: 'RECORD_INVITATION_LETTER', actor: as.partner },
    { type: 'APPROVE_LEAVE', actor: as.viceRector },
    { type: 'AGREE_CURRICULUM', actor: as.dean, creditsPlanned: 30, creditsRequired: 30, retakeCourses: [] },
    { type: 'SIGN_LEARNING_AGREEMENT', actor: as.di },
    { type: 'RECORD_VISA', actor: as.student },
    ...(studyBasis === 'paid' ? [{ type: 'CONFIRM_TUITION_PREPAID', actor: as.finance } as const] : []),
    ...(track === 'mshe' ? [{ type: 'DISBURSE_GRANT', actor: as.finance } as const] : []),
    { type: 'DEPART', actor: as.di },
    { type: 'END_MOBILITY', actor: as.di },
    { type: 'SUBMIT_RETURN_APPLICATION', actor: as.student },
    { type: 'RECORD_PARTNER_TRANSCRIPT', actor: as.di },
    ...(track === 'mshe' ? [{ type: 'ACCEPT_FINANCIAL_REPORT', actor: as.finance } as const] : []),
    { type: 'RECALCULATE_CREDITS', actor: as.dean, creditsTransferred: 27, retakeCourses: ['CSE301'] },
  ];
}
