/** One drilled step of a runbook: a fenced `sh` block whose first line is `# drill: <name>`. */
export interface RunbookStep {
  name: string;
  /** The block's lines after the marker, as the runbook shows them. */
  script: string;
}

/**
 * The drilled steps of a runbook (pure): every fenced ```sh block that starts with `# drill: <name>`, in
 * order. The drill runs exactly these lines, so a runbook whose commands change is drilled as written.
 */
export function runbookSteps(markdown: string): RunbookStep[] {
  const steps: RunbookStep[] = [];
  const block = /```sh\n# drill: ([\w-]+)\n([\s\S]*?)```/g;
  for (let m = block.exec(markdown); m; m = block.exec(markdown)) steps.push({ name: m[1]!, script: m[2]!.trimEnd() });
  return steps;
}

/** The step named `name` of `steps`; throws naming the runbook when it is missing (pure). */
export function stepNamed(steps: readonly RunbookStep[], name: string, runbook: string): RunbookStep {
  const step = steps.find((s) => s.name === name);
  if (!step) throw new Error(`${runbook} has no drilled step "${name}" (a \`\`\`sh block starting with "# drill: ${name}")`);
  return step;
}
