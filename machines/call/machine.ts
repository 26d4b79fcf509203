import { callSetup, may } from './setup';

const di = ['di_officer'] as const;
const system = may(['system']);
const cancel = { guard: may([...di]), target: '#call.cancelled', actions: 'recordCancelled' } as const;

/**
 * A call for applications, from draft to finalised: DI opens it, cases join it while it is open, it
 * closes at its deadline (or when DI closes it) and ranks and allocates at once; DI reviews the proposal,
 * may override one result with a written reason, and publishes; after publication a freed place goes to
 * the waitlist, an offer at a time, until DI finalises the call. Every refusal is this machine's.
 */
export const callMachine = callSetup.createMachine({
  id: 'call',
  context: ({ input }) => ({
    ...input,
    applicants: {},
    left: [],
    excluded: {},
    forced: {},
    results: null,
    declinedPlaces: {},
    closed: null,
    publishedAt: null,
    cancelled: null,
  }),
  initial: 'starting',
  states: {
    starting: { always: [{ guard: 'draft', target: 'draft' }, { target: 'open' }] },
    draft: {
      meta: { label: 'Draft' },
      on: { OPEN: { guard: may([...di]), target: 'open' }, CANCEL: cancel },
    },
    open: {
      meta: { label: 'Open for applications' },
      on: {
        JOIN: { guard: system, actions: 'recordApplicant' },
        LEAVE: { guard: system, actions: 'forgetApplicant' },
        CLOSE: { guard: may([...di]), target: 'closed', actions: 'recordClose' },
        DEADLINE: { guard: may(['system'], 'deadlinePassed'), target: 'closed', actions: 'recordClose' },
        CANCEL: cancel,
      },
    },
    // Ranking and allocation follow the close at once: nothing can join in between.
    closed: { meta: { label: 'Closed' }, always: { target: 'ranked', actions: 'rank' } },
    ranked: {
      meta: { label: 'Ranked: allocation proposed' },
      on: {
        JOIN: { guard: system, actions: ['recordLateApplicant', 'rank'] },
        LEAVE: { guard: system, actions: ['excludeApplicant', 'rank'] },
        OVERRIDE: {
          guard: may([...di], 'knownApplicant', 'overrideFits', 'placeHasRoom'),
          actions: ['recordOverride', 'rank'],
        },
        PUBLISH: { guard: may([...di]), target: 'published', actions: 'recordPublished' },
        CANCEL: cancel,
      },
    },
    published: {
      meta: { label: 'Results published' },
      on: {
        JOIN: { guard: system, actions: ['recordLateApplicant', 'appendLateResult'] },
        LEAVE: { guard: may(['system'], 'knownApplicant'), actions: 'releasePlace' },
        PARTNER_DECLINED: {
          guard: may(['system'], 'knownApplicant', 'selectedApplicant'),
          actions: 'recordPartnerDeclined',
        },
        ACCEPT_OFFER: {
          guard: may(['student', 'di_officer'], 'knownApplicant', 'ownOffer', 'offerOpen'),
          actions: 'recordOfferAccepted',
        },
        DECLINE_OFFER: {
          guard: may(['student', 'di_officer'], 'knownApplicant', 'ownOffer', 'offerOpen'),
          actions: 'recordOfferDeclined',
        },
        OFFER_EXPIRED: {
          guard: may(['system'], 'knownApplicant', 'offerLapsed'),
          actions: 'recordOfferExpired',
        },
        FINALISE: { guard: may([...di], 'noOpenOffers'), target: 'finalised', actions: 'closeWaitlist' },
      },
    },
    finalised: { type: 'final', meta: { label: 'Finalised' } },
    cancelled: { type: 'final', meta: { label: 'Cancelled' } },
  },
});

export type CallMachine = typeof callMachine;
