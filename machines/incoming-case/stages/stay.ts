import { incomingCaseSetup, may, notify } from '../setup';

export const arrival = incomingCaseSetup.createStateConfig({
  meta: { stage: 'Arrival' },
  on: { RECORD_ARRIVAL: { guard: may(['di_officer']), target: 'study', actions: 'recordArrival' } },
});

/** The semester at KBTU; at its end the registrar enters a grade for every course of the agreement. */
export const study = incomingCaseSetup.createStateConfig({
  meta: { stage: 'Study' },
  on: {
    RECORD_GRADES: {
      guard: may(['registrar'], 'gradesCoverAgreement', 'gradesConvert'),
      target: '#incomingCase.transcript',
      actions: 'recordGrades',
    },
  },
});

/** The transcript, converted to the partner's scale, is made into a PDF in the case and sent to the partner. */
export const transcript = incomingCaseSetup.createStateConfig({
  meta: { stage: 'Transcript' },
  initial: 'issuing',
  states: {
    issuing: {
      entry: 'issueTranscript',
      on: {
        TRANSCRIPT_ISSUED: { guard: may(['system']), target: 'ready', actions: 'recordTranscript' },
        // The grades stay; the registrar enters them again once the cause is fixed.
        TRANSCRIPT_FAILED: { guard: may(['system']), target: '#incomingCase.open.study' },
      },
    },
    ready: {
      on: {
        SEND_TRANSCRIPT: {
          guard: may(['di_officer']),
          target: '#incomingCase.closed',
          actions: notify('incomingTranscript', 'partner'),
        },
      },
    },
  },
});
