//! The PostgreSQL engine: a pool of tokio-postgres clients (deadpool-postgres), TLS with
//! rustls, migrations under an advisory lock.
//!
//! The store's API is synchronous (SQLite is), so each call blocks its thread on the query:
//! the clients' connection tasks run on the engine's own small runtime, and the calling
//! thread only waits on channels. On a worker thread of a multi-threaded tokio runtime the
//! wait is wrapped in `block_in_place`, so the runtime moves its other tasks elsewhere.

use crate::conn::{to_postgres_placeholders, Error, Result, Value};
use anyhow::Context;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, OnceLock, RwLock};
use tokio::runtime::{Handle, Runtime, RuntimeFlavor};
use tokio_postgres::types::{IsNull, ToSql, Type};

/// Migrations, in the same numbered sequence as SQLite's (one file beside each of them).
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_initial.sql"),
    include_str!("../migrations/postgres/0002_outbox_expediteur_statistiques.sql"),
    include_str!("../migrations/postgres/0003_personnel.sql"),
    include_str!("../migrations/postgres/0004_pieces.sql"),
    include_str!("../migrations/postgres/0005_session_eleves.sql"),
    include_str!("../migrations/postgres/0006_tentatives_appareil.sql"),
    include_str!("../migrations/postgres/0007_limites_jour.sql"),
    include_str!("../migrations/postgres/0008_historique.sql"),
    include_str!("../migrations/postgres/0009_historique.sql"),
    include_str!("../migrations/postgres/0012_codes_siecle.sql"),
    include_str!("../migrations/postgres/0013_langue_famille.sql"),
    include_str!("../migrations/postgres/0014_courriel_rendu_a_l_envoi.sql"),
    include_str!("../migrations/postgres/0015_index_soumissions.sql"),
    include_str!("../migrations/postgres/0018_outbox_sans_index_par_eleve.sql"),
];

/// Key of the advisory lock taken while migrating ("dossiersco" in ASCII, truncated).
const MIGRATION_LOCK: i64 = 0x646f_7373_6965_7273;

/// Whether `db` names a PostgreSQL server rather than a SQLite file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Connections per pool unless `DOSSIERSCO_DB_POOL` says otherwise.
const DEFAULT_POOL: usize = 16;

/// The database at `url`, opened (and migrated) on first use, then shared by every caller in
/// this process: the worker's readers, its writer and its sender draw from one pool.
pub fn database(url: &str) -> anyhow::Result<PgDatabase> {
    static OPEN: OnceLock<std::sync::Mutex<HashMap<String, PgDatabase>>> = OnceLock::new();
    let mut open = OPEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(db) = open.get(url) {
        return Ok(db.clone());
    }
    let max = std::env::var("DOSSIERSCO_DB_POOL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_POOL);
    let db = PgDatabase::open(url, max).with_context(|| format!("base PostgreSQL {}", redact(url)))?;
    open.insert(url.to_owned(), db.clone());
    Ok(db)
}

/// `url` without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => format!("{}:***@{host}", user.split(':').next().unwrap_or("")),
        None => authority.to_owned(),
    };
    let tail = tail.split('?').next().unwrap_or("");
    format!("{scheme}://{authority}{tail}")
}

/// A PostgreSQL database: its pool and the runtime its connections live on. Cheap to clone.
#[derive(Clone)]
pub struct PgDatabase {
    shared: Arc<Shared>,
}

struct Shared {
    pool: Pool,
    runtime: Option<Runtime>,
    handle: Handle,
}

impl Drop for Shared {
    fn drop(&mut self) {
        // Dropping a runtime blocks; this one may be dropped from async code.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

impl std::fmt::Debug for PgDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgDatabase")
    }
}

impl PgDatabase {
    /// Connects to `url` (`postgres://user:password@host:port/base?sslmode=require`), with at
    /// most `max` connections, and brings the schema up to date.
    pub fn open(url: &str, max: usize) -> anyhow::Result<PgDatabase> {
        let config: tokio_postgres::Config = url
            .parse()
            .context("adresse PostgreSQL illisible (postgres://utilisateur:mot-de-passe@hôte:port/base)")?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("dossiersco-pg")
            .enable_all()
            .build()
            .context("démarrage du moteur PostgreSQL")?;
        let handle = runtime.handle().clone();
        let manager_config = ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let manager = if config.get_ssl_mode() == tokio_postgres::config::SslMode::Disable {
            Manager::from_config(config, tokio_postgres::NoTls, manager_config)
        } else {
            Manager::from_config(config, tls()?, manager_config)
        };
        let pool = Pool::builder(manager)
            .max_size(max.max(1))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .context("pool de connexions PostgreSQL")?;
        let db = PgDatabase {
            shared: Arc::new(Shared {
                pool,
                runtime: Some(runtime),
                handle,
            }),
        };
        let conn = db.conn().context("connexion à PostgreSQL")?;
        migrate(&conn).context("mise à jour du schéma PostgreSQL")?;
        Ok(db)
    }

    /// A connection from the pool (waits for a free one), returned to it when dropped.
    pub fn conn(&self) -> Result<PgConn> {
        let pool = self.shared.pool.clone();
        let client = self
            .block_on(self.shared.handle.spawn(async move { pool.get().await }))
            .map_err(|e| Error::Other(format!("moteur PostgreSQL arrêté : {e}")))?
            .map_err(|e| match e {
                deadpool_postgres::PoolError::Backend(e) => Error::Postgres(e),
                e => Error::Other(format!("pool PostgreSQL : {e}")),
            })?;
        Ok(PgConn {
            client,
            db: self.clone(),
        })
    }

    /// Waits for `fut` on this thread (see the module's comment).
    pub(crate) fn block_on<F: Future>(&self, fut: F) -> F::Output {
        let multi = Handle::try_current().is_ok_and(|h| h.runtime_flavor() == RuntimeFlavor::MultiThread);
        let run = || {
            let _enter = self.shared.handle.enter();
            futures_executor::block_on(fut)
        };
        if multi {
            tokio::task::block_in_place(run)
        } else {
            run()
        }
    }
}

/// TLS to the server with rustls (ring), trusting the Web PKI roots and, when
/// `DOSSIERSCO_DB_CA` names a PEM file, the certificates in it (a private CA).
fn tls() -> anyhow::Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = std::env::var_os("DOSSIERSCO_DB_CA") {
        let pem = std::fs::read(&path).with_context(|| format!("lecture de {}", path.to_string_lossy()))?;
        for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
            roots
                .add(cert.context("certificat illisible dans DOSSIERSCO_DB_CA")?)
                .context("certificat refusé dans DOSSIERSCO_DB_CA")?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("TLS")?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// One pooled client.
pub struct PgConn {
    client: deadpool_postgres::Object,
    db: PgDatabase,
}

/// `?N` → `$N`, translated once per statement text.
fn translated(sql: &str) -> Arc<str> {
    static CACHE: OnceLock<RwLock<HashMap<String, Arc<str>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(t) = cache.read().unwrap_or_else(|e| e.into_inner()).get(sql) {
        return t.clone();
    }
    let t: Arc<str> = to_postgres_placeholders(sql).into();
    cache
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .insert(sql.to_owned(), t.clone());
    t
}

impl PgConn {
    /// The pooled client itself: a transaction and COPY for `migrate`.
    pub(crate) fn client_mut(&mut self) -> &mut tokio_postgres::Client {
        &mut self.client
    }

    /// The database this connection belongs to.
    pub fn database(&self) -> &PgDatabase {
        &self.db
    }

    fn params<'v>(values: &'v [Value<'v>]) -> Vec<&'v (dyn ToSql + Sync)> {
        values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
    }

    pub(crate) fn execute(&self, sql: &str, values: &[Value]) -> Result<u64> {
        let sql = translated(sql);
        let params = Self::params(values);
        self.db.block_on(async {
            let stmt = self.client.prepare_cached(&sql).await?;
            Ok(self.client.execute(&stmt, &params).await?)
        })
    }

    pub(crate) fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<tokio_postgres::Row>> {
        let sql = translated(sql);
        let params = Self::params(values);
        self.db.block_on(async {
            let stmt = self.client.prepare_cached(&sql).await?;
            Ok(self.client.query(&stmt, &params).await?)
        })
    }

    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        self.db.block_on(async { Ok(self.client.batch_execute(sql).await?) })
    }
}

/// Applies the missing migrations, one process at a time (advisory lock held until COMMIT).
fn migrate(conn: &PgConn) -> anyhow::Result<()> {
    conn.batch("BEGIN")?;
    let outcome = (|| -> anyhow::Result<()> {
        conn.execute("SELECT pg_advisory_xact_lock(?1)", &[Value::Int(MIGRATION_LOCK)])?;
        conn.batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
        let rows = conn.query("SELECT version FROM schema_version", &[])?;
        let version = match rows.first() {
            Some(row) => row.try_get::<_, i64>(0)? as usize,
            None => {
                conn.execute("INSERT INTO schema_version (version) VALUES (0)", &[])?;
                0
            }
        };
        if version > MIGRATIONS.len() {
            anyhow::bail!(
                "la base est en version {version}, plus récente que ce programme (version {}) : mettez dossiersco à jour",
                MIGRATIONS.len()
            );
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            conn.batch(sql).with_context(|| format!("migration {}", index + 1))?;
            conn.execute(
                "UPDATE schema_version SET version = ?1",
                &[Value::Int(index as i64 + 1)],
            )?;
        }
        Ok(())
    })();
    match outcome {
        Ok(()) => Ok(conn.batch("COMMIT")?),
        Err(e) => {
            let _ = conn.batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The schema version recorded in the database.
pub fn schema_version(conn: &PgConn) -> Result<i64> {
    let rows = conn.query("SELECT version FROM schema_version", &[])?;
    match rows.first() {
        Some(row) => Ok(row.try_get(0)?),
        None => Err(Error::NoRows),
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    i.to_string().as_str().to_sql(ty, out)
                }
                _ => Err(format!("entier donné pour une valeur de type {ty}").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                _ => Err(format!("nombre donné pour une valeur de type {ty}").into()),
            },
            Value::Text(s) => match *ty {
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ => s.to_sql(ty, out),
            },
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    tokio_postgres::types::to_sql_checked!();
}
