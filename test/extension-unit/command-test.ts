// Declares a unit test of one command: the test's name starts with the command id, and
// commands-covered.test.ts finds every commandTest('<id>', …) call in this folder's test files
// to check that each command contributed in package.json has at least one.
import { test } from 'node:test';

export function commandTest(id: `retailPipeline.${string}`, behaviour: string, fn: () => Promise<void> | void): void {
  test(`${id}: ${behaviour}`, fn);
}
