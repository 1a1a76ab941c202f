//! `dossiersco migrate-db`: copies a SQLite database into an empty PostgreSQL database whose
//! schema the PostgreSQL migrations have just created. Every table, in the order of their
//! foreign keys, in one PostgreSQL transaction (all or nothing), read from one SQLite read
//! transaction (a consistent state even if a worker still wrote); then the sequences are set
//! past the copied ids and each table's count is checked on both sides.
//!
//! The copy follows the two schemas rather than a list kept here: a table or a column added
//! by a later migration is copied without a change to this file, and one that exists in
//! SQLite but not in PostgreSQL stops the copy (it would be lost).

use anyhow::{anyhow, bail, Context, Result};
use futures_util::pin_mut;
use rusqlite::types::ValueRef;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

/// One table's rows, read from SQLite and found in PostgreSQL after the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: String,
    pub source: i64,
    pub target: i64,
}

/// `dossiersco migrate-db`: opens the SQLite file `sqlite` (bringing its schema up to date),
/// opens the PostgreSQL database `url` (creating its schema with the PostgreSQL migrations),
/// then copies. The file must exist: a missing one is not created.
pub fn copy_file(sqlite: &Path, url: &str) -> Result<Vec<TableCount>> {
    if !sqlite.is_file() {
        bail!("la base SQLite {} n'existe pas", sqlite.display());
    }
    let mut source = crate::open_sqlite(sqlite)?;
    let db = crate::postgres::PgDatabase::open(url, 1)?;
    let mut conn = db.conn().context("connexion à PostgreSQL")?;
    db.block_on(sqlite_to_postgres(&mut source, conn.client_mut()))
}

/// Copies every table of `source` (a SQLite database at the latest schema) into `target`
/// (a PostgreSQL database at the latest schema, with no row in any of those tables), in one
/// transaction. Returns the count of each table, in the order they were copied.
pub async fn sqlite_to_postgres(
    source: &mut rusqlite::Connection,
    target: &mut tokio_postgres::Client,
) -> Result<Vec<TableCount>> {
    // One read transaction: every table from the same state of the file.
    let read = source
        .transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)
        .context("lecture de la base SQLite")?;
    let tables = tables_in_dependency_order(&read)?;
    let tx = target
        .transaction()
        .await
        .context("ouverture de la transaction PostgreSQL")?;
    let target_tables = postgres_tables(&tx).await?;
    for table in &tables {
        if !target_tables.contains(table) {
            bail!(
                "la table « {table} » de la base SQLite n'existe pas dans PostgreSQL : les deux schémas ne \
                 sont pas de la même version (mettez dossiersco à jour des deux côtés)"
            );
        }
    }
    for table in &tables {
        let any = tx
            .query_opt(&format!("SELECT 1 FROM {} LIMIT 1", quote(table)), &[])
            .await
            .with_context(|| format!("lecture de la table {table} dans PostgreSQL"))?;
        if any.is_some() {
            bail!(
                "la base PostgreSQL de destination n'est pas vide (la table « {table} » a déjà des lignes) : \
                 migrate-db ne copie que dans une base vide, pour ne rien mélanger ni écraser. Créez une base \
                 neuve (createdb) et recommencez ; rien n'a été copié"
            );
        }
    }
    let mut counts = Vec::with_capacity(tables.len());
    for table in &tables {
        let copied = copy_table(&read, &tx, table)
            .await
            .with_context(|| format!("copie de la table {table}"))?;
        reset_sequences(&tx, table)
            .await
            .with_context(|| format!("séquences de la table {table}"))?;
        let source: i64 = read.query_row(&format!("SELECT COUNT(*) FROM {}", quote(table)), [], |r| r.get(0))?;
        let target: i64 = tx
            .query_one(&format!("SELECT COUNT(*) FROM {}", quote(table)), &[])
            .await?
            .get(0);
        if source != target || copied != source as u64 {
            bail!(
                "table {table} : {source} lignes dans SQLite, {target} dans PostgreSQL après la copie ({copied} \
                 écrites) ; rien n'a été copié"
            );
        }
        counts.push(TableCount {
            table: table.clone(),
            source,
            target,
        });
    }
    tx.commit().await.context("validation de la transaction PostgreSQL")?;
    Ok(counts)
}

/// `"name"`, for a table or column name that came from a schema.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQLite tables, each after the tables its foreign keys point to.
fn tables_in_dependency_order(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
    let names: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in &names {
        let mut fk = conn.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")?;
        let refs: BTreeSet<String> = fk
            .query_map([name], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<BTreeSet<_>>>()?
            .into_iter()
            .filter(|parent| parent != name)
            .collect();
        parents.insert(name.clone(), refs);
    }
    let mut ordered = Vec::with_capacity(names.len());
    let mut done = BTreeSet::new();
    while ordered.len() < names.len() {
        let ready: Vec<String> = names
            .iter()
            .filter(|n| !done.contains(*n))
            .filter(|n| parents[*n].iter().all(|p| done.contains(p) || !parents.contains_key(p)))
            .cloned()
            .collect();
        if ready.is_empty() {
            bail!("les clés étrangères de la base SQLite forment un cycle : ordre de copie impossible");
        }
        for name in ready {
            done.insert(name.clone());
            ordered.push(name);
        }
    }
    Ok(ordered)
}

async fn postgres_tables(tx: &tokio_postgres::Transaction<'_>) -> Result<BTreeSet<String>> {
    let rows = tx
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            &[],
        )
        .await
        .context("liste des tables PostgreSQL")?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Streams one table with COPY … FROM STDIN (BINARY), each value converted to the type of its
/// PostgreSQL column. Returns how many rows were written.
async fn copy_table(read: &rusqlite::Connection, tx: &tokio_postgres::Transaction<'_>, table: &str) -> Result<u64> {
    let mut info = read.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let columns: Vec<String> = info
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let list = columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    // The PostgreSQL column types, from a statement that names the same columns.
    let probe = tx
        .prepare(&format!("SELECT {list} FROM {} LIMIT 0", quote(table)))
        .await
        .map_err(|e| anyhow!("{e}"))
        .with_context(|| {
            format!("une colonne de la table SQLite {table} manque dans PostgreSQL (schémas de versions différentes)")
        })?;
    let types: Vec<Type> = probe.columns().iter().map(|c| c.type_().clone()).collect();
    let sink = tx
        .copy_in(&format!("COPY {} ({list}) FROM STDIN BINARY", quote(table)))
        .await?;
    let writer = BinaryCopyInWriter::new(sink, &types);
    pin_mut!(writer);
    let mut select = read.prepare(&format!("SELECT {list} FROM {}", quote(table)))?;
    let mut rows = select.query([])?;
    let mut line = 0u64;
    while let Some(row) = rows.next()? {
        line += 1;
        let mut values: Vec<Box<dyn ToSql + Sync + Send>> = Vec::with_capacity(columns.len());
        for (i, ty) in types.iter().enumerate() {
            let value = convert(row.get_ref(i)?, ty)
                .with_context(|| format!("ligne {line}, colonne {} (type PostgreSQL {ty})", columns[i]))?;
            values.push(value);
        }
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)).collect();
        writer.as_mut().write(&refs).await?;
    }
    Ok(writer.finish().await?)
}

/// A SQLite value as the PostgreSQL column's type; NULL stays NULL.
fn convert(value: ValueRef<'_>, ty: &Type) -> Result<Box<dyn ToSql + Sync + Send>> {
    fn text(value: ValueRef<'_>) -> Result<String> {
        match value {
            ValueRef::Text(t) => Ok(std::str::from_utf8(t)?.to_string()),
            ValueRef::Integer(n) => Ok(n.to_string()),
            ValueRef::Real(x) => Ok(x.to_string()),
            ValueRef::Blob(_) => bail!("donnée binaire dans une colonne de texte"),
            ValueRef::Null => unreachable!("NULL handled before"),
        }
    }
    fn integer(value: ValueRef<'_>) -> Result<i64> {
        match value {
            ValueRef::Integer(n) => Ok(n),
            ValueRef::Text(t) => Ok(std::str::from_utf8(t)?.trim().parse()?),
            other => bail!("entier attendu, trouvé {:?}", other.data_type()),
        }
    }
    if let ValueRef::Null = value {
        return Ok(match *ty {
            Type::INT2 => Box::new(None::<i16>),
            Type::INT4 => Box::new(None::<i32>),
            Type::INT8 => Box::new(None::<i64>),
            Type::BOOL => Box::new(None::<bool>),
            Type::FLOAT4 => Box::new(None::<f32>),
            Type::FLOAT8 => Box::new(None::<f64>),
            Type::BYTEA => Box::new(None::<Vec<u8>>),
            _ => Box::new(None::<String>),
        });
    }
    Ok(match *ty {
        Type::INT2 => Box::new(i16::try_from(integer(value)?)?),
        Type::INT4 => Box::new(i32::try_from(integer(value)?)?),
        Type::INT8 => Box::new(integer(value)?),
        Type::BOOL => Box::new(integer(value)? != 0),
        Type::FLOAT4 | Type::FLOAT8 => {
            let x = match value {
                ValueRef::Real(x) => x,
                ValueRef::Integer(n) => n as f64,
                other => bail!("nombre attendu, trouvé {:?}", other.data_type()),
            };
            if *ty == Type::FLOAT4 {
                Box::new(x as f32)
            } else {
                Box::new(x)
            }
        }
        Type::BYTEA => match value {
            ValueRef::Blob(b) | ValueRef::Text(b) => Box::new(b.to_vec()),
            other => bail!("donnée binaire attendue, trouvé {:?}", other.data_type()),
        },
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => Box::new(text(value)?),
        ref other => bail!("type PostgreSQL {other} non pris en charge par migrate-db"),
    })
}

/// Sets each sequence of `table` (serial or identity columns) past the largest copied value,
/// so the next row a worker inserts gets a fresh id.
async fn reset_sequences(tx: &tokio_postgres::Transaction<'_>, table: &str) -> Result<()> {
    let columns = tx
        .query(
            "SELECT column_name::text, pg_get_serial_sequence(quote_ident($1), column_name::text) \
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
            &[&table],
        )
        .await?;
    for row in columns {
        let column: String = row.get(0);
        let Some(sequence) = row.get::<_, Option<String>>(1) else {
            continue;
        };
        tx.execute(
            &format!(
                "SELECT setval($1::text::regclass, COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
                quote(&column),
                quote(table)
            ),
            &[&sequence],
        )
        .await?;
    }
    Ok(())
}

/// `dossiersco snapshot --db postgres://… --out FILE`: a consistent copy of the PostgreSQL
/// database as a new SQLite file (one REPEATABLE READ transaction: every table from the same
/// moment), written beside `out` then renamed over it, never half written. The copy is a full
/// backup (families' data and the key of the codes), usable by the SQLite engine or copied
/// back with `migrate-db`. Returns each table's count.
pub fn postgres_to_sqlite_file(url: &str, out: &Path) -> Result<Vec<TableCount>> {
    let name = out
        .file_name()
        .ok_or_else(|| anyhow!("{} n'est pas un nom de fichier", out.display()))?;
    let partial = out.with_file_name(format!(
        ".{}.partiel-{:08x}",
        name.to_string_lossy(),
        rand::random::<u32>()
    ));
    let result = (|| {
        let mut target = crate::open_sqlite(&partial)?;
        let db = crate::postgres::PgDatabase::open(url, 1)?;
        let mut conn = db.conn().context("connexion à PostgreSQL")?;
        let counts = db.block_on(postgres_to_sqlite(conn.client_mut(), &mut target))?;
        target
            .pragma_update(None, "journal_mode", "DELETE")
            .context("fin du journal de la copie")?;
        drop(target);
        std::fs::rename(&partial, out).with_context(|| format!("écriture de {}", out.display()))?;
        Ok(counts)
    })();
    if result.is_err() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
    }
    result
}

/// Copies every table of `source` (PostgreSQL) into `target`, a SQLite database at the same
/// schema version with no row, in one transaction on each side.
pub async fn postgres_to_sqlite(
    source: &mut tokio_postgres::Client,
    target: &mut rusqlite::Connection,
) -> Result<Vec<TableCount>> {
    let read = source
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .context("lecture de la base PostgreSQL")?;
    let write = target.transaction().context("écriture de la copie SQLite")?;
    let tables = tables_in_dependency_order(&write)?;
    let mut counts = Vec::with_capacity(tables.len());
    for table in &tables {
        let mut info = write.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let columns: Vec<String> = info
            .query_map([table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        drop(info);
        let list = columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        let rows = read
            .query(&format!("SELECT {list} FROM {}", quote(table)), &[])
            .await
            .with_context(|| format!("lecture de la table {table} dans PostgreSQL"))?;
        let placeholders = (1..=columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert = write.prepare(&format!(
            "INSERT INTO {} ({list}) VALUES ({placeholders})",
            quote(table)
        ))?;
        for (line, row) in rows.iter().enumerate() {
            let mut values = Vec::with_capacity(columns.len());
            for (i, column) in row.columns().iter().enumerate() {
                let value = from_postgres(row, i, column.type_())
                    .with_context(|| format!("table {table}, ligne {}, colonne {}", line + 1, columns[i]))?;
                values.push(value);
            }
            insert.execute(rusqlite::params_from_iter(values))?;
        }
        let target_count: i64 = write.query_row(&format!("SELECT COUNT(*) FROM {}", quote(table)), [], |r| r.get(0))?;
        if target_count != rows.len() as i64 {
            bail!("table {table} : {} lignes lues, {target_count} écrites", rows.len());
        }
        counts.push(TableCount {
            table: table.clone(),
            source: rows.len() as i64,
            target: target_count,
        });
    }
    write.commit().context("validation de la copie SQLite")?;
    read.commit().await?;
    Ok(counts)
}

/// One PostgreSQL value as SQLite stores it.
fn from_postgres(row: &tokio_postgres::Row, i: usize, ty: &Type) -> Result<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    let value = match *ty {
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|n| V::Integer(n.into())),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|n| V::Integer(n.into())),
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(V::Integer),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|b| V::Integer(b.into())),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|x| V::Real(x.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(V::Real),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(V::Blob),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => row.try_get::<_, Option<String>>(i)?.map(V::Text),
        ref other => bail!("type PostgreSQL {other} non pris en charge par la copie"),
    };
    Ok(value.unwrap_or(V::Null))
}
