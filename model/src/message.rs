//! Family-facing messages whose wording has parts that vary (a number, a name): their key in
//! the theme's catalogs and their arguments, so the worker can say them in the family's
//! language. The French stays written where the message is made (what the model returns and
//! the tests read); the French catalog holds the same text, and a test of the worker checks
//! that both agree.

/// A message's key in the catalogs (`validation-…`, `serveur-…`) with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texte {
    /// The message's key.
    pub cle: &'static str,
    /// Named arguments, as the catalog's `{ $name }`.
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Texte`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A count: a number for the catalog, so its plural selectors apply.
    Nombre(i64),
    /// A name or label, as it is (a school's text, a child's first name).
    Texte(String),
    /// A size in bytes, written in megabytes in the language (« 10 », « 2,5 »).
    Octets(u64),
    /// A date, in words in the language (« dimanche 10 janvier 2027 »).
    Date(time::Date),
}

impl Texte {
    /// Key `cle` without arguments yet.
    pub fn new(cle: &'static str) -> Texte {
        Texte { cle, args: Vec::new() }
    }

    /// With argument `name` a count.
    pub fn nombre(mut self, name: &'static str, n: impl Into<i64>) -> Texte {
        self.args.push((name, Arg::Nombre(n.into())));
        self
    }

    /// With argument `name` a text.
    pub fn texte(mut self, name: &'static str, value: impl Into<String>) -> Texte {
        self.args.push((name, Arg::Texte(value.into())));
        self
    }

    /// With argument `name` a date.
    pub fn date(mut self, name: &'static str, date: time::Date) -> Texte {
        self.args.push((name, Arg::Date(date)));
        self
    }

    /// With argument `name` a size in bytes.
    pub fn octets(mut self, name: &'static str, bytes: u64) -> Texte {
        self.args.push((name, Arg::Octets(bytes)));
        self
    }
}
