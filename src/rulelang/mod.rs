//! The rule language: expressions over the model, parsed with its own pest grammar,
//! type-checked against the schema when rule files load, evaluated per programme.
