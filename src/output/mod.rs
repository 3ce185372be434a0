//! One formatter per output format: human, compact, json, sarif, junit, github.
