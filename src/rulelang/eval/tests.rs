//! Unit tests of the evaluator: what reading values in place costs.

use super::*;
use crate::model::Programme;

/// Values read where they are held (literals, slots) cost the steps they cost when
/// copied: one per expression evaluated, whichever side of an operator they are on.
#[test]
fn every_expression_read_costs_one_step() {
    let programme = Programme {
        nodes: Vec::new(),
        files: Vec::new(),
        allows: Vec::new(),
    };
    let ctx = Context::new(&programme, &[], &[], &[], String::new());
    let lit = |v: Val| Box::new(Ir::Lit(v));
    let text = |s: &str| lit(Val::Str(s.into()));
    let slot = || Box::new(Ir::Slot(0));
    // Not a literal nor a slot: `not false`, two steps.
    let computed = || Box::new(Ir::Not(lit(Val::Bool(false))));
    let words = || {
        lit(Val::list(vec![
            Val::Str("tbd".into()),
            Val::Str("n/a".into()),
        ]))
    };
    let cases: Vec<(Ir, u64, Val)> = vec![
        (
            Ir::Cmp(BinOp::Ne, slot(), lit(Val::None)),
            3,
            Val::Bool(true),
        ),
        (
            Ir::Cmp(BinOp::Eq, lit(Val::None), slot()),
            3,
            Val::Bool(false),
        ),
        (Ir::Cmp(BinOp::Eq, slot(), slot()), 3, Val::Bool(true)),
        (Ir::Cmp(BinOp::Eq, computed(), slot()), 4, Val::Bool(false)),
        (Ir::Cmp(BinOp::Eq, slot(), computed()), 4, Val::Bool(false)),
        (
            Ir::Cmp(BinOp::Eq, computed(), computed()),
            5,
            Val::Bool(true),
        ),
        (Ir::In(slot(), words()), 3, Val::Bool(true)),
        (Ir::In(computed(), words()), 4, Val::Bool(false)),
        (Ir::StartsWith(slot(), text("tb")), 3, Val::Bool(true)),
        (Ir::StartsWith(text("tbd"), slot()), 3, Val::Bool(true)),
        (Ir::Present(slot()), 2, Val::Bool(true)),
        (Ir::Missing(lit(Val::Missing)), 2, Val::Bool(true)),
        (Ir::Empty(computed()), 3, Val::Bool(false)),
    ];
    for (ir, steps, expected) in cases {
        let mut ev = Evaluator::new(&ctx, 0, 1, 100);
        ev.frame[0] = Val::Str("tbd".into());
        assert_eq!(ev.eval(&ir), Ok(expected), "{ir:?}");
        assert_eq!(100 - ev.steps_left, steps, "{ir:?}");
        // One step short, the evaluation stops.
        let mut short = Evaluator::new(&ctx, 0, 1, steps - 1);
        assert_eq!(short.eval(&ir), Err(OutOfSteps), "{ir:?}");
    }
}
