/**
 * The spellings under which a secret's value can leave a process: as is, escaped
 * inside JSON, URL-encoded, hex, and base64. Each is redacted like the value.
 */
export interface SecretForm {
  form: "raw" | "json" | "url" | "hex" | "base64" | "base64url";
  text: string;
}

/**
 * Spellings shorter than this are not redacted: they would match ordinary text.
 * Values are at least MIN_SECRET_LENGTH (8) characters, so every form of a real
 * value is longer than this.
 */
export const MIN_FORM_LENGTH = 6;

export function secretForms(value: string): SecretForm[] {
  const bytes = Buffer.from(value, "utf8");
  const forms: SecretForm[] = [{ form: "raw", text: value }];
  forms.push({ form: "json", text: JSON.stringify(value).slice(1, -1) });
  const url = encodeURIComponent(value);
  forms.push({ form: "url", text: url });
  forms.push({ form: "url", text: url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()) });
  forms.push({ form: "url", text: url.replace(/%20/g, "+") });
  // encodeURIComponent leaves !'()* alone; stricter encoders (RFC 3986) escape them.
  forms.push({ form: "url", text: url.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) });
  forms.push({ form: "hex", text: bytes.toString("hex") });
  forms.push({ form: "hex", text: bytes.toString("hex").toUpperCase() });
  for (let offset = 0; offset < 3; offset++) {
    forms.push({ form: "base64", text: base64Core(bytes, offset, "base64") });
    forms.push({ form: "base64url", text: base64Core(bytes, offset, "base64url") });
  }
  const seen = new Set<string>();
  return forms.filter((f) => {
    if (f.text.length < MIN_FORM_LENGTH || seen.has(f.text)) return false;
    seen.add(f.text);
    return true;
  });
}

/**
 * The base64 characters fixed by `bytes` alone when they sit `offset` bytes
 * (mod 3) into a longer encoded text. Base64 encodes 3 bytes as 4 characters, so
 * a value inside a larger blob (an `Authorization: Basic` of "user:value", a
 * JSON document encoded whole) shows up as one of three spellings of its middle;
 * the characters it shares with its neighbours at either end are left out.
 */
export function base64Core(bytes: Buffer, offset: number, encoding: "base64" | "base64url"): string {
  const padded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]);
  const encoded = padded.toString(encoding);
  const first = offset;
  const last = offset + bytes.length - 1;
  let core = "";
  for (let i = 0; i < encoded.length; i++) {
    const fromByte = Math.floor((6 * i) / 8);
    const toByte = Math.floor((6 * i + 5) / 8);
    if (fromByte >= first && toByte <= last) core += encoded[i];
  }
  return core;
}
