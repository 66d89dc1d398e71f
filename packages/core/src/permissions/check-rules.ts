import { fieldPatternMatcher } from '@casl/ability';
import type { RuleFact, RuleFacts } from './rule-facts';

/** What the start-up check needs to know about one declared subject. */
interface DeclaredSubject {
  readonly fields?: readonly string[];
}

/**
 * Lists the mistakes in a permission model that would otherwise pass silently: a rule naming a
 * subject that is not declared, a field list or a condition naming a field the subject does not
 * have, a condition with a top-level `$or`/`$and` (which CASL's default matcher takes for a field
 * name). A typo in a field rule would grant or hide nothing, and a typo in a condition would
 * never match, so each is reported at start-up instead.
 *
 * @param facts - The rules of every role and scope, read once with a probe principal.
 * @param subjects - The declared subjects and, where known, their fields.
 * @returns One sentence per problem; empty when the model is consistent.
 */
export function ruleProblems(
  facts: RuleFacts,
  subjects: Readonly<Record<string, DeclaredSubject>>,
): string[] {
  const problems: string[] = [];
  const sets = [
    ...Object.entries(facts.roles).map(([name, list]) => [`role "${name}"`, list] as const),
    ...Object.entries(facts.scopes).map(([name, list]) => [`scope "${name}"`, list] as const),
  ];
  for (const [owner, list] of sets) {
    for (const fact of list) problems.push(...factProblems(owner, fact, subjects));
  }
  return [...new Set(problems)];
}

function factProblems(
  owner: string,
  fact: RuleFact,
  subjects: Readonly<Record<string, DeclaredSubject>>,
): string[] {
  const problems: string[] = [];
  for (const key of fact.conditionFields.filter((path) => path.startsWith('$'))) {
    problems.push(
      `${owner}: a condition uses "${key}", which CASL reads as a field name, so the rule never matches; write one rule per alternative instead.`,
    );
  }
  for (const subject of fact.subjects) {
    if (subject === 'all') continue;
    if (!Object.hasOwn(subjects, subject)) {
      problems.push(`${owner}: a rule names the undeclared subject "${subject}".`);
      continue;
    }
    const declared = subjects[subject]?.fields;
    if (declared === undefined) continue;
    for (const field of fact.fields ?? []) {
      if (!matchesSomeField(field, declared)) {
        problems.push(`${owner}: a rule on "${subject}" names the unknown field "${field}".`);
      }
    }
    for (const path of fact.conditionFields) {
      const head = path.split('.')[0] as string;
      if (!declared.includes(head) && !path.startsWith('$')) {
        problems.push(`${owner}: a condition on "${subject}" reads the unknown field "${path}".`);
      }
    }
  }
  return problems;
}

function matchesSomeField(field: string, declared: readonly string[]): boolean {
  if (!field.includes('*')) return declared.includes(field) || declared.includes(head(field));
  const matches = fieldPatternMatcher([field]);
  return declared.some((candidate) => matches(candidate));
}

/** `owner.name` may be restricted when `owner` is a declared field (a relation or an object). */
function head(field: string): string {
  return field.split('.')[0] as string;
}
