//! The plan language's syntax: a pest grammar (`grammar/cxp.pest`) and a parser that turns
//! text into an [`ast::File`], recovering from errors so a file reports all of them.

pub mod ast;
