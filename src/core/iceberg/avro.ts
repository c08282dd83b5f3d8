// The Avro side of Iceberg: the spec's manifest_file (manifest list) and manifest_entry
// (manifest) schemas with their field-id attributes, and helpers that encode/decode Avro
// object-container files in memory with avsc. Field ids matter: Iceberg readers resolve
// manifest columns by id, not by name.
import avro from 'avsc';

const nullable = (type: unknown, fieldId: number, name: string) => ({ name, type: ['null', type], default: null, 'field-id': fieldId });
/** An Iceberg map<int, long|bytes> (column id -> count or bound), as Avro encodes it: an array of
 *  key/value records with logicalType map, since Avro map keys must be strings. */
const intMap = (valueType: 'long' | 'bytes', fieldId: number, keyId: number, valueId: number, name: string) => nullable({
  type: 'array', logicalType: 'map',
  items: { type: 'record', name: `k${keyId}_v${valueId}`, fields: [
    { name: 'key', type: 'int', 'field-id': keyId },
    { name: 'value', type: valueType, 'field-id': valueId },
  ] },
}, fieldId, name);

/** Iceberg spec "Manifests", format v2, for an unpartitioned table (empty partition struct r102). */
export const MANIFEST_ENTRY_SCHEMA = {
  type: 'record', name: 'manifest_entry', fields: [
    { name: 'status', type: 'int', 'field-id': 0 },
    nullable('long', 1, 'snapshot_id'),
    nullable('long', 3, 'sequence_number'),
    nullable('long', 4, 'file_sequence_number'),
    { name: 'data_file', 'field-id': 2, type: { type: 'record', name: 'r2', fields: [
      { name: 'content', type: 'int', 'field-id': 134 },
      { name: 'file_path', type: 'string', 'field-id': 100 },
      { name: 'file_format', type: 'string', 'field-id': 101 },
      { name: 'partition', type: { type: 'record', name: 'r102', fields: [] }, 'field-id': 102 },
      { name: 'record_count', type: 'long', 'field-id': 103 },
      { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
      intMap('long', 108, 117, 118, 'column_sizes'),
      intMap('long', 109, 119, 120, 'value_counts'),
      intMap('long', 110, 121, 122, 'null_value_counts'),
      intMap('long', 137, 138, 139, 'nan_value_counts'),
      intMap('bytes', 125, 126, 127, 'lower_bounds'),
      intMap('bytes', 128, 129, 130, 'upper_bounds'),
      nullable('bytes', 131, 'key_metadata'),
      nullable({ type: 'array', items: 'long', 'element-id': 133 }, 132, 'split_offsets'),
      nullable({ type: 'array', items: 'int', 'element-id': 136 }, 135, 'equality_ids'),
      nullable('int', 140, 'sort_order_id'),
    ] } },
  ],
} as const;

/** Iceberg spec "Manifest Lists", format v2. */
export const MANIFEST_FILE_SCHEMA = {
  type: 'record', name: 'manifest_file', fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'content', type: 'int', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', 'field-id': 514 },
    nullable({ type: 'array', 'element-id': 508, items: { type: 'record', name: 'r508', fields: [
      { name: 'contains_null', type: 'boolean', 'field-id': 509 },
      nullable('boolean', 518, 'contains_nan'),
      nullable('bytes', 510, 'lower_bound'),
      nullable('bytes', 511, 'upper_bound'),
    ] } }, 507, 'partitions'),
    nullable('bytes', 519, 'key_metadata'),
  ],
} as const;

export const enum EntryStatus { EXISTING = 0, ADDED = 1, DELETED = 2 }

export interface DataFileRecord {
  content: number; // 0 = data
  file_path: string;
  file_format: string;
  partition: Record<string, never>;
  record_count: number;
  file_size_in_bytes: number;
  column_sizes: { key: number; value: number }[] | null;
  value_counts: { key: number; value: number }[] | null;
  null_value_counts: { key: number; value: number }[] | null;
  nan_value_counts: { key: number; value: number }[] | null;
  lower_bounds: { key: number; value: Buffer }[] | null;
  upper_bounds: { key: number; value: Buffer }[] | null;
  key_metadata: Buffer | null;
  split_offsets: number[] | null;
  equality_ids: number[] | null;
  sort_order_id: number | null;
}

export interface ManifestEntryRecord {
  status: EntryStatus;
  snapshot_id: number | null;
  sequence_number: number | null;
  file_sequence_number: number | null;
  data_file: DataFileRecord;
}

export interface ManifestFileRecord {
  manifest_path: string;
  manifest_length: number;
  partition_spec_id: number;
  content: number; // 0 = data manifest
  sequence_number: number;
  min_sequence_number: number;
  added_snapshot_id: number;
  added_files_count: number;
  existing_files_count: number;
  deleted_files_count: number;
  added_rows_count: number;
  existing_rows_count: number;
  deleted_rows_count: number;
  partitions: unknown[] | null;
  key_metadata: Buffer | null;
}

const entryType = avro.Type.forSchema(MANIFEST_ENTRY_SCHEMA as unknown as avro.Schema);
const manifestFileType = avro.Type.forSchema(MANIFEST_FILE_SCHEMA as unknown as avro.Schema);

/** An Avro object-container file (deflate) holding `records`, with Iceberg's key/value metadata. */
async function encodeContainer(type: avro.Type, schema: object, records: readonly object[], metadata: Record<string, string>, what: string): Promise<Buffer> {
  for (const r of records) {
    // avsc reports bad values through a 'typeError' event and drops them; check first so a
    // malformed entry fails the commit instead of silently vanishing from the manifest.
    const problems: string[] = [];
    if (!type.isValid(r, { errorHook: (path) => problems.push(path.join('.') || '(record)') })) {
      throw new Error(`${what}: invalid value at ${problems.join(', ')}`);
    }
  }
  const meta: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(metadata)) meta[k] = Buffer.from(v, 'utf8');
  // Given the schema object (not the Type), avsc writes it verbatim into the header, so the
  // field-id attributes Iceberg readers need are kept.
  const encoder = new avro.streams.BlockEncoder(schema as avro.Schema, { codec: 'deflate', writeHeader: 'always', metadata: meta } as Partial<avro.EncoderOptions>);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    encoder.on('data', (c: Buffer) => chunks.push(c));
    encoder.on('end', () => resolve());
    encoder.on('error', reject);
    encoder.on('typeError', (e: Error) => reject(new Error(`${what}: ${e.message}`)));
  });
  for (const r of records) encoder.write(r);
  encoder.end();
  await done;
  return Buffer.concat(chunks);
}

export function encodeManifest(entries: readonly ManifestEntryRecord[], metadata: Record<string, string>): Promise<Buffer> {
  return encodeContainer(entryType, MANIFEST_ENTRY_SCHEMA, entries, metadata, 'manifest');
}

export function encodeManifestList(manifests: readonly ManifestFileRecord[], metadata: Record<string, string>): Promise<Buffer> {
  return encodeContainer(manifestFileType, MANIFEST_FILE_SCHEMA, manifests, metadata, 'manifest list');
}

/** Decode every record of an Avro container (using the writer schema stored in its header). */
export async function decodeContainer<T>(bytes: Buffer, what: string): Promise<{ records: T[]; metadata: Record<string, string> }> {
  const decoder = new avro.streams.BlockDecoder();
  const records: T[] = [];
  const metadata: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    decoder.on('metadata', (_type: unknown, _codec: unknown, header: { meta: Record<string, Buffer> }) => {
      for (const [k, v] of Object.entries(header.meta)) metadata[k] = v.toString('utf8');
    });
    decoder.on('data', (r: T) => records.push(r));
    decoder.on('end', () => resolve());
    decoder.on('error', (e: Error) => reject(new Error(`${what}: not a readable Avro file (${e.message})`)));
    decoder.end(bytes);
  });
  return { records, metadata };
}
