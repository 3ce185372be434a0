//! cxlint: a policy linter for customer-experience programmes.
//!
//! Data flows one way: text ([`source`]) -> syntax tree ([`syntax`]) -> typed model
//! ([`model`]) -> rule evaluation ([`engine`], rules written in [`rulelang`]) ->
//! diagnostics ([`diagnostic`]) -> one formatter per output format ([`output`]).

pub mod atomic;
pub mod baseline;
pub mod cap;
pub mod cli;
pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod files;
pub mod fix;
pub mod format;
pub mod json_schema;
pub mod limits;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod output;
pub mod reference;
pub mod resolve;
pub mod rulelang;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod syntax;
pub mod value;
pub mod walk;
pub mod yaml;

/// The hash maps of a run's own data (block ids, kinds, labels, names): seeded afresh for
/// each process, as the standard library's are, at a fraction of SipHash's cost.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// The set of [`Map`].
pub type Set<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Drop a list's items on every core of the run's pool: freeing a batch's syntax trees,
/// programmes or findings is not left to the one thread that walks the batches.
pub fn free_on_every_core<T: Send>(items: Vec<T>) {
    use rayon::prelude::*;
    items.into_par_iter().for_each(drop);
}
