import { ApplicationFailure } from '@temporalio/activity';
import type { StudentRecord } from '../../domain/student-record';
import type { StudentRecordSource } from '../../stores/student-records';

export interface StudentRecordDeps {
  source: StudentRecordSource;
}

export function createStudentRecordActivities({ source }: StudentRecordDeps) {
  return {
    /**
     * The registrar's record of the student. A student the registrar does not know fails at once
     * (non-retryable `StudentRecordNotFound`): retrying cannot make the record appear, staff must load
     * it. Any other error of the source (file unreadable, registrar API down) is retried by Temporal.
     */
    async readStudentRecord(studentId: string): Promise<StudentRecord> {
      const record = await source.get(studentId);
      if (!record)
        throw ApplicationFailure.nonRetryable(
          `the registrar has no record of student ${studentId}; load it with "mobility records import FILE.csv"`,
          'StudentRecordNotFound',
          { studentId },
        );
      return record;
    },
  };
}

export type StudentRecordActivities = ReturnType<typeof createStudentRecordActivities>;
