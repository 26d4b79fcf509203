import { parseStudentCsv } from '../../services/student-csv';
import { STUDENT_CSV_COLUMNS, StudentRecord } from '../../domain/student-record';
import { csv, HEADER, master, row } from './support';

describe('parseStudentCsv: good files', () => {
  test('a bachelor and a master become typed records', () => {
    const { records, errors } = parseStudentCsv(csv(HEADER, row(), master()));
    expect(errors).toEqual([]);
    expect(records).toEqual([
      {
        studentId: '23B030112',
        fullName: 'Aruzhan Seitkali',
        email: 'a_seitkali@kbtu.kz',
        school: 'SITE',
        degree: 'bachelor',
        yearOfStudy: 2,
        semesterOfStudy: 3,
        masterDirection: null,
        gpa: 3.45,
        englishOnTranscript: 'B2',
        studyBasis: 'state_grant',
        academicDebts: 0,
        financialDebts: 0,
        tuitionPrepaid: false,
        updatedAt: '2025-09-01T09:00:00+05:00',
      },
      expect.objectContaining({
        degree: 'master',
        masterDirection: 'scientific_pedagogical',
        yearOfStudy: 1,
      }),
    ]);
  });

  test.each([
    ['quoted fields holding commas and quotes', csv(HEADER, row({ full_name: '"Omarov, Yerlan ""Yera"""' }))],
    ['CRLF line ends', [HEADER, row({ full_name: '"Omarov, Yerlan ""Yera"""' })].join('\r\n') + '\r\n'],
    ['a UTF-8 byte-order mark', '\uFEFF' + csv(HEADER, row({ full_name: '"Omarov, Yerlan ""Yera"""' }))],
    [
      'no final line break and blank lines',
      `${HEADER}\n\n${row({ full_name: '"Omarov, Yerlan ""Yera"""' })}`,
    ],
  ])('%s', (_name, text) => {
    const { records, errors } = parseStudentCsv(text);
    expect(errors).toEqual([]);
    expect(records.map((r) => r.fullName)).toEqual(['Omarov, Yerlan "Yera"']);
  });

  test('columns in any order, header names in any case; cells are trimmed and normalised', () => {
    const cols = [...STUDENT_CSV_COLUMNS].reverse();
    const cells = row(
      { school: ' site ', tuition_prepaid: 'Yes', gpa: '"2,5"', english_on_transcript: 'c1' },
      cols,
    );
    const { records, errors } = parseStudentCsv(csv(cols.map((c) => c.toUpperCase()).join(','), cells));
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      school: 'SITE',
      tuitionPrepaid: true,
      gpa: 2.5,
      englishOnTranscript: 'C1',
    });
  });

  test('a quoted field with a line break keeps its text, and later lines keep their numbers', () => {
    const text = csv(
      HEADER,
      row({ full_name: '"Aruzhan\r\nSeitkali"' }),
      row({ student_id: 'X1234', gpa: '9' }),
    );
    const { records, errors } = parseStudentCsv(text);
    expect(records.map((r) => r.fullName)).toEqual(['Aruzhan\r\nSeitkali']);
    expect(errors).toEqual([{ line: 4, column: 'gpa', message: 'gpa must be between 0 and 4' }]);
  });

  test('spreadsheet filler lines of empty cells are skipped', () => {
    const { records, errors } = parseStudentCsv(csv(HEADER, row(), ',,,,,,,,,,,,,,'));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
  });
});

describe('parseStudentCsv: bad files report every bad row with its line and column', () => {
  const cases: [string, string, { line: number; column: string | null; message: RegExp }[]][] = [
    ['an empty file', '', [{ line: 1, column: null, message: /file is empty/ }]],
    ['only a BOM and blank lines', '\uFEFF\n\n', [{ line: 1, column: null, message: /file is empty/ }]],
    ['a header without rows', csv(HEADER), [{ line: 2, column: null, message: /no students/ }]],
    [
      'a missing column',
      csv(HEADER.replace(',gpa', ''), row().replace(',3.45', '')),
      [{ line: 1, column: null, message: /missing required column\(s\): gpa/ }],
    ],
    [
      'an unknown column',
      csv(`${HEADER},nickname`, `${row()},Aru`),
      [{ line: 1, column: null, message: /unknown column\(s\): "nickname"/ }],
    ],
    [
      'a column given twice',
      csv(`${HEADER},gpa`, `${row()},3.1`),
      [{ line: 1, column: null, message: /given twice: gpa/ }],
    ],
    ['GPA 4.5', csv(HEADER, row({ gpa: '4.5' })), [{ line: 2, column: 'gpa', message: /between 0 and 4/ }]],
    [
      'GPA "abc"',
      csv(HEADER, row({ gpa: 'abc' })),
      [{ line: 2, column: 'gpa', message: /"abc" is not a number/ }],
    ],
    [
      'GPA with 3 decimals',
      csv(HEADER, row({ gpa: '3.456' })),
      [{ line: 2, column: 'gpa', message: /two decimals/ }],
    ],
    [
      'a master without direction',
      csv(HEADER, master({ master_direction: '' })),
      [{ line: 2, column: 'master_direction', message: /a master must have a direction/ }],
    ],
    [
      'a bachelor with a direction',
      csv(HEADER, row({ master_direction: 'profile' })),
      [{ line: 2, column: 'master_direction', message: /bachelor has no master direction/ }],
    ],
    [
      'a master in year 3',
      csv(HEADER, master({ year_of_study: '3', semester_of_study: '5' })),
      [{ line: 2, column: 'year_of_study', message: /2 years/ }],
    ],
    [
      'a semester outside the year',
      csv(HEADER, row({ semester_of_study: '6' })),
      [{ line: 2, column: 'semester_of_study', message: /does not belong to year 2/ }],
    ],
    [
      'a duplicate student id (case-insensitive)',
      csv(HEADER, row(), master(), row({ student_id: '23b030112' })),
      [{ line: 4, column: 'student_id', message: /appears twice.*first on line 2/ }],
    ],
    [
      'a duplicate id whose first row is bad is still reported',
      csv(HEADER, row({ gpa: '4.5' }), row({ gpa: 'abc' })),
      [
        { line: 2, column: 'gpa', message: /between 0 and 4/ },
        { line: 3, column: 'student_id', message: /appears twice.*first on line 2/ },
        { line: 3, column: 'gpa', message: /not a number/ },
      ],
    ],
    [
      'a lower-case school code that is too long, a bad id and a bad email',
      csv(HEADER, row({ school: 'SCHOOLOFSITE', student_id: 'ab-12', email: 'nope' })),
      [
        { line: 2, column: 'student_id', message: /4-20 letters or digits/ },
        { line: 2, column: 'email', message: /./ },
        { line: 2, column: 'school', message: /school code in capitals/ },
      ],
    ],
    [
      'empty required cells, fractional debts, and a bad yes/no',
      csv(HEADER, row({ full_name: '', academic_debts: '1.5', tuition_prepaid: 'maybe' })),
      [
        { line: 2, column: 'full_name', message: /required/ },
        { line: 2, column: 'academic_debts', message: /"1.5" is not a whole number/ },
        { line: 2, column: 'tuition_prepaid', message: /not yes\/no/ },
      ],
    ],
    [
      'CEFR level D1',
      csv(HEADER, row({ english_on_transcript: 'D1' })),
      [{ line: 2, column: 'english_on_transcript', message: /./ }],
    ],
    [
      'a date that is not ISO',
      csv(HEADER, row({ updated_at: '01.09.2025' })),
      [{ line: 2, column: 'updated_at', message: /ISO/ }],
    ],
    [
      'a row with too few fields',
      csv(HEADER, row(), 'X1234,Short Row'),
      [{ line: 3, column: null, message: /2 fields, the header has 15/ }],
    ],
    [
      'an unclosed quote',
      csv(HEADER, row(), row({ full_name: '"Unclosed' })),
      [{ line: 3, column: null, message: /Quote Not Closed/ }],
    ],
    [
      'several bad rows among good ones, all listed in line order',
      csv(
        HEADER,
        row({ gpa: '4.5' }),
        master(),
        row({ student_id: 'B2', gpa: 'abc' }),
        row({ student_id: 'C3333' }),
      ),
      [
        { line: 2, column: 'gpa', message: /between 0 and 4/ },
        { line: 4, column: 'student_id', message: /4-20 letters/ },
        { line: 4, column: 'gpa', message: /not a number/ },
      ],
    ],
  ];

  test.each(cases)('%s', (_name, text, expected) => {
    const { errors } = parseStudentCsv(text);
    expect(errors).toEqual(
      expected.map((e) => ({ line: e.line, column: e.column, message: expect.stringMatching(e.message) })),
    );
  });
});

test('every record the parser returns satisfies the schema', () => {
  const { records } = parseStudentCsv(csv(HEADER, row(), master({ master_direction: 'profile' })));
  for (const r of records) expect(StudentRecord.parse(r)).toEqual(r);
});
