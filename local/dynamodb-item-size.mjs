// DynamoDB counts an item's strings (attribute names, S, SS, map keys) in UTF-8 bytes against its
// 400 KB limit; dynalite counts characters, so an item of Danish text up to twice the limit would
// pass locally and fail on AWS. This makes dynalite's size (used by PutItem, UpdateItem and
// BatchWriteItem validation) count UTF-8 bytes, leaving its other rules as they are.
// Plain JavaScript: it runs in the emulator worker without the TypeScript loader.

/** The bytes a value's strings take beyond their length in characters. */
function extraBytes(value) {
  const [type, v] = Object.entries(value)[0] ?? [];
  const extra = (s) => Buffer.byteLength(s, 'utf8') - s.length;
  switch (type) {
    case 'S': return extra(v);
    case 'SS': return v.reduce((n, s) => n + extra(s), 0);
    case 'M': return Object.entries(v).reduce((n, [k, inner]) => n + extra(k) + extraBytes(inner), 0);
    case 'L': return v.reduce((n, inner) => n + extraBytes(inner), 0);
    default: return 0;
  }
}

/** Wraps dynalite's db.itemSize for the limit check (the uncompressed size without metadata). */
export function countItemSizeInUtf8(db) {
  const original = db.itemSize;
  db.itemSize = function itemSize(item, compress, addMetaSize, rangeKey) {
    const size = original(item, compress, addMetaSize, rangeKey);
    if (compress || addMetaSize) return size;
    return size + Object.entries(item).reduce((n, [name, v]) => n + Buffer.byteLength(name, 'utf8') - name.length + extraBytes(v), 0);
  };
}
