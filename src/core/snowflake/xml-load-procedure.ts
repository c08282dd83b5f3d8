// The XML load procedures on Snowflake (usp_loadCustomerPreferences_xml,
// usp_loadProductSpecification_xml), generated from the manifest's XML mapping (rowTag, idTag,
// itemTag, fields): the same mapping the local reader (src/core/sources/xml-rowtag.ts) uses, so
// the two targets cannot drift apart, and one template instead of two hand-written copies.
//
// Like the local reader, a file may or may not have a root element: customer_preferences.xml is
// many top-level <customer> elements after an XML declaration. COPY with TYPE = XML would treat
// such a file as one malformed document, so the file is read whole as text (a CSV format with
// FIELD_DELIMITER = NONE and RECORD_DELIMITER = NONE makes the file one record of one field;
// SKIP_BYTE_ORDER_MARK is on by default), its XML declaration removed, wrapped in a synthetic
// <rows> root and parsed with PARSE_XML. A recursive FLATTEN then finds every <rowTag> element at
// any depth, under the synthetic root or under the file's own root. Limit: the file must fit in
// one VARCHAR value (Snowflake's maximum VARCHAR length).
import type { TaskDef, XmlSource } from '../manifest';
import { table as tableDef } from '../manifest';
import { snowflakeLiteral as lit } from '../sql/identifiers';
import { sqlProcedureHead } from './sql-procedure';
import { EVENT_ATTRS_DECLARATION, procedureEnding, taskStartedEvent } from './task-events';

/** The file as one text value: no field or record delimiter, no escape processing. */
export const WHOLE_FILE_TEXT_FORMAT = 'TYPE = CSV FIELD_DELIMITER = NONE RECORD_DELIMITER = NONE ESCAPE_UNENCLOSED_FIELD = NONE FIELD_OPTIONALLY_ENCLOSED_BY = NONE ENCODING = \'UTF8\'';

/** Removes a leading XML declaration, which may not appear inside the synthetic root. */
export const XML_DECLARATION_PATTERN = '^\\s*<\\?xml[^>]*\\?>';

/** CREATE OR REPLACE PROCEDURE for a `load-xml` task of the manifest. */
export function xmlLoadProcedure(t: TaskDef): string {
  const src = t.source as XmlSource | undefined;
  if (t.kind !== 'load-xml' || src?.kind !== 'xml' || !t.procedure) throw new Error(`${t.name} is not an XML load task`);
  const bronze = t.writes[0];
  const def = tableDef(bronze);
  const [idColumn, ...rest] = def.columns.map((c) => c.name);
  // The bronze columns after the id, source_file and last_updated are the item fields, in order.
  const fieldColumns = rest.slice(2);
  const fieldNames = src.fields.map(([, column]) => column);
  if (fieldColumns.join(',') !== fieldNames.join(',')) {
    throw new Error(`${bronze}: columns ${fieldColumns.join(', ')} do not match the XML mapping of ${t.name} (${fieldNames.join(', ')})`);
  }
  const raw = `raw_${src.file.replace(/\W/g, '_')}`;
  const fields = src.fields.map(([tag, column]) => `XMLGET(item.value, ${lit(tag)}):"$"::VARCHAR AS ${column}`);
  return `${sqlProcedureHead(t)}
  loaded INTEGER DEFAULT 0;
${EVENT_ATTRS_DECLARATION}
BEGIN
${taskStartedEvent(t.name)}
  CREATE OR REPLACE TEMPORARY TABLE ${raw} (doc VARCHAR);
  COPY INTO ${raw}
    FROM @SOURCE_FILES/${src.file}
    FILE_FORMAT = (${WHOLE_FILE_TEXT_FORMAT})
    ON_ERROR = ABORT_STATEMENT
    FORCE = TRUE;
  CREATE OR REPLACE TABLE ${bronze} AS
  WITH parsed AS (
    SELECT PARSE_XML('<rows>' || REGEXP_REPLACE(doc, ${lit(XML_DECLARATION_PATTERN)}, '') || '</rows>') AS root
    FROM ${raw}
  ),
  records AS (
    SELECT r.value AS rec
    FROM parsed, LATERAL FLATTEN(input => parsed.root, RECURSIVE => TRUE) AS r
    WHERE GET(r.value, '@') = ${lit(src.rowTag)}
  )
  SELECT XMLGET(records.rec, ${lit(src.idTag)}):"$"::VARCHAR AS ${idColumn},
         ${lit(src.file)} AS source_file,
         CURRENT_TIMESTAMP()::TIMESTAMP_NTZ AS last_updated,
         ${fields.join(',\n         ')}
  FROM records,
       LATERAL FLATTEN(input => TO_ARRAY(records.rec:"$")) AS item
  WHERE GET(item.value, '@') = ${lit(src.itemTag)};
  loaded := (SELECT COUNT(*) FROM ${bronze});
  SYSTEM$LOG_INFO(${lit(`${bronze}: `)} || loaded || ' rows loaded');
  -- Every <${src.itemTag}> of the file becomes a row (ON_ERROR = ABORT_STATEMENT fails the whole
  -- file instead of skipping a part), so rows read = rows written and none are rejected.
${procedureEnding(t.name, { read: 'loaded', written: 'loaded', rejected: '0' }, `${lit(`${bronze}: `)} || loaded || ' rows loaded'`)}`;
}
