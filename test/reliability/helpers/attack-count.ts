// The attack tests count the attempts they show blocked and print the count when their file's
// tests end ("attacks (…): N, all blocked"), but only claim "all blocked" when every test of the
// file passed. Used by the three test/reliability/attacks-*.test.ts files.
import { after, test, type TestContext } from 'node:test';

export const INJECTION = 'x"; drop table y; --';
export const MYSQL_INJECTION = 'x`; drop table y; --';

export function attackCounter(label: string): {
  attack: (name: string, opts: { timeout?: number }, fn: (t: TestContext) => Promise<void> | void) => void;
  blockedBy: (n?: number) => void;
} {
  /** Attack attempts shown to be blocked; printed when every test passed. */
  let blocked = 0;
  let failedTests = 0;
  const blockedBy = (n = 1) => { blocked += n; };
  after(() => {
    console.log(failedTests === 0 ? `${label}: ${blocked}, all blocked` : `${label}: ${blocked} blocked, ${failedTests} test(s) failed`);
  });
  /** A test whose failure is counted, so the summary never claims "all blocked" falsely. */
  function attack(name: string, opts: { timeout?: number }, fn: (t: TestContext) => Promise<void> | void): void {
    test(name, opts, async (t) => {
      try {
        await fn(t);
      } catch (e) {
        failedTests++;
        throw e;
      }
    });
  }
  return { attack, blockedBy };
}
