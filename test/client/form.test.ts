import { booleanOrText, numberOrText } from '../../client/form';
import { UploadFields } from '../../client/documents';

describe('form and command-line values reach the schema as typed, or as text it refuses by name', () => {
  test.each([
    ['6.5', 6.5],
    ['7', 7],
    ['', ''],
    ['  ', '  '],
    ['six', 'six'],
    [undefined, undefined],
  ])('numberOrText(%j) -> %j', (text, value) => {
    expect(numberOrText(text)).toBe(value);
  });

  test.each([
    ['true', true],
    ['false', false],
    ['yes', 'yes'],
    ['', ''],
    [undefined, undefined],
  ])('booleanOrText(%j) -> %j', (text, value) => {
    expect(booleanOrText(text)).toBe(value);
  });

  test.each([
    ['ieltsScore', { ieltsScore: numberOrText('') }],
    ['ieltsScore', { ieltsScore: numberOrText('six') }],
    ['englishConfirmedByStaff', { englishConfirmedByStaff: booleanOrText('yes') }],
  ])('an upload with a bad %s is refused naming it', (field, extra) => {
    const parsed = UploadFields.safeParse({
      kind: 'ielts_certificate',
      actor: { id: 'a', role: 'student' },
      fileName: 'trf.pdf',
      ...extra,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });
});
