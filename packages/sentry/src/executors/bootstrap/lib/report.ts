export type Outcome = 'created' | 'renamed' | 'updated' | 'adopted' | 'unchanged' | 'deleted' | 'skipped';

const outcomes: Outcome[] = ['created', 'renamed', 'updated', 'adopted', 'unchanged', 'deleted', 'skipped'];
const column = Math.max(...outcomes.map((outcome) => outcome.length)) + 2;

interface Change {
  outcome: Outcome;
  subject: string;
  detail?: string;
}

/**
 * What one run did, one line per Sentry object, then the sections that carry next steps (DSNs, the CI
 * token, GitHub). Printed whole at the end — or, after a failure, up to the step that failed.
 */
export class Report {
  private readonly changes: Change[] = [];
  private readonly sections: Array<{ title: string; lines: string[] }> = [];

  constructor(private readonly heading: string) {}

  record(outcome: Outcome, subject: string, detail?: string): void {
    this.changes.push({ outcome, subject, ...(detail ? { detail } : {}) });
  }

  section(title: string, lines: string[]): void {
    this.sections.push({ title, lines });
  }

  get isEmpty(): boolean {
    return this.changes.length === 0 && this.sections.length === 0;
  }

  count(outcome: Outcome): number {
    return this.changes.filter((change) => change.outcome === outcome).length;
  }

  render(): string {
    const changeLines = this.changes.map(
      ({ outcome, subject, detail }) =>
        `  ${outcome.padEnd(column)}${subject}${detail ? ` — ${detail}` : ''}`,
    );
    const sectionLines = this.sections.flatMap(({ title, lines }) => [
      title,
      ...lines.map((line) => `  ${line}`),
    ]);
    const summary = outcomes
      .filter((outcome) => this.count(outcome) > 0)
      .map((outcome) => `${this.count(outcome)} ${outcome}`)
      .join(', ');
    return [this.heading, ...changeLines, ...sectionLines, `Summary: ${summary || 'nothing to do'}.`].join(
      '\n',
    );
  }
}
