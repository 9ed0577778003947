/**
 * YAML for plain JSON data (what the API answers): block style, two-space indent, strings plain
 * where YAML reads them back as the same string, else double-quoted (JSON escapes are valid YAML).
 */
export function toYaml(value: unknown): string {
  const data: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return `${(isInline(data) ? [inline(data)] : lines(data, '')).join('\n')}\n`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Plain scalars that some YAML reader (1.1 or 1.2) takes for something other than a string:
// null, booleans, numbers, and timestamps such as every `createdAt`.
const RESERVED = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\.inf|\.nan|[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|0x[0-9a-f]+|0o[0-7]+|\.[0-9]+))$|^\d{4}-\d\d?-\d\d?(?:[Tt\s]|$)/i;
const PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*$/;
// JSON escapes the C0 controls; YAML readers also refuse these raw.
const UNPRINTABLE = /[\x7f-\x9f\u2028\u2029\ufeff]/g;

function string(s: string): string {
  const plain = PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') && !s.includes(': ') && !s.includes(' #') && !s.endsWith(':');
  return plain ? s : JSON.stringify(s).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isInline(v: unknown): boolean {
  return v === null || typeof v !== 'object' || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
}

function inline(v: unknown): string {
  if (typeof v === 'string') return string(v);
  if (Array.isArray(v)) return '[]';
  if (v !== null && typeof v === 'object') return '{}';
  return String(v);
}

function lines(v: unknown, indent: string): string[] {
  const nested = `${indent}  `;
  if (Array.isArray(v)) {
    return (v as Json[]).flatMap((item) => {
      if (isInline(item)) return [`${indent}- ${inline(item)}`];
      const [first = '', ...rest] = lines(item, nested);
      return [`${indent}- ${first.slice(nested.length)}`, ...rest];
    });
  }
  return Object.entries(v as { [key: string]: Json }).flatMap(([key, item]) =>
    isInline(item) ? [`${indent}${string(key)}: ${inline(item)}`] : [`${indent}${string(key)}:`, ...lines(item, nested)],
  );
}
