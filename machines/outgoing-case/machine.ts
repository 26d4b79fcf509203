import { and, not, stateIn } from 'xstate';
import type { Role } from '../../domain/actor';
import type { Recipient, StateMeta } from './context';
import { outgoingCaseSetup } from './setup';

/** Who may open a case: the student applying, or a DI officer registering an application received by email. */
export const OPEN_CASE_ROLES: readonly Role[] = ['student', 'di_officer'];

/** A guard allowing an event only from the listed roles; every staff transition carries one. */
const by = (...roles: Role[]) => ({ type: 'actorHasRole' as const, params: { roles } });
const notify = (template: string, to: Recipient) => ({ type: 'notify' as const, params: { template, to } });
const meta = (m: StateMeta) => m;
/**
 * Withdrawal and cancellation are open until the dean's office starts recalculating credits. They live on the
 * root, which stays active in the final states too, so those are excluded here as well.
 */
const stillOpen = and(
  ['creditRecalculation', 'fundsReconciliation', 'closed', 'withdrawn', 'cancelled', 'rejected'].map((s) =>
    not(stateIn(s)),
  ),
);

export const outgoingCaseMachine = outgoingCaseSetup.createMachine({
  id: 'outgoingCase',
  context: ({ input }) => ({
    ...input,
    appliedAt: null,
    record: null,
    recordProblem: null,
    english: { ielts: null, auditionPassed: null },
    eligibility: null,
    documents: [],
    confirmedItems: [],
    partner: null,
    grantDisbursed: false,
    curriculum: null,
    credits: null,
    learningAgreementChanges: 0,
    outcome: null,
  }),
  initial: 'application',
  on: {
    WITHDRAW: [
      {
        guard: and([by('student'), stillOpen, 'grantDisbursed']),
        target: '.fundsReconciliation',
        actions: [
          { type: 'recordOutcome', params: { kind: 'withdrawn' } },
          notify('fundsToReconcile', 'finance'),
        ],
      },
      {
        guard: and([by('student'), stillOpen]),
        target: '.withdrawn',
        actions: { type: 'recordOutcome', params: { kind: 'withdrawn' } },
      },
    ],
    CANCEL: [
      {
        guard: and([by('di_officer'), stillOpen, 'grantDisbursed']),
        target: '.fundsReconciliation',
        actions: [
          { type: 'recordOutcome', params: { kind: 'cancelled' } },
          notify('fundsToReconcile', 'finance'),
        ],
      },
      {
        guard: and([by('di_officer'), stillOpen]),
        target: '.cancelled',
        actions: { type: 'recordOutcome', params: { kind: 'cancelled' } },
      },
    ],
  },
  states: {
    application: {
      meta: meta({ stage: 'Application' }),
      on: {
        SUBMIT_APPLICATION: {
          guard: by('student', 'di_officer'),
          target: 'eligibilityReview',
          actions: 'recordAppliedAt',
        },
      },
    },
    // Two things are reviewed side by side: the applicant (the registrar's record, English evidence,
    // the audition) and the documents against the track's checklist. Both must pass before DI confirms.
    eligibilityReview: {
      meta: meta({ stage: 'Eligibility review' }),
      type: 'parallel',
      states: {
        eligibility: {
          initial: 'readingRecord',
          states: {
            readingRecord: {
              entry: 'readStudentRecord',
              on: {
                STUDENT_RECORD_READ: {
                  guard: by('system'),
                  target: 'assessed',
                  actions: [
                    'recordStudentRecord',
                    'assessEligibility',
                    notify('eligibilityAssessed', 'student'),
                  ],
                },
                STUDENT_RECORD_UNAVAILABLE: {
                  guard: by('system'),
                  target: 'recordUnavailable',
                  actions: 'recordRecordProblem',
                },
              },
            },
            recordUnavailable: {
              on: { REEVALUATE_ELIGIBILITY: { guard: by('di_officer'), target: 'readingRecord' } },
            },
            assessed: {
              on: {
                REEVALUATE_ELIGIBILITY: { guard: by('di_officer'), target: 'readingRecord' },
                RECORD_IELTS: { guard: by('di_officer'), actions: ['recordIelts', 'assessEligibility'] },
                REGISTER_FOR_AUDITION: {
                  guard: and([by('student', 'di_officer'), 'auditionOpen']),
                  target: 'audition',
                },
              },
            },
            audition: {
              // An IELTS certificate accepted meanwhile makes the audition moot.
              always: { guard: 'englishShownOtherwise', target: 'assessed' },
              on: {
                RECORD_AUDITION_PASSED: {
                  guard: by('snss'),
                  target: 'assessed',
                  actions: ['recordAuditionPassed', 'assessEligibility'],
                },
                RECORD_AUDITION_FAILED: {
                  guard: by('snss'),
                  target: '#outgoingCase.rejected',
                  actions: [
                    'recordAuditionFailed',
                    'assessEligibility',
                    { type: 'recordOutcome', params: { kind: 'rejected' } },
                  ],
                },
              },
            },
          },
        },
        documents: {
          initial: 'incomplete',
          states: {
            incomplete: { always: { guard: 'checklistComplete', target: 'complete' } },
            complete: { always: { guard: not('checklistComplete'), target: 'incomplete' } },
          },
          on: {
            ATTACH_DOCUMENT: {
              guard: by('student', 'di_officer'),
              actions: ['recordDocument', 'assessEligibility'],
            },
            CONFIRM_PAPER_FOLDER: {
              guard: and([by('di_officer'), 'paperFolderAwaited']),
              actions: 'recordPaperFolder',
            },
          },
        },
      },
      on: {
        CONFIRM_ELIGIBILITY: {
          guard: and([
            by('di_officer'),
            'eligible',
            stateIn({ eligibilityReview: { eligibility: 'assessed', documents: 'complete' } }),
          ]),
          target: 'competition',
        },
        REJECT_APPLICATION: {
          guard: by('di_officer'),
          target: 'rejected',
          actions: { type: 'recordOutcome', params: { kind: 'rejected' } },
        },
      },
    },
    competition: {
      meta: meta({ stage: 'Competition' }),
      on: {
        SELECT_FOR_PLACEMENT: { guard: by('di_officer'), target: 'placement' },
        DECLARE_NOT_SELECTED: {
          guard: by('di_officer'),
          target: 'rejected',
          actions: { type: 'recordOutcome', params: { kind: 'rejected' } },
        },
      },
    },
    placement: {
      meta: meta({ stage: 'Placement' }),
      initial: 'nomination',
      states: {
        nomination: {
          on: {
            NOMINATE_TO_PARTNER: {
              guard: by('di_officer'),
              target: 'awaitingInvitation',
              actions: 'recordPartner',
            },
          },
        },
        awaitingInvitation: {
          meta: meta({
            deadline: {
              id: 'invitationLetter',
              timing: 'invitationLetterDays',
              responsible: 'di_officer',
              what: "the partner's invitation letter",
            },
          }),
          after: { invitationEscalation: { actions: notify('invitationLetterOverdue', 'di_officer') } },
          on: {
            RECORD_INVITATION_LETTER: {
              guard: by('di_officer', 'partner'),
              target: '#outgoingCase.preDeparture',
            },
            RECORD_PARTNER_DECLINED: {
              guard: by('di_officer', 'partner'),
              target: 'nomination',
              actions: 'clearPartner',
            },
          },
        },
      },
    },
    preDeparture: {
      meta: meta({ stage: 'Pre-departure' }),
      entry: notify('selectedPrepareDeparture', 'student'),
      type: 'parallel',
      onDone: 'readyToDepart',
      states: {
        leave: {
          initial: 'pending',
          states: {
            pending: {
              on: {
                APPROVE_LEAVE: { guard: by('vice_rector'), target: 'approved' },
                // A refused leave ends the case; a grant already paid out must still be reconciled.
                REFUSE_LEAVE: [
                  {
                    guard: and([by('vice_rector'), 'grantDisbursed']),
                    target: '#outgoingCase.fundsReconciliation',
                    actions: [
                      { type: 'recordOutcome', params: { kind: 'rejected' } },
                      notify('fundsToReconcile', 'finance'),
                    ],
                  },
                  {
                    guard: by('vice_rector'),
                    target: '#outgoingCase.rejected',
                    actions: { type: 'recordOutcome', params: { kind: 'rejected' } },
                  },
                ],
              },
            },
            approved: { type: 'final' },
          },
        },
        curriculum: {
          initial: 'drafting',
          states: {
            drafting: {
              on: {
                AGREE_CURRICULUM: { guard: by('dean_office'), target: 'agreed', actions: 'recordCurriculum' },
              },
            },
            agreed: { type: 'final' },
          },
        },
        learningAgreement: {
          initial: 'pending',
          states: {
            pending: {
              on: {
                SIGN_LEARNING_AGREEMENT: {
                  guard: and([by('di_officer'), stateIn({ preDeparture: { curriculum: 'agreed' } })]),
                  target: 'signed',
                },
              },
            },
            signed: { type: 'final' },
          },
        },
        visa: {
          initial: 'pending',
          states: {
            pending: { on: { RECORD_VISA: { guard: by('student', 'di_officer'), target: 'obtained' } } },
            obtained: { type: 'final' },
          },
        },
        tuition: {
          initial: 'deciding',
          states: {
            deciding: { always: [{ guard: 'prepaysTuition', target: 'pending' }, { target: 'notRequired' }] },
            pending: { on: { CONFIRM_TUITION_PREPAID: { guard: by('finance'), target: 'prepaid' } } },
            prepaid: { type: 'final' },
            notRequired: { type: 'final' },
          },
        },
        grant: {
          initial: 'deciding',
          states: {
            deciding: {
              always: [{ guard: 'grantFunded', target: 'pending' }, { target: 'notRequired' }],
            },
            pending: {
              on: {
                DISBURSE_GRANT: {
                  guard: by('finance'),
                  target: 'disbursed',
                  actions: 'recordGrantDisbursed',
                },
              },
            },
            disbursed: { type: 'final' },
            notRequired: { type: 'final' },
          },
        },
      },
    },
    readyToDepart: {
      meta: meta({ stage: 'Ready to depart' }),
      on: { DEPART: { guard: by('di_officer'), target: 'mobility' } },
    },
    mobility: {
      meta: meta({ stage: 'Mobility' }),
      initial: 'abroad',
      states: {
        abroad: {
          on: {
            REQUEST_LEARNING_AGREEMENT_CHANGE: {
              guard: by('student', 'di_officer'),
              target: 'learningAgreementChange',
            },
            END_MOBILITY: { guard: by('di_officer'), target: '#outgoingCase.return' },
          },
        },
        learningAgreementChange: {
          on: {
            AGREE_LEARNING_AGREEMENT_CHANGE: {
              guard: by('dean_office'),
              target: 'abroad',
              actions: 'countLearningAgreementChange',
            },
          },
        },
      },
    },
    return: {
      meta: meta({
        stage: 'Return',
        deadline: {
          id: 'returnDocuments',
          timing: 'returnDocumentsDays',
          responsible: 'student',
          what: 'the return documents',
        },
      }),
      type: 'parallel',
      after: { returnEscalation: { actions: notify('returnDocumentsOverdue', 'di_officer') } },
      onDone: 'creditRecalculation',
      states: {
        returnApplication: {
          initial: 'pending',
          states: {
            pending: {
              on: { SUBMIT_RETURN_APPLICATION: { guard: by('student', 'di_officer'), target: 'received' } },
            },
            received: { type: 'final' },
          },
        },
        partnerTranscript: {
          initial: 'pending',
          states: {
            pending: {
              on: { RECORD_PARTNER_TRANSCRIPT: { guard: by('di_officer', 'partner'), target: 'received' } },
            },
            received: { type: 'final' },
          },
        },
        financialReport: {
          initial: 'deciding',
          states: {
            deciding: {
              always: [{ guard: 'grantFunded', target: 'pending' }, { target: 'notRequired' }],
            },
            pending: { on: { ACCEPT_FINANCIAL_REPORT: { guard: by('finance'), target: 'accepted' } } },
            accepted: { type: 'final' },
            notRequired: { type: 'final' },
          },
        },
      },
    },
    creditRecalculation: {
      meta: meta({ stage: 'Credit recalculation' }),
      on: {
        RECALCULATE_CREDITS: {
          guard: by('dean_office'),
          target: 'closed',
          actions: ['recordCredits', notify('creditsRecalculated', 'student')],
        },
      },
    },
    fundsReconciliation: {
      meta: meta({ stage: 'Funds reconciliation' }),
      on: {
        RECONCILE_FUNDS: [
          {
            guard: and([by('finance'), { type: 'outcomeIs', params: { kind: 'withdrawn' as const } }]),
            target: 'withdrawn',
          },
          {
            guard: and([by('finance'), { type: 'outcomeIs', params: { kind: 'rejected' as const } }]),
            target: 'rejected',
          },
          { guard: by('finance'), target: 'cancelled' },
        ],
      },
    },
    closed: { type: 'final', meta: meta({ stage: 'Closed' }) },
    withdrawn: { type: 'final', meta: meta({ stage: 'Withdrawn' }) },
    cancelled: { type: 'final', meta: meta({ stage: 'Cancelled' }) },
    rejected: {
      type: 'final',
      meta: meta({ stage: 'Rejected' }),
      entry: notify('applicationRejected', 'student'),
    },
  },
});

export type OutgoingCaseMachine = typeof outgoingCaseMachine;
