// The system under test: the real SMTP server of tests/support and `dossiersco demo`, each a
// child process on 127.0.0.1 with a free port, in temporary directories. Children are always
// killed when this process ends, whatever the way it ends.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const children = new Set();
const tmpDirs = [];

function killAll(signal) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        /* already gone */
      }
    }
  }
}

/** Stops every child (SIGTERM, then SIGKILL after a grace period) and removes the temp dirs. */
export async function cleanup({ keep = false } = {}) {
  killAll("SIGTERM");
  const deadline = Date.now() + 5000;
  for (const child of children) {
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  killAll("SIGKILL");
  children.clear();
  if (!keep) {
    for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.on("exit", () => killAll("SIGKILL"));
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    killAll("SIGKILL");
    process.exit(130);
  });
}

export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dossiersco-${prefix}-`));
  tmpDirs.push(dir);
  return dir;
}

/** Starts a child and resolves with the first stdout match of `ready`, or rejects with its output. */
function startChild(name, cmd, args, { ready, cwd, timeoutMs = 60000 }) {
  const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } });
  children.add(child);
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
    if (err.length > 200000) err = err.slice(-100000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${name} n'a pas démarré en ${timeoutMs / 1000} s.\n${out}\n${err}`));
    }, timeoutMs);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => out, errors: () => err });
      }
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${name} : ${e.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} s'est arrêté (code ${code}, signal ${signal}) :\n${out}\n${err}`));
    });
  });
}

/** tests/support/smtp_server.py on a free port; messages land in `dir`. */
export async function startSmtp(dir) {
  const script = path.join(ROOT, "tests/support/smtp_server.py");
  const { match } = await startChild("Serveur SMTP de test", "python3", [script, "--port", "0", "--dir", dir], {
    ready: /PORT (\d+)/,
    timeoutMs: 20000,
  });
  return { port: Number(match[1]), dir };
}

export function dossierscoBin() {
  const bin =
    process.env.DOSSIERSCO_BIN ||
    path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "release/dossiersco");
  if (!fs.existsSync(bin)) {
    throw new Error(
      `Binaire introuvable : ${bin}. Construisez-le (cargo build --release --bin dossiersco) ` +
        `ou donnez son chemin dans DOSSIERSCO_BIN.`,
    );
  }
  return bin;
}

/** `dossiersco demo` on a free port with its own var dir, sending mail to the test SMTP server. */
export async function startDemo({ varDir, smtpPort }) {
  const args = ["demo", "--port", "0", "--var", varDir, "--smtp-url", `smtp://127.0.0.1:${smtpPort}`];
  const demo = await startChild("dossiersco demo", dossierscoBin(), args, {
    ready: /Site : (http:\/\/127\.0\.0\.1:\d+)\//,
    cwd: ROOT,
    timeoutMs: 120000,
  });
  return {
    base: demo.match[1],
    varDir,
    db: path.join(varDir, "dossiersco.sqlite"),
    logs: demo.errors,
    logins: readCodes(path.join(varDir, "demo-codes.csv")),
  };
}

/** <var>/demo-codes.csv: uai;prenom;nom;classe;date_naissance;code;remarque (the remark may hold ';'). */
export function readCodes(file) {
  const lines = fs.readFileSync(file, "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [uai, prenom, nom, classe, dateNaissance, code, ...remarque] = line.split(";");
    return { uai, prenom, nom, classe, dateNaissance, code, remarque: remarque.join(";") };
  });
}

/** Read-only query of the demo database through Python's sqlite3; rows as objects. */
export function sql(db, query, params = []) {
  const program = [
    "import json, sqlite3, sys",
    "c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)",
    "c.row_factory = sqlite3.Row",
    "rows = c.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall()",
    "print(json.dumps([dict(r) for r in rows]))",
  ].join("\n");
  const r = spawnSync("python3", ["-c", program, db, query, JSON.stringify(params)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`Requête SQL refusée (${query}) : ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The pupil's row, its last submission's values and the pre-fill the import built. */
export function dossierOf(db, login) {
  const [eleve] = sql(
    db,
    "SELECT id, etat, prefill, mef_destination FROM eleves WHERE uai = ? AND prenom = ? AND nom = ? AND date_naissance = ?",
    [login.uai, login.prenom, login.nom, login.dateNaissance],
  );
  if (!eleve) throw new Error(`Élève ${login.prenom} ${login.nom} absent de la base`);
  const [soumission] = sql(db, "SELECT valeurs, transmis_le FROM soumissions WHERE eleve_id = ? ORDER BY id DESC LIMIT 1", [
    eleve.id,
  ]);
  const [brouillon] = sql(db, "SELECT valeurs FROM brouillons WHERE eleve_id = ?", [eleve.id]);
  return {
    id: eleve.id,
    etat: eleve.etat,
    mef: eleve.mef_destination,
    prefill: JSON.parse(eleve.prefill),
    soumission: soumission ? JSON.parse(soumission.valeurs) : null,
    brouillon: brouillon ? JSON.parse(brouillon.valeurs) : null,
  };
}
