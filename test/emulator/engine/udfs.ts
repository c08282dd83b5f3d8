// Scalar functions the emulator adds to DuckDB, registered the way src/core/ai/duckdb-functions.ts
// registers the local target's AI functions:
//   sf_cortex_sentiment(text)            SNOWFLAKE.CORTEX.SENTIMENT: the project's local model, −1..1
//   sf_cortex_extract_answer(doc, q)     SNOWFLAKE.CORTEX.EXTRACT_ANSWER: [{"answer", "score"}] from
//                                        the local state extractor ([] when it finds no state)
//   sf_xmlget(xml, tag, n)               XMLGET over the XML VARIANT shape ("@" tag, "$" content)
//   sf_parse_xml(text)                   PARSE_XML: the root element in that shape
// The JSON-valued ones return text that the translator casts to JSON.
import { DOUBLE, DuckDBScalarFunction, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { extractState, scoreSentiment } from '../../../src/core/ai';
import { parseXml } from './xml-variant';

function scalar(name: string, returnType: DuckDBType, parameterTypes: DuckDBType[], fn: (...args: unknown[]) => unknown): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name,
    returnType,
    parameterTypes,
    mainFunction: (info, input, output) => {
      const vectors = parameterTypes.map((_, i) => input.getColumnVector(i));
      try {
        for (let row = 0; row < input.rowCount; row++) {
          const args = vectors.map((v) => v.getItem(row));
          output.setItem(row, args[0] === null ? null : (fn(...args) as never));
        }
        output.flush();
      } catch (err) {
        // A JS exception would not reach the SQL caller; make it the statement's error.
        info.setError(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  });
}

/** XMLGET(x, tag, n): the n-th (0-based) child element of x named tag, or NULL. */
export function xmlGet(xml: unknown, tag: string, n: number): unknown {
  if (xml === null || typeof xml !== 'object' || Array.isArray(xml)) return null;
  const content = (xml as Record<string, unknown>)['$'];
  const children = Array.isArray(content) ? content : content === undefined ? [] : [content];
  const matches = children.filter((c) => c !== null && typeof c === 'object' && (c as Record<string, unknown>)['@'] === tag);
  return matches[n] ?? null;
}

export async function registerEmulatorFunctions(conn: DuckDBConnection): Promise<void> {
  conn.registerScalarFunction(scalar('sf_cortex_sentiment', DOUBLE, [VARCHAR], (t) => scoreSentiment(t as string)));
  conn.registerScalarFunction(scalar('sf_cortex_extract_answer', VARCHAR, [VARCHAR, VARCHAR], (doc) => {
    const state = extractState(doc as string);
    // Cortex scores its answer; the local extractor either finds a state or not.
    return JSON.stringify(state === null ? [] : [{ answer: state, score: 1 }]);
  }));
  conn.registerScalarFunction(scalar('sf_parse_xml', VARCHAR, [VARCHAR], (x) => JSON.stringify(parseXml(x as string))));
  conn.registerScalarFunction(scalar('sf_xmlget', VARCHAR, [VARCHAR, VARCHAR, INTEGER], (x, tag, n) => {
    const hit = xmlGet(JSON.parse(x as string), tag as string, Number(n ?? 0));
    return hit === null ? null : JSON.stringify(hit);
  }));
}
