// XML -> Snowflake's XML VARIANT shape: an element is {"@": tag, "$": content, "@attr": value};
// content is the text, the single child, or an array of children (elements and text) when there
// are several. The file's records are its top-level elements (a root-less file has many; that
// Snowflake loads such a file so is not confirmed by its documentation), or with
// STRIP_OUTER_ELEMENT the root's children.
// Known gap: text stays a string (Snowflake may type numeric text as a number; ::VARCHAR agrees).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false,
  trimValues: true, ignoreDeclaration: true, ignorePiTags: true, commentPropName: '#comment',
});

function toVariant(node: Ordered): Record<string, unknown> | string | undefined {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (tag === undefined || tag === '#comment') return undefined;
  if (tag === '#text') {
    const text = String(node['#text']);
    return text === '' ? undefined : text;
  }
  const out: Record<string, unknown> = { '@': tag };
  const attrs = node[':@'] as Record<string, string> | undefined;
  for (const [k, v] of Object.entries(attrs ?? {})) out[`@${k}`] = v;
  const children = ((node[tag] as Ordered[]) ?? []).map(toVariant).filter((c) => c !== undefined);
  if (children.length === 1) out['$'] = children[0];
  else if (children.length > 1) out['$'] = children;
  return out;
}

export interface XmlRecords { readonly records: unknown[]; readonly error?: { message: string; line: number } }

/** Parses a whole XML file into its records (see above). A malformed file yields an error and
 *  no records: the parser cannot re-synchronise inside broken markup. */
export function xmlRecords(text: string, stripOuterElement: boolean): XmlRecords {
  // The validator wants one root: wrap, so files with many top-level elements are accepted.
  const body = text.replace(/^\uFEFF?\s*<\?xml[^>]*\?>/, '');
  const wrapped = `<sf-records>${body}</sf-records>`;
  const valid = XMLValidator.validate(wrapped);
  if (valid !== true) return { records: [], error: { message: valid.err.msg, line: valid.err.line } };
  const [root] = parser.parse(wrapped) as Ordered[];
  const top = ((root['sf-records'] as Ordered[]) ?? []).map(toVariant).filter((r): r is Record<string, unknown> => typeof r === 'object');
  if (!stripOuterElement) return { records: top };
  const records: unknown[] = [];
  for (const el of top) {
    const content = el['$'];
    for (const c of Array.isArray(content) ? content : content === undefined ? [] : [content]) if (typeof c === 'object') records.push(c);
  }
  return { records };
}

/** PARSE_XML(text): the document's single root element as an XML VARIANT. */
export function parseXml(text: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`Error parsing XML: ${valid.err.msg}, line ${valid.err.line}`);
  const roots = (parser.parse(text) as Ordered[]).map(toVariant).filter((r): r is Record<string, unknown> => typeof r === 'object');
  if (roots.length !== 1) throw new Error(`Error parsing XML: expected one root element, found ${roots.length}`);
  return roots[0];
}
