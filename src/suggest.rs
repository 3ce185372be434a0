//! "Did you mean" suggestions for near misses (keys, enum values, references, codes).
