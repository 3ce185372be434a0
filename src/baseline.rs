//! Baselines: record findings and report only new ones (matched by code, file, block).
