//! cxlint: a policy linter for customer-experience programmes.
//!
//! Data flows one way: text ([`source`]) -> syntax tree ([`syntax`]) -> typed model
//! ([`model`]) -> rule evaluation ([`engine`], rules written in [`rulelang`]) ->
//! diagnostics ([`diagnostic`]) -> one formatter per output format ([`output`]).

pub mod codes;
pub mod diagnostic;
pub mod engine;
pub mod model;
pub mod rulelang;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod value;
