import type { Role } from '../../../domain/actor';
import { announce } from '../announcements';
import type { ConditionName } from '../conditions';
import { may } from '../setup';

/**
 * Version 6: a stage after selection takes the uploads it needs (the partner's learning agreement, the
 * financial report and its receipts) through the same check as the application's; `kinds` is the
 * condition naming which. An older case falls through to the root, which takes none.
 */
export const stageDocuments = (roles: Role[], kinds: ConditionName) => ({
  ATTACH_DOCUMENT: {
    guard: may(roles, 'documentIsNew', kinds),
    actions: ['startDocumentCheck' as const, 'checkDocument' as const],
  },
  DOCUMENT_CHECKED: [
    {
      guard: may(['system'], 'stageDocumentChecked', 'checkRefused'),
      actions: [
        'recordCheckedDocument' as const,
        announce('documentRefused', 'student', { fields: 'documentRefusal' }),
      ],
    },
    { guard: may(['system'], 'stageDocumentChecked'), actions: 'recordCheckedDocument' as const },
  ],
});
