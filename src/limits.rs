//! The limits that keep time and memory bounded on hostile input, in one place.
//!
//! Every limit has a default (what cxlint uses with no configuration) and a ceiling: the
//! `limits:` section of `cxlint.yaml` may lower a limit freely, but may raise it only up
//! to its ceiling, because the configuration may be written by anyone who can open a pull
//! request (docs/security.md). The limits are passed explicitly to the parser, the model
//! builder, the rule engine and the YAML reader; nothing here is global state.

use std::io::Read;
use std::path::Path;

/// One limit: its name under `limits:`, its default and its ceiling.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub default: u64,
    pub ceiling: u64,
    /// Written as a size (`64 MiB`) rather than a count.
    pub bytes: bool,
    /// What it limits, in the words of messages.
    pub what: &'static str,
}

const MIB: u64 = 1 << 20;

pub const FILE_SIZE: Limit = Limit {
    name: "file_size",
    default: 64 * MIB,
    ceiling: 256 * MIB,
    bytes: true,
    what: "size of a plan file",
};
pub const NESTING_DEPTH: Limit = Limit {
    name: "nesting_depth",
    default: 64,
    ceiling: 256,
    bytes: false,
    what: "levels of blocks and of lists in a plan file",
};
pub const SYNTAX_ERRORS: Limit = Limit {
    name: "syntax_errors",
    default: 100,
    ceiling: 10_000,
    bytes: false,
    what: "syntax errors reported per plan file",
};
pub const INCLUDE_DEPTH: Limit = Limit {
    name: "include_depth",
    default: 32,
    ceiling: 128,
    bytes: false,
    what: "files in a chain of includes",
};
pub const INCLUDES: Limit = Limit {
    name: "includes",
    default: 1_000,
    ceiling: 10_000,
    bytes: false,
    what: "includes followed per programme",
};
pub const DIAGNOSTICS_PER_FILE: Limit = Limit {
    name: "diagnostics_per_file",
    default: 1_000,
    ceiling: 100_000,
    bytes: false,
    what: "findings shown per file",
};
pub const EVALUATION_STEPS: Limit = Limit {
    name: "evaluation_steps",
    default: 20_000_000,
    ceiling: 200_000_000,
    bytes: false,
    what: "evaluation steps of all rules together on one programme",
};
pub const YAML_DEPTH: Limit = Limit {
    name: "yaml_depth",
    default: 64,
    ceiling: 128,
    bytes: false,
    what: "levels of nesting in a rule file",
};
pub const YAML_NODES: Limit = Limit {
    name: "yaml_nodes",
    default: 250_000,
    ceiling: 2_500_000,
    bytes: false,
    what: "values in a rule file",
};
pub const YAML_ALIASES: Limit = Limit {
    name: "yaml_aliases",
    default: 50_000,
    ceiling: 500_000,
    bytes: false,
    what: "anchors and aliases in a rule file",
};
pub const YAML_SIZE: Limit = Limit {
    name: "yaml_size",
    default: 4 * MIB,
    ceiling: 64 * MIB,
    bytes: true,
    what: "size of a rule file",
};

/// Every limit, in the order the documentation lists them.
pub const ALL: [Limit; 11] = [
    FILE_SIZE,
    NESTING_DEPTH,
    SYNTAX_ERRORS,
    INCLUDE_DEPTH,
    INCLUDES,
    DIAGNOSTICS_PER_FILE,
    EVALUATION_STEPS,
    YAML_DEPTH,
    YAML_NODES,
    YAML_ALIASES,
    YAML_SIZE,
];

/// Programmes of more blocks than this get more evaluation steps, in proportion
/// (with the default, 2,000 steps per block).
pub const BLOCKS_PER_BUDGET: u64 = 10_000;

/// The limits of one run. `Limits::default()` is what cxlint uses with no configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one plan file (roots and included fragments).
    pub file_size: u64,
    /// Levels of blocks, and of lists, in a plan file.
    pub nesting_depth: usize,
    /// Syntax errors per plan file before the parser stops reading it.
    pub syntax_errors: usize,
    /// Files in one chain of includes.
    pub include_depth: usize,
    /// Includes followed per programme.
    pub includes: usize,
    /// Findings shown per file; beyond it one finding says how many more there are.
    pub diagnostics_per_file: usize,
    /// Steps all rules together may take on one programme (more for very large programmes).
    pub evaluation_steps: u64,
    /// YAML budgets for rule files (packs from `rule_dirs` and `--rules`).
    pub yaml_depth: usize,
    pub yaml_nodes: usize,
    pub yaml_aliases: usize,
    /// Bytes of one rule file.
    pub yaml_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: FILE_SIZE.default,
            nesting_depth: NESTING_DEPTH.default as usize,
            syntax_errors: SYNTAX_ERRORS.default as usize,
            include_depth: INCLUDE_DEPTH.default as usize,
            includes: INCLUDES.default as usize,
            diagnostics_per_file: DIAGNOSTICS_PER_FILE.default as usize,
            evaluation_steps: EVALUATION_STEPS.default,
            yaml_depth: YAML_DEPTH.default as usize,
            yaml_nodes: YAML_NODES.default as usize,
            yaml_aliases: YAML_ALIASES.default as usize,
            yaml_size: YAML_SIZE.default,
        }
    }
}

impl Limits {
    /// The limits for reading `cxlint.yaml` itself: always the defaults, since they cannot
    /// come from the file they limit.
    pub fn for_config_file() -> Limits {
        Limits::default()
    }

    /// One limit by name (0 for a name that is no limit).
    pub fn get(&self, name: &str) -> u64 {
        match name {
            "file_size" => self.file_size,
            "nesting_depth" => self.nesting_depth as u64,
            "syntax_errors" => self.syntax_errors as u64,
            "include_depth" => self.include_depth as u64,
            "includes" => self.includes as u64,
            "diagnostics_per_file" => self.diagnostics_per_file as u64,
            "evaluation_steps" => self.evaluation_steps,
            "yaml_depth" => self.yaml_depth as u64,
            "yaml_nodes" => self.yaml_nodes as u64,
            "yaml_aliases" => self.yaml_aliases as u64,
            "yaml_size" => self.yaml_size,
            _ => 0,
        }
    }

    /// Set one limit by name (a value already checked against its ceiling).
    pub fn set(&mut self, name: &str, value: u64) {
        let n = value as usize;
        match name {
            "file_size" => self.file_size = value,
            "nesting_depth" => self.nesting_depth = n,
            "syntax_errors" => self.syntax_errors = n,
            "include_depth" => self.include_depth = n,
            "includes" => self.includes = n,
            "diagnostics_per_file" => self.diagnostics_per_file = n,
            "evaluation_steps" => self.evaluation_steps = value,
            "yaml_depth" => self.yaml_depth = n,
            "yaml_nodes" => self.yaml_nodes = n,
            "yaml_aliases" => self.yaml_aliases = n,
            "yaml_size" => self.yaml_size = value,
            _ => {}
        }
    }

    /// The steps all rules together may take on a programme of `blocks` blocks: `evaluation_steps`,
    /// or in proportion for programmes of more than [`BLOCKS_PER_BUDGET`] blocks.
    pub fn step_budget(&self, blocks: usize) -> u64 {
        let scaled =
            u128::from(self.evaluation_steps) * blocks as u128 / u128::from(BLOCKS_PER_BUDGET);
        self.evaluation_steps
            .max(u64::try_from(scaled).unwrap_or(u64::MAX))
    }
}

/// Parse a limit's value as written in `cxlint.yaml`: a whole number (`1000`, `20_000_000`,
/// `20,000,000`), or for sizes a number of bytes or a number with a unit (`64 MiB`,
/// `500 KB`; KB, MB, GB count 1,000s and KiB, MiB, GiB 1,024s). Checked against the
/// ceiling; the error is a sentence for the person who wrote it.
pub fn parse_value(limit: &Limit, text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '_' || c == ','))
        .unwrap_or(text.len());
    let (number, unit) = (&text[..digits_end], text[digits_end..].trim());
    let number: String = number.chars().filter(char::is_ascii_digit).collect();
    let example = if limit.bytes { "64 MiB" } else { "1000" };
    let bad = || {
        format!(
            "`limits.{}: {text}` is not {}; write it like `{example}`",
            limit.name,
            if limit.bytes {
                "a size"
            } else {
                "a whole number"
            }
        )
    };
    let value: u64 = number.parse().map_err(|_| bad())?;
    let factor: u64 = match (limit.bytes, unit.to_ascii_lowercase().as_str()) {
        (_, "") => 1,
        (true, "b" | "bytes") => 1,
        (true, "kb") => 1_000,
        (true, "mb") => 1_000_000,
        (true, "gb") => 1_000_000_000,
        (true, "kib") => 1 << 10,
        (true, "mib") => 1 << 20,
        (true, "gib") => 1 << 30,
        _ => return Err(bad()),
    };
    let value = value.saturating_mul(factor);
    if value == 0 {
        return Err(format!(
            "`limits.{}` must be more than 0 (the {} cannot be nothing)",
            limit.name, limit.what
        ));
    }
    if value > limit.ceiling {
        return Err(format!(
            "`limits.{}: {text}` is more than cxlint allows: at most {} ({}); more would let hostile files take time and memory out of proportion",
            limit.name,
            show(limit, limit.ceiling),
            limit.what
        ));
    }
    Ok(value)
}

/// A limit's value as messages show it: `64 MiB`, `1,000`.
pub fn show(limit: &Limit, value: u64) -> String {
    if limit.bytes {
        size(value)
    } else {
        thousands(value)
    }
}

/// `67108864` -> `64 MiB`, `1500` -> `1,500 bytes`, `83886081` -> `80.0 MiB`.
pub fn size(bytes: u64) -> String {
    for (unit, name) in [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] {
        if bytes >= unit {
            return if bytes % unit == 0 {
                format!("{} {name}", thousands(bytes / unit))
            } else {
                format!("{:.1} {name}", bytes as f64 / unit as f64)
            };
        }
    }
    format!("{} bytes", thousands(bytes))
}

/// `1 finding`, `1,000 findings`.
pub fn counted(n: u64, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `20000000` -> `20,000,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What reading a file with a size limit gave.
pub enum Bounded {
    /// The whole file.
    Read(Vec<u8>),
    /// The file is larger than the limit; nothing past the limit was read. The size is the
    /// file's length when known, else at least `limit + 1`.
    TooLarge(u64),
}

/// Read at most `limit + 1` bytes of `path`: a file larger than `limit` is never held in
/// memory whole, however large it is or however it keeps growing.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Bounded> {
    crate::files::trace::read(path);
    let file = std::fs::File::open(path)?;
    let known = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(len) = known.filter(|len| *len > limit) {
        return Ok(Bounded::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(known.unwrap_or(0).min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Bounded::TooLarge(known.unwrap_or(0).max(limit + 1)));
    }
    Ok(Bounded::Read(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_in_plain_units() {
        assert_eq!(parse_value(&FILE_SIZE, "64 MiB"), Ok(64 << 20));
        assert_eq!(parse_value(&FILE_SIZE, "1000"), Ok(1000));
        assert_eq!(parse_value(&FILE_SIZE, "2 MB"), Ok(2_000_000));
        assert_eq!(parse_value(&EVALUATION_STEPS, "20_000_000"), Ok(20_000_000));
        assert_eq!(parse_value(&EVALUATION_STEPS, "1,000"), Ok(1000));
        assert!(parse_value(&NESTING_DEPTH, "10 MiB").is_err());
        assert!(parse_value(&NESTING_DEPTH, "0").is_err());
        assert!(parse_value(&NESTING_DEPTH, "-3").is_err());
        assert!(parse_value(&NESTING_DEPTH, "257")
            .unwrap_err()
            .contains("at most 256"));
        assert!(parse_value(&FILE_SIZE, "99999999999999999999 GiB").is_err());
    }

    #[test]
    fn sizes_and_numbers_read_plainly() {
        assert_eq!(size(64 << 20), "64 MiB");
        assert_eq!(size(80 * (1 << 20) + 1), "80.0 MiB");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(thousands(20_000_000), "20,000,000");
        assert_eq!(thousands(100), "100");
    }

    #[test]
    fn the_budget_grows_only_for_large_programmes() {
        let l = Limits::default();
        assert_eq!(l.step_budget(10), 20_000_000);
        assert_eq!(l.step_budget(100_000), 200_000_000);
        let low = Limits {
            evaluation_steps: 1_000,
            ..Limits::default()
        };
        assert_eq!(low.step_budget(50_000), 5_000);
    }
}
