// Path and query normalisation, so that a path rule sees one spelling per resource: "/a/%2e%2e/admin" and
// "/admin" are the same request once the server resolves dot segments, so they must be the same to a rule.

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// RFC 3986 pchar without "%" (unreserved, sub-delims, ":", "@"), plus the "/" between segments.
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/;
const QUERY_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?]$/;

export type Normalised = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Decodes escapes of unreserved characters, upper-cases the hex of the others (so %2f and %2F compare equal),
 * and escapes characters a URL may not carry raw. Reserved escapes such as %2F stay encoded: decoding them
 * would change the request. A "%" not followed by two hex digits is refused, as parsers disagree about it.
 */
function normaliseEscapes(text: string, allowed: RegExp, what: string): Normalised {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (ch === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/i.test(hex)) return { ok: false, reason: `malformed percent escape in the ${what} at '${text.slice(i, i + 3)}'; write %25 for a literal '%'` };
      const decoded = String.fromCharCode(parseInt(hex, 16));
      out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
      i += 2;
    } else {
      out += allowed.test(ch) ? ch : `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return { ok: true, text: out };
}

/** RFC 3986 remove_dot_segments on an absolute path ("" counts as "/"). ".." never climbs above the root. */
export function removeDotSegments(path: string): string {
  const segments = path.split("/").slice(1);
  const out: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const isLast = i === segments.length - 1;
    if (segment === "..") {
      out.pop();
      if (isLast) out.push("");
    } else if (segment === ".") {
      if (isLast) out.push("");
    } else {
      out.push(segment);
    }
  }
  return `/${out.join("/")}`;
}

/** Normalises the raw path of an http(s) URL (starting with "/" or empty). Dot segments spelled %2e are resolved too, as servers do. */
export function normalisePath(rawPath: string): Normalised {
  const escaped = normaliseEscapes(rawPath === "" ? "/" : rawPath, PATH_CHAR, "path");
  if (!escaped.ok) return escaped;
  return { ok: true, text: removeDotSegments(escaped.text) };
}

/** Normalises the raw query (the text after "?", without it). */
export function normaliseQuery(rawQuery: string): Normalised {
  return normaliseEscapes(rawQuery, QUERY_CHAR, "query");
}
