//! Inline allow comments (`# cxlint: allow CODES -- reason`) and config waivers; S001-S003.
