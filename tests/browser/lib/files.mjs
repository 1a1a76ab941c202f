// Small real documents a family attaches: a one-page PDF and a PNG photo.
import fs from "node:fs";
import path from "node:path";
import { tempDir } from "./env.mjs";

let dir = null;

function write(name, bytes) {
  dir ??= tempDir("pieces");
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return { file, name, size: bytes.length };
}

/** A valid one-page PDF (the worker checks the type from the content). */
export function samplePdf(name = "attestation-assurance.pdf") {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return write(name, Buffer.from(body, "latin1"));
}

/** A 1×1 PNG (a photo of a document, as far as the worker can tell). */
export function samplePng(name = "justificatif-domicile.png") {
  const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  return write(name, Buffer.from(png, "base64"));
}
