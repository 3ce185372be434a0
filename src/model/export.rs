//! `cxlint export`: the resolved model as JSON (language.md §7).
