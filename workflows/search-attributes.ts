import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The custom search attributes that make cases findable; registered on the server at every start. */
export const MobilityStage = defineSearchAttributeKey('MobilityStage', SearchAttributeType.KEYWORD);
export const FundingTrack = defineSearchAttributeKey('FundingTrack', SearchAttributeType.KEYWORD);
export const School = defineSearchAttributeKey('School', SearchAttributeType.KEYWORD);
export const StudentId = defineSearchAttributeKey('StudentId', SearchAttributeType.KEYWORD);
export const CallId = defineSearchAttributeKey('CallId', SearchAttributeType.KEYWORD);
export const NextDeadline = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);

/**
 * Incoming cases: the nominating partner, whether the citizenship needs a visa, and the agreement place
 * the nomination takes (`<semester>/<level>`, counted against the partner's places).
 */
export const PartnerId = defineSearchAttributeKey('PartnerId', SearchAttributeType.KEYWORD);
export const VisaRequired = defineSearchAttributeKey('VisaRequired', SearchAttributeType.BOOL);
export const IncomingPlace = defineSearchAttributeKey('IncomingPlace', SearchAttributeType.KEYWORD);

export const CASE_SEARCH_ATTRIBUTES = [
  MobilityStage,
  FundingTrack,
  School,
  StudentId,
  CallId,
  NextDeadline,
  PartnerId,
  VisaRequired,
  IncomingPlace,
];
