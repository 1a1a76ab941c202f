// Messages received by tests/support/smtp_server.py: <n>-<pid>.eml (bytes as received) and
// <n>-<pid>.json (envelope), both written atomically. A small MIME reader: headers (with
// RFC 2047 encoded words), multipart bodies, quoted-printable and base64.
import fs from "node:fs";
import path from "node:path";

function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes =
        enc.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))),
              "latin1",
            );
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

function splitHeaders(raw) {
  const sep = raw.search(/\r?\n\r?\n/);
  const head = sep < 0 ? raw : raw.slice(0, sep);
  const body = sep < 0 ? "" : raw.slice(sep).replace(/^\r?\n\r?\n/, "");
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body, headers) {
  const cte = (headers["content-transfer-encoding"] || "").toLowerCase();
  const charset = ((headers["content-type"] || "").match(/charset="?([^";]+)"?/i) || [])[1] || "utf-8";
  let bytes;
  if (cte === "base64") bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  else if (cte === "quoted-printable") {
    const soft = body.replace(/=\r?\n/g, "");
    bytes = Buffer.from(soft.replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), "latin1");
  } else bytes = Buffer.from(body, "latin1");
  return new TextDecoder(charset.toLowerCase()).decode(bytes);
}

/** Leaf parts of a message: [{type, text}]. */
function parts(raw) {
  const { headers, body } = splitHeaders(raw);
  const type = (headers["content-type"] || "text/plain").toLowerCase();
  const boundary = (headers["content-type"] || "").match(/boundary="?([^";]+)"?/i);
  if (type.startsWith("multipart/") && boundary) {
    const chunks = body.split(`--${boundary[1]}`).slice(1);
    return chunks.filter((c) => !c.startsWith("--")).flatMap((c) => parts(c.replace(/^\r?\n/, "")));
  }
  return [{ type: type.split(";")[0].trim(), text: decodeBody(body, headers) }];
}

export function parseEml(raw) {
  const { headers } = splitHeaders(raw);
  const all = parts(raw);
  // Raw 8-bit header bytes (read as latin1) are UTF-8; encoded words are decoded after.
  const header = (v) => decodeWords(Buffer.from(v || "", "latin1").toString("utf8"));
  return {
    headers,
    subject: header(headers.subject),
    from: header(headers.from),
    to: header(headers.to),
    text: all.filter((p) => p.type === "text/plain").map((p) => p.text).join("\n"),
    html: all.filter((p) => p.type === "text/html").map((p) => p.text).join("\n"),
  };
}

/** Every message received so far: {envelope, ...parseEml}. */
export function received(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => {
      const eml = path.join(dir, f.replace(/\.json$/, ".eml"));
      if (!fs.existsSync(eml)) return [];
      const envelope = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
      return [{ file: eml, envelope, ...parseEml(fs.readFileSync(eml, "latin1")) }];
    });
}

/** Waits for a message to `recipient` (the worker's sender delivers within seconds). */
export async function waitForMail(dir, recipient, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = received(dir).find((m) => m.envelope.rcpt_tos.some((r) => r.toLowerCase() === recipient.toLowerCase()));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = received(dir).map((m) => m.envelope.rcpt_tos.join(",")).join(" ; ") || "aucun";
      throw new Error(`Aucun courriel pour ${recipient} reçu par le serveur SMTP en ${timeoutMs / 1000} s (reçus : ${seen}).`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
