import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { Eta } from 'eta';
import { Language, TemplateName } from '../../domain/notification';

/** The catalogue shipped with the code: templates/email/<language>/<name>.eta and the HTML layout. */
export const CATALOGUE_DIR = join(__dirname, '../../templates/email');

/** What every template is rendered with; `data` holds the message's own fields (see samples.json). */
export interface RenderInput {
  caseId: string;
  /** The case in the staff console (CONSOLE_URL). */
  caseUrl: string;
  studentName: string;
  data: Record<string, string>;
  /** The deadline a reminder or escalation is about, in the case's time zone (Almaty). */
  due?: { iso: string; local: string };
  /** An extended deadline's date before the extension, likewise. */
  previousDue?: { iso: string; local: string };
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

type Compiled = ReturnType<Eta['compile']>;

/**
 * The message catalogue: one Eta file per template and language. A file's first line is the subject,
 * the rest after a blank line the plain-text body; the HTML part is the body in the shared layout,
 * escaped, its paragraphs and links kept. Loading checks every file against TemplateName, both ways.
 */
export class Catalogue {
  // No automatic trimming: a line ending in a value keeps its newline; a control tag trims its own (`-%>`).
  private readonly text = new Eta({ autoEscape: false, autoTrim: false });
  private readonly markup = new Eta({ autoEscape: true, autoTrim: false });
  private readonly compiled = new Map<string, { subject: Compiled; body: Compiled }>();
  private readonly layout: Compiled;

  constructor(readonly dir: string = CATALOGUE_DIR) {
    const problems = catalogueProblems(dir);
    if (problems.length > 0) throw new Error(`message catalogue ${dir}:\n  ${problems.join('\n  ')}`);
    for (const lang of Language.options) {
      for (const name of TemplateName.options) {
        const source = readFileSync(join(dir, lang, `${name}.eta`), 'utf8');
        const [subject, body] = splitSubject(source);
        this.compiled.set(`${lang}/${name}`, {
          subject: this.text.compile(subject),
          body: this.text.compile(body),
        });
      }
    }
    this.layout = this.markup.compile(readFileSync(join(dir, 'layout.html.eta'), 'utf8'));
  }

  render(template: string, language: Language, input: RenderInput): RenderedMessage {
    const t = this.compiled.get(`${language}/${template}`);
    if (!t) throw ApplicationFailure.nonRetryable(`no email template named ${template}`, 'UnknownTemplate');
    const subject = this.text.render(t.subject, input).trim();
    const text = this.text.render(t.body, input).trim() + '\n';
    const html = this.markup.render(this.layout, { subject, lang: language, body: paragraphsHtml(text) });
    return { subject, text, html };
  }
}

/** What is wrong with a catalogue folder: a name or language without a file, a file without a name. */
export function catalogueProblems(dir: string): string[] {
  const problems: string[] = [];
  for (const lang of Language.options) {
    let files: string[];
    try {
      files = readdirSync(join(dir, lang));
    } catch {
      problems.push(`no folder for language ${lang}`);
      continue;
    }
    const names = new Set(files.filter((f) => f.endsWith('.eta')).map((f) => f.slice(0, -'.eta'.length)));
    for (const name of TemplateName.options)
      if (!names.has(name)) problems.push(`${lang}/${name}.eta is missing (TemplateName names it)`);
    for (const name of names)
      if (!TemplateName.safeParse(name).success)
        problems.push(`${lang}/${name}.eta is not a TemplateName (domain/notification.ts)`);
    for (const file of files)
      if (!file.endsWith('.eta')) problems.push(`${lang}/${file} is not an .eta template`);
  }
  return problems;
}

function splitSubject(source: string): [string, string] {
  const end = source.indexOf('\n');
  const subject = end < 0 ? source : source.slice(0, end);
  return [subject, end < 0 ? '' : source.slice(end + 1)];
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The plain-text body as HTML paragraphs: escaped, blank lines separate paragraphs, URLs become links. */
function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => escapeHtml(p.trim()).replace(/\n/g, '<br>\n'))
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)}</p>`)
    .join('\n');
}
