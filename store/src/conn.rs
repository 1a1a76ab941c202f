//! The engine-neutral connection: one API over SQLite (rusqlite) and PostgreSQL
//! (tokio-postgres), close to rusqlite's so that every store function is written once.
//!
//! SQL is written in the subset both engines share, with `?1`-style placeholders; on
//! PostgreSQL they become `$1` (translated once per statement and cached with the prepared
//! statement). Where the dialects differ, a function asks [`Conn::engine`] and picks its text.

use crate::postgres::PgConn;
use std::fmt;

/// Which database engine a connection speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A store error: the engine's own, or a value that does not fit the asked type.
#[derive(Debug)]
pub enum Error {
    /// The query returned no row where one was expected (see [`OptionalExtension`]).
    NoRows,
    Sqlite(rusqlite::Error),
    Postgres(tokio_postgres::Error),
    /// A column's value cannot be read as the asked type (column index, reason).
    Conversion(usize, String),
    /// Anything else (pool, runtime), with its context.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoRows => f.write_str("aucune ligne renvoyée"),
            Error::Sqlite(e) => write!(f, "SQLite : {e}"),
            Error::Postgres(e) => match e.as_db_error() {
                Some(db) => write!(f, "PostgreSQL : {} ({})", db.message(), db.code().code()),
                None => write!(f, "PostgreSQL : {e}"),
            },
            Error::Conversion(i, why) => write!(f, "colonne {i} : {why}"),
            Error::Other(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            Error::Postgres(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

impl Error {
    /// A uniqueness or foreign-key violation (the caller's row clashes with another).
    pub fn is_constraint(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => e.code == rusqlite::ErrorCode::ConstraintViolation,
            Error::Postgres(e) => e.code().is_some_and(|c| c.code().starts_with("23")),
            _ => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `.optional()` on a single-row query, as in rusqlite.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A parameter value, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be passed as a parameter.
pub trait Param {
    fn value(&self) -> Value<'_>;
}

macro_rules! int_param {
    ($($t:ty)*) => {$(
        impl Param for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(*self as i64)
            }
        }
    )*};
}
int_param!(i64 i32 i16 u32 u16 u8 usize u64);

impl Param for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(*self as i64)
    }
}
impl Param for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}
impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Param for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Param for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}
impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(v) => v.value(),
            None => Value::Null,
        }
    }
}
impl Param for Value<'_> {
    fn value(&self) -> Value<'_> {
        *self
    }
}

/// A list of parameters: `()`, `[a, b]`, `(a, b)`, `params![a, b]`, `&[&dyn Param]`.
pub trait Params {
    fn values(&self) -> Vec<Value<'_>>;
}

impl Params for () {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}
impl Params for [&(dyn Param + Send + Sync); 0] {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}
impl Params for &[&dyn Param] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(|p| p.value()).collect()
    }
}
impl Params for Vec<Value<'_>> {
    fn values(&self) -> Vec<Value<'_>> {
        self.clone()
    }
}
macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: Param> Params for [T; $n] {
            fn values(&self) -> Vec<Value<'_>> {
                self.iter().map(|p| p.value()).collect()
            }
        }
        impl<T: Param + ?Sized> Params for &[&T; $n] {
            fn values(&self) -> Vec<Value<'_>> {
                self.iter().map(|p| p.value()).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
macro_rules! tuple_params {
    ($(($($t:ident $i:tt),*))*) => {$(
        impl<$($t: Param),*> Params for ($($t,)*) {
            fn values(&self) -> Vec<Value<'_>> {
                vec![$(self.$i.value()),*]
            }
        }
    )*};
}
tuple_params!((A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3) (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5));

/// Parameters of mixed types: `params![id, "texte", None::<i64>]`.
#[macro_export]
macro_rules! params {
    () => { () };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::conn::Param),+] as &[&dyn $crate::conn::Param] };
}
pub use crate::params;

/// Parameters from an iterator (a list of ids).
pub fn params_from_iter<'a, I, T>(iter: I) -> Vec<Value<'a>>
where
    I: IntoIterator<Item = &'a T>,
    T: Param + 'a + ?Sized,
{
    iter.into_iter().map(|p| p.value()).collect()
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Real(f) => ValueRef::Real(f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

/// One row of a result.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a tokio_postgres::Row),
}

impl Row<'_> {
    /// Column `index` (from 0) as a `T`.
    pub fn get<I: ColumnIndex, T: FromColumn>(&self, index: I) -> Result<T> {
        let index = index.index();
        match self {
            Row::Sqlite(row) => T::from_sqlite(row, index),
            Row::Postgres(row) => T::from_postgres(row, index),
        }
    }
}

/// A column's position (from 0).
pub trait ColumnIndex {
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// A type a column can be read as, on both engines.
pub trait FromColumn: Sized {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> Result<Self>;
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self>;
}

/// A PostgreSQL cell read loosely, as SQLite's dynamic types would be: integers of any
/// width and booleans as i64, text, floats, bytes.
pub(crate) enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

pub(crate) fn pg_cell(row: &tokio_postgres::Row, index: usize) -> Result<Cell> {
    use tokio_postgres::types::Type;
    let columns = row.columns();
    let column = columns
        .get(index)
        .ok_or_else(|| Error::Conversion(index, "colonne absente".into()))?;
    let conv = |e: tokio_postgres::Error| Error::Conversion(index, e.to_string());
    let ty = column.type_();
    Ok(if *ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, Cell::Int)
    } else if *ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, Cell::Real)
    } else if *ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, |v| Cell::Real(v.into()))
    } else if *ty == Type::BYTEA {
        row.try_get::<_, Option<Vec<u8>>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, Cell::Blob)
    } else if *ty == Type::NUMERIC {
        return Err(Error::Conversion(
            index,
            "NUMERIC : convertir en BIGINT dans la requête (CAST(… AS BIGINT))".into(),
        ));
    } else {
        row.try_get::<_, Option<String>>(index)
            .map_err(conv)?
            .map_or(Cell::Null, Cell::Text)
    })
}

macro_rules! int_column {
    ($($t:ty)*) => {$(
        impl FromColumn for $t {
            fn from_sqlite(row: &rusqlite::Row, index: usize) -> Result<Self> {
                Ok(row.get(index)?)
            }
            fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self> {
                match pg_cell(row, index)? {
                    Cell::Int(i) => <$t>::try_from(i).map_err(|e| Error::Conversion(index, e.to_string())),
                    Cell::Null => Err(Error::Conversion(index, "NULL inattendu".into())),
                    _ => Err(Error::Conversion(index, "entier attendu".into())),
                }
            }
        }
    )*};
}
int_column!(i64 i32 u32 u64 usize u8 u16 i16);

impl FromColumn for bool {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self> {
        Ok(i64::from_postgres(row, index)? != 0)
    }
}

impl FromColumn for f64 {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self> {
        match pg_cell(row, index)? {
            Cell::Real(f) => Ok(f),
            Cell::Int(i) => Ok(i as f64),
            Cell::Null => Err(Error::Conversion(index, "NULL inattendu".into())),
            _ => Err(Error::Conversion(index, "nombre attendu".into())),
        }
    }
}

impl FromColumn for String {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self> {
        match pg_cell(row, index)? {
            Cell::Text(s) => Ok(s),
            Cell::Null => Err(Error::Conversion(index, "NULL inattendu".into())),
            _ => Err(Error::Conversion(index, "texte attendu".into())),
        }
    }
}

impl FromColumn for Vec<u8> {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self> {
        match pg_cell(row, index)? {
            Cell::Blob(b) => Ok(b),
            Cell::Text(s) => Ok(s.into_bytes()),
            Cell::Null => Err(Error::Conversion(index, "NULL inattendu".into())),
            _ => Err(Error::Conversion(index, "octets attendus".into())),
        }
    }
}

impl<T: FromColumn + rusqlite::types::FromSql> FromColumn for Option<T> {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self> {
        let null = row
            .try_get::<_, Option<PgAny>>(index)
            .map_err(|e| Error::Conversion(index, e.to_string()))?
            .is_none();
        if null {
            Ok(None)
        } else {
            T::from_postgres(row, index).map(Some)
        }
    }
}

/// Accepts any PostgreSQL value, only to tell NULL from the rest.
struct PgAny;
impl<'a> tokio_postgres::types::FromSql<'a> for PgAny {
    fn from_sql(
        _: &tokio_postgres::types::Type,
        _: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgAny)
    }
    fn accepts(_: &tokio_postgres::types::Type) -> bool {
        true
    }
}

/// A connection to the database, SQLite or PostgreSQL.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(PgConn),
}

impl fmt::Debug for Conn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Conn({:?})", self.engine())
    }
}

impl From<rusqlite::Connection> for Conn {
    fn from(conn: rusqlite::Connection) -> Self {
        Conn::Sqlite(conn)
    }
}

impl Conn {
    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, backup, VACUUM).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    /// Whether this database has table `name` (older schemas lack some).
    pub fn has_table(&self, name: &str) -> Result<bool> {
        self.query_row(
            match self.engine() {
                Engine::Sqlite => "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                Engine::Postgres => {
                    "SELECT count(*) > 0 FROM information_schema.tables
                     WHERE table_schema = current_schema() AND table_name = ?1"
                }
            },
            [name],
            |r| r.get(0),
        )
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// Runs several statements without parameters (migrations, transaction control).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => c.batch(sql),
        }
    }

    /// The first row, read by `f`; [`Error::NoRows`] when there is none.
    pub fn query_row<T, P: Params, F: FnOnce(&Row) -> Result<T>>(&self, sql: &str, params: P, f: F) -> Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// Every row, each read by `f`.
    pub fn query_map<T, P: Params, F: FnMut(&Row) -> Result<T>>(&self, sql: &str, params: P, f: F) -> Result<Vec<T>> {
        self.prepare_cached(sql)?.map_rows(params, f)
    }

    /// Runs `insert` (an INSERT into a table keyed by `id`, without RETURNING) and returns
    /// the new row's id. SQLite reads it from the connection: RETURNING would have it build
    /// and drop a temporary table for each row. PostgreSQL adds `RETURNING id`.
    pub fn insert_returning_id<P: Params>(&self, insert: &str, params: P) -> Result<i64> {
        match self {
            Conn::Sqlite(c) => {
                c.prepare_cached(insert)?.execute(&*rusqlite_params(&params.values()))?;
                Ok(c.last_insert_rowid())
            }
            Conn::Postgres(_) => self.query_row(&format!("{insert} RETURNING id"), params, |r| r.get(0)),
        }
    }

    /// Whether the query returns at least one row.
    pub fn exists<P: Params>(&self, sql: &str, params: P) -> Result<bool> {
        self.query_row(sql, params, |_| Ok(())).optional().map(|o| o.is_some())
    }

    /// A prepared statement, cached per connection on both engines (the rusqlite shape:
    /// `conn.prepare_cached(sql)?.query_map(params, f)?`).
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match self {
            Conn::Sqlite(c) => Stmt::Sqlite(c.prepare_cached(sql)?),
            Conn::Postgres(c) => Stmt::Postgres(c, sql.to_owned()),
        })
    }

    /// Same as [`Conn::prepare_cached`].
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        self.prepare_cached(sql)
    }

    /// Starts a transaction, rolled back when dropped without [`Transaction::commit`].
    /// On SQLite it is IMMEDIATE: it takes the write lock at once.
    pub fn transaction(&self) -> Result<Transaction<'_>> {
        self.execute_batch(match self.engine() {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        })?;
        Ok(Transaction {
            conn: self,
            done: false,
            savepoint: false,
        })
    }

    /// Same as [`Conn::transaction`] (the rusqlite name; the behaviour is always IMMEDIATE).
    pub fn transaction_with_behavior(&self, _: rusqlite::TransactionBehavior) -> Result<Transaction<'_>> {
        self.transaction()
    }

    /// A savepoint inside the current transaction, rolled back to when dropped without
    /// [`Transaction::commit`] (which releases it).
    pub fn savepoint(&self) -> Result<Transaction<'_>> {
        self.execute_batch("SAVEPOINT sp")?;
        Ok(Transaction {
            conn: self,
            done: false,
            savepoint: true,
        })
    }
}

/// A transaction (or savepoint) on a [`Conn`]; derefs to the connection.
pub struct Transaction<'c> {
    conn: &'c Conn,
    done: bool,
    savepoint: bool,
}

impl Transaction<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn
            .execute_batch(if self.savepoint { "RELEASE sp" } else { "COMMIT" })
    }

    pub fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch(if self.savepoint {
            "ROLLBACK TO sp; RELEASE sp"
        } else {
            "ROLLBACK"
        })
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch(if self.savepoint {
                "ROLLBACK TO sp; RELEASE sp"
            } else {
                "ROLLBACK"
            });
        }
    }
}

/// The rows of [`Stmt::query_map`], already read.
pub type MappedRows<T> = std::iter::Map<std::vec::IntoIter<T>, fn(T) -> Result<T>>;

/// A statement, rusqlite-shaped.
pub enum Stmt<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    Postgres(&'c PgConn, String),
}

impl Stmt<'_> {
    fn map_rows<T, P: Params, F: FnMut(&Row) -> Result<T>>(&mut self, params: P, mut f: F) -> Result<Vec<T>> {
        let values = params.values();
        match self {
            Stmt::Sqlite(stmt) => {
                let mut rows = stmt.query(&*rusqlite_params(&values))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(f(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Stmt::Postgres(c, sql) => c
                .query(sql, &values)?
                .iter()
                .map(|row| f(&Row::Postgres(row)))
                .collect(),
        }
    }

    /// Every row, each read by `f` (read at once: the iterator holds the results).
    pub fn query_map<T, P: Params, F: FnMut(&Row) -> Result<T>>(&mut self, params: P, f: F) -> Result<MappedRows<T>> {
        Ok(self.map_rows(params, f)?.into_iter().map(Ok as fn(T) -> Result<T>))
    }

    pub fn query_row<T, P: Params, F: FnOnce(&Row) -> Result<T>>(&mut self, params: P, f: F) -> Result<T> {
        let values = params.values();
        match self {
            Stmt::Sqlite(stmt) => {
                let mut rows = stmt.query(&*rusqlite_params(&values))?;
                match rows.next()? {
                    Some(row) => f(&Row::Sqlite(row)),
                    None => Err(Error::NoRows),
                }
            }
            Stmt::Postgres(c, sql) => match c.query(sql, &values)?.first() {
                Some(row) => f(&Row::Postgres(row)),
                None => Err(Error::NoRows),
            },
        }
    }

    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        let values = params.values();
        match self {
            Stmt::Sqlite(stmt) => Ok(stmt.execute(&*rusqlite_params(&values))?),
            Stmt::Postgres(c, sql) => c.execute(sql, &values).map(|n| n as usize),
        }
    }

    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        self.query_row(params, |_| Ok(())).optional().map(|o| o.is_some())
    }

    /// The rows, one at a time (`while let Some(row) = rows.next()? { … }`).
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        let values = params.values();
        Ok(match self {
            Stmt::Sqlite(stmt) => Rows::Sqlite(stmt.query(&*rusqlite_params(&values))?),
            Stmt::Postgres(c, sql) => Rows::Postgres(c.query(sql, &values)?.into_iter(), None),
        })
    }
}

/// Rows of [`Stmt::query`].
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<tokio_postgres::Row>, Option<tokio_postgres::Row>),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)] // rusqlite's shape: the row borrows the cursor.
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres(rows, current) => {
                *current = rows.next();
                Ok(current.as_ref().map(Row::Postgres))
            }
        }
    }
}

fn rusqlite_params<'v>(values: &'v [Value<'v>]) -> Vec<&'v dyn rusqlite::ToSql> {
    values.iter().map(|v| v as &dyn rusqlite::ToSql).collect()
}

/// `?1`, `?2`… → `$1`, `$2`… outside string literals and quoted identifiers; a bare `?`
/// becomes the next number.
pub(crate) fn to_postgres_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut next = 1;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    digits = next.to_string();
                }
                next = digits.parse::<usize>().unwrap_or(next) + 1;
                out.push('$');
                out.push_str(&digits);
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_outside_literals() {
        assert_eq!(
            to_postgres_placeholders("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?2 OR ?1 IS NULL"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $2 OR $1 IS NULL"
        );
        assert_eq!(to_postgres_placeholders("VALUES (?, ?)"), "VALUES ($1, $2)");
    }
}
