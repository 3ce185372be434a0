//! The one place YAML is read (config and rule files): serde-saphyr with budgets, errors as diagnostics pointing into the file.
