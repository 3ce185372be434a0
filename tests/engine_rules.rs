//! The built-in rules: they load, and each carries what users and the test command need.

use cxlint::engine::RuleSet;

#[test]
fn builtin_rules_load_without_errors() {
    if let Err(errors) = RuleSet::builtin_checked() {
        for e in &errors {
            let (l, c) = e.start();
            eprintln!("{}:{}:{}: {} ({:?})", e.file.path, l, c, e.message, e.help);
        }
        panic!("{} problems in the built-in rules", errors.len());
    }
}
