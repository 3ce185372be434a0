//! Running one compiled rule on a programme: its effective parameters, each check on
//! each block it is for, the finding's place (`at`) and message.

use crate::Map;

use super::*;

impl CompiledRule {
    pub(super) fn effective_params(&self, settings: Option<&RuleSettings>) -> Vec<Val> {
        self.param_types
            .iter()
            .zip(&self.defaults)
            .map(|((name, ty), default)| {
                settings
                    .and_then(|s| s.params.get(name))
                    .and_then(|text| load::param_value(ty, text).ok())
                    .unwrap_or_else(|| default.clone())
            })
            .collect()
    }

    pub(super) fn run(
        &self,
        ev: &mut Evaluator<'_, '_>,
        by_kind: &Map<&str, Vec<NodeId>>,
        severity: Severity,
        out: &mut dyn FnMut(Diagnostic),
    ) -> Result<(), OutOfSteps> {
        let programme = ev.ctx.programme;
        for check in &self.checks {
            let targets: &[NodeId] = match check.for_kind {
                Some(kind) => by_kind.get(kind).map(|v| v.as_slice()).unwrap_or(&[]),
                None => &[0],
            };
            if targets.is_empty() {
                continue;
            }
            ev.frame = vec![Val::Missing; check.slots];
            ev.lifted(&check.fixed_lets)?;
            let fixed = ev.frame.clone();
            for &node in targets {
                ev.self_node = node;
                ev.frame.clone_from(&fixed);
                for (slot, ir) in &check.lets {
                    let v = ev.eval(ir)?;
                    if let Some(s) = ev.frame.get_mut(*slot) {
                        *s = v;
                    }
                }
                if !ev.eval(&check.when)?.truthy() {
                    continue;
                }
                let (block, loc) = match &check.at {
                    Some(at) => locate(ev, at)?.unwrap_or((node, None)),
                    None => (node, None),
                };
                let block_node = programme.node(block);
                let loc = loc.unwrap_or_else(|| block_node.header.clone());
                let mut message = String::new();
                let mut chars = 0;
                for piece in &check.message {
                    if chars > MAX_MESSAGE_CHARS {
                        break;
                    }
                    let shown;
                    let text = match piece {
                        Piece::Text(t) => t.as_str(),
                        Piece::Expr(ir) => {
                            let v = ev.eval(ir)?;
                            shown = v.show(programme, ev.ctx.titles);
                            shown.as_str()
                        }
                    };
                    chars += text.chars().count();
                    message.push_str(text);
                }
                if chars > MAX_MESSAGE_CHARS {
                    let cut = message
                        .char_indices()
                        .nth(MAX_MESSAGE_CHARS - 1)
                        .map_or(message.len(), |(i, _)| i);
                    message.truncate(cut);
                    message.push('…');
                }
                out(Diagnostic::new(
                    &self.meta.code,
                    &self.meta.name,
                    severity,
                    programme.file_of(&loc),
                    loc.span.clone(),
                    message,
                )
                .with_help(check.help.clone().unwrap_or_else(|| self.meta.help.clone()))
                .with_block_and_path(programme, block_node));
            }
        }
        Ok(())
    }
}

/// What `at` points at: a block, and the attribute's place when it names a written
/// attribute. Navigation that reaches nothing falls back to the last block reached.
fn locate(
    ev: &mut Evaluator<'_, '_>,
    at: &Ir,
) -> Result<Option<(NodeId, Option<Loc>)>, OutOfSteps> {
    match at {
        Ir::Attr(base, key, _) => match ev.eval(base)? {
            Val::Block(node) => {
                let loc = ev
                    .ctx
                    .programme
                    .nodes
                    .get(node)
                    .and_then(|n| n.attr(key))
                    .filter(|a| !a.defaulted)
                    .map(|a| a.loc.clone());
                Ok(Some((node, loc)))
            }
            _ => locate(ev, base),
        },
        Ir::Let(slot, value, body) => {
            let v = ev.eval(value)?;
            if let Some(s) = ev.frame.get_mut(*slot) {
                *s = v;
            }
            locate(ev, body)
        }
        Ir::Children(base, _, _) => match ev.eval(at)? {
            Val::Block(id) => Ok(Some((id, None))),
            _ => locate(ev, base),
        },
        _ => match ev.eval(at)? {
            Val::Block(id) => Ok(Some((id, None))),
            _ => Ok(None),
        },
    }
}
