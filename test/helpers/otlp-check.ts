// Checks of the OTLP/JSON mapping shared by the trace and metrics export tests: every attribute
// list is key/value pairs whose value is exactly one AnyValue field (opentelemetry-proto's JSON
// mapping), integers as decimal strings.
import assert from 'node:assert/strict';
import type { AnyValue } from '../../src/core/telemetry/otlp';

const ANY_KEYS = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue'];
export function checkAnyValue(v: AnyValue, where: string): void {
  const keys = Object.keys(v);
  assert.equal(keys.length, 1, `${where}: one AnyValue field`);
  assert.ok(ANY_KEYS.includes(keys[0]), `${where}: ${keys[0]}`);
  if ('intValue' in v) assert.match(v.intValue, /^-?\d+$/, where);
  if ('arrayValue' in v) v.arrayValue.values.forEach((x, i) => checkAnyValue(x, `${where}[${i}]`));
  if ('kvlistValue' in v) v.kvlistValue.values.forEach((x) => checkAnyValue(x.value, `${where}.${x.key}`));
}
export function checkAttributes(list: unknown, where: string): void {
  assert.ok(Array.isArray(list), `${where}: attributes is a list`);
  for (const kv of list as { key: string; value: AnyValue }[]) {
    assert.equal(typeof kv.key, 'string');
    checkAnyValue(kv.value, `${where}.${kv.key}`);
  }
}

