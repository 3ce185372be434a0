//! `cxlint.yaml`: discovery, parsing with spans, validation, effective settings per file.
