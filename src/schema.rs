//! The schema of the plan language (language.md §3-4): which blocks exist, where they may
//! appear, their attributes with types, requirements and defaults, and the metric classes.
//! The model builder checks files against it and the rule language type-checks rules
//! against it, so both agree on every name.
//!
//! Over 600 lines on purpose: it is one table (every block and attribute of the language),
//! kept in one place so that the builder, the rule language and the editor read the same
//! names; splitting it by block would scatter the contract.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Num,
    Money,
    Pct,
    Dur,
    Date,
    Bool,
    /// A free word (`stages = [onboarding, renewal]`).
    Word,
    /// A word from a closed set.
    Enum(&'static EnumDef),
    /// The label of a block of this kind.
    Ref(&'static str),
    List(&'static Ty),
    /// The type, or the word `none` ("explicitly nothing").
    OrNone(&'static Ty),
    /// One of several types (`kpi.target`).
    OneOf(&'static [Ty]),
    /// A single reference or a list of them, normalised to a list (`pay_plan.applies_to`).
    RefOrList(&'static str),
}

/// A closed set of words, with optional per-word properties (metric types have a class).
#[derive(Debug, PartialEq, Eq)]
pub struct EnumDef {
    pub name: &'static str,
    pub values: &'static [&'static str],
}

#[derive(Debug)]
pub struct AttrSchema {
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// Written as in a `.cxp` file; filled in by the model when the attribute is absent.
    pub default: Option<&'static str>,
    pub meaning: &'static str,
    /// What a value may be beyond its type (E012).
    pub bound: Bound,
    /// Required when another attribute of the block has a given word (E010).
    pub required_when: Option<&'static RequiredWhen>,
}

/// The range a value of an attribute must lie in, with the help that says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Any,
    /// A share of a whole: 0 % to 100 %.
    Share {
        help: &'static str,
    },
    /// A number of things: zero or more.
    Count {
        help: &'static str,
    },
}

/// An attribute a block must have once another attribute has a given word: a declined
/// segment says why it is declined.
#[derive(Debug, PartialEq, Eq)]
pub struct RequiredWhen {
    pub key: &'static str,
    pub word: &'static str,
    /// Completes "segment \"X\" …": what is missing, in words.
    pub missing: &'static str,
    pub help: &'static str,
}

impl AttrSchema {
    const fn share(mut self, help: &'static str) -> AttrSchema {
        self.bound = Bound::Share { help };
        self
    }

    const fn count(mut self, help: &'static str) -> AttrSchema {
        self.bound = Bound::Count { help };
        self
    }

    const fn required_when(mut self, when: &'static RequiredWhen) -> AttrSchema {
        self.required_when = Some(when);
        self
    }
}

#[derive(Debug)]
pub struct BlockSchema {
    pub kind: &'static str,
    /// Whether the block takes a label (`unit "Care"`); `strategy` takes none.
    pub labelled: bool,
    /// Kinds of block it may appear in (`programme` for top-level kinds).
    pub parent: &'static str,
    /// At most this many per parent (`strategy`: one).
    pub max: Option<usize>,
    pub attrs: &'static [AttrSchema],
    /// Child block kinds (`pay_plan` holds `metric`).
    pub children: &'static [&'static str],
    /// Child kinds of which at least one is required (E010).
    pub required_children: &'static [&'static str],
    pub meaning: &'static str,
}

impl BlockSchema {
    pub fn attr(&self, key: &str) -> Option<&'static AttrSchema> {
        self.attr_at(key).map(|(_, a)| a)
    }

    /// [`BlockSchema::attr`] with its place among the block's attributes (below
    /// [`MAX_ATTRS`]).
    pub fn attr_at(&self, key: &str) -> Option<(usize, &'static AttrSchema)> {
        self.attrs.iter().enumerate().find(|(_, a)| a.key == key)
    }

    /// How many of its attributes have a default.
    pub fn defaults(&self) -> usize {
        self.attrs.iter().filter(|a| a.default.is_some()).count()
    }
}

const fn attr(key: &'static str, ty: Ty, meaning: &'static str) -> AttrSchema {
    AttrSchema {
        key,
        ty,
        required: false,
        default: None,
        meaning,
        bound: Bound::Any,
        required_when: None,
    }
}

const fn req(key: &'static str, ty: Ty, meaning: &'static str) -> AttrSchema {
    AttrSchema {
        key,
        ty,
        required: true,
        default: None,
        meaning,
        bound: Bound::Any,
        required_when: None,
    }
}

const fn dflt(
    key: &'static str,
    ty: Ty,
    default: &'static str,
    meaning: &'static str,
) -> AttrSchema {
    AttrSchema {
        key,
        ty,
        required: false,
        default: Some(default),
        meaning,
        bound: Bound::Any,
        required_when: None,
    }
}

pub static IDENTITY: EnumDef = EnumDef {
    name: "identity",
    values: &["customer_pleaser", "efficiency_chaser"],
};
pub static CUSTOMER_ROLE: EnumDef = EnumDef {
    name: "customer role",
    values: &["end", "means"],
};
pub static STANCE: EnumDef = EnumDef {
    name: "stance",
    values: &["serve", "decline"],
};
pub static FACING: EnumDef = EnumDef {
    name: "facing",
    values: &["front", "back"],
};
pub static BACKGROUND: EnumDef = EnumDef {
    name: "background",
    values: &[
        "finance",
        "operations",
        "engineering",
        "legal",
        "marketing",
        "sales",
        "service",
        "hr",
        "customer",
    ],
};
pub static METRIC_TYPE: EnumDef = EnumDef {
    name: "metric type",
    values: &[
        "new_customers",
        "leads",
        "conversions",
        "revenue",
        "units_sold",
        "calls_handled",
        "tickets_closed",
        "utilisation",
        "cost",
        "handle_time",
        "cost_savings",
        "productivity",
        "retention",
        "repeat_purchase",
        "churn",
        "lifetime_value",
        "satisfaction",
        "nps",
        "effort",
        "engagement",
        "complaints_resolved",
        "referrals",
        "employee_engagement",
        "activity",
        "survey_item",
    ],
};
pub static METRIC_CLASS: EnumDef = EnumDef {
    name: "metric class",
    values: &[
        "acquisition",
        "volume",
        "efficiency",
        "customer",
        "employee",
        "step",
    ],
};
pub static SCOPE: EnumDef = EnumDef {
    name: "scope",
    values: &["individual", "team", "unit", "company"],
};
pub static SPEND_CATEGORY: EnumDef = EnumDef {
    name: "spend category",
    values: &["technology", "people", "marketing", "service", "operations"],
};
pub static SPEND_PURPOSE: EnumDef = EnumDef {
    name: "spend purpose",
    values: &["acquisition", "retention", "experience", "efficiency"],
};
pub static ELEMENT: EnumDef = EnumDef {
    name: "relationship element",
    values: &[
        "involvement",
        "generosity",
        "interaction",
        "privilege",
        "choice",
        "authenticity",
    ],
};
pub static CHANNEL: EnumDef = EnumDef {
    name: "listening channel",
    values: &[
        "survey",
        "interview",
        "complaints",
        "social",
        "advisory_board",
        "usage_data",
        "frontline_notes",
    ],
};
pub static TRIGGER: EnumDef = EnumDef {
    name: "trigger",
    values: &["event", "realtime", "periodic"],
};
pub static CRITERION: EnumDef = EnumDef {
    name: "hiring criterion",
    values: &[
        "skills",
        "experience",
        "qualifications",
        "attitude",
        "passion",
        "empathy",
        "values",
    ],
};
pub static INITIATIVE_KIND: EnumDef = EnumDef {
    name: "initiative kind",
    values: &[
        "cost_reduction",
        "reorg",
        "campaign",
        "process_change",
        "tooling",
        "training",
    ],
};
pub static PROMISE_CHANNEL: EnumDef = EnumDef {
    name: "promise channel",
    values: &[
        "advertising",
        "brand",
        "contract",
        "sales_script",
        "website",
    ],
};

/// The class of each metric type (language.md §4).
pub fn metric_class(metric_type: &str) -> Option<&'static str> {
    Some(match metric_type {
        "new_customers" | "leads" | "conversions" => "acquisition",
        "revenue" | "units_sold" | "calls_handled" | "tickets_closed" | "utilisation" => "volume",
        "cost" | "handle_time" | "cost_savings" | "productivity" => "efficiency",
        "retention"
        | "repeat_purchase"
        | "churn"
        | "lifetime_value"
        | "satisfaction"
        | "nps"
        | "effort"
        | "engagement"
        | "complaints_resolved"
        | "referrals" => "customer",
        "employee_engagement" => "employee",
        "activity" | "survey_item" => "step",
        _ => return None,
    })
}

static STR: Ty = Ty::Str;
static MONEY: Ty = Ty::Money;
static DATE: Ty = Ty::Date;
static WORD: Ty = Ty::Word;
static ELEMENT_TY: Ty = Ty::Enum(&ELEMENT);
static CRITERION_TY: Ty = Ty::Enum(&CRITERION);
static UNIT_REF: Ty = Ty::Ref("unit");
static INITIATIVE_REF: Ty = Ty::Ref("initiative");

pub static PROGRAMME: BlockSchema = BlockSchema {
    kind: "programme",
    labelled: true,
    parent: "",
    max: Some(1),
    attrs: &[
        req("currency", Ty::Word, "the ISO currency every amount uses"),
        attr("horizon", Ty::Dur, "how long the strategy is meant to hold"),
        attr("updated", Ty::Date, "when the plan was last updated"),
    ],
    children: &[
        "strategy",
        "segment",
        "unit",
        "executive",
        "pay_plan",
        "spend",
        "product",
        "relationship",
        "listening",
        "kpi",
        "hiring",
        "initiative",
        "promise",
        "previous_strategy",
        "objective",
    ],
    required_children: &[],
    meaning: "one company's customer programme",
};

/// The most attributes a block may have: the builder keeps the keys written in a block
/// as bits of a 64-bit word.
pub const MAX_ATTRS: usize = 64;

pub static BLOCKS: &[&BlockSchema] = &[
    &PROGRAMME,
    &BlockSchema {
        kind: "strategy",
        labelled: false,
        parent: "programme",
        max: Some(1),
        attrs: &[
            attr(
                "identity",
                Ty::Enum(&IDENTITY),
                "who we are: customer pleaser or efficiency chaser",
            ),
            attr(
                "customer_role",
                Ty::Enum(&CUSTOMER_ROLE),
                "whether the customer is the end or a means",
            ),
            attr(
                "experience",
                Ty::Str,
                "the core total experience, in a sentence",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "the strategic choices",
    },
    &BlockSchema {
        kind: "segment",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req(
                "stance",
                Ty::Enum(&STANCE),
                "serve them, or deliberately give them up",
            ),
            attr("reason", Ty::Str, "why; required when stance = decline").required_when(
                &RequiredWhen {
                    key: "stance",
                    word: "decline",
                    missing: "is declined but gives no `reason`",
                    help: "add `reason = \"…\"`: why these customers are given up",
                },
            ),
            attr("values", Ty::List(&STR), "what matters most to them"),
            attr(
                "values_source",
                Ty::Ref("listening"),
                "the listening channel that told us",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "a group of customers",
    },
    &BlockSchema {
        kind: "unit",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            attr("parent", Ty::Ref("unit"), "the unit it reports to"),
            attr("head", Ty::Str, "title of its head"),
            attr("headcount", Ty::Num, "number of people")
                .count("a headcount is a number of people: zero or more"),
            req(
                "facing",
                Ty::Enum(&FACING),
                "front = serves customers directly",
            ),
            attr(
                "customer_duty",
                Ty::Str,
                "its responsibility to the customer",
            ),
            attr(
                "empowerment",
                Ty::OrNone(&MONEY),
                "what a front-line employee may spend without approval",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "a node of the org chart",
    },
    &BlockSchema {
        kind: "executive",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("background", Ty::Enum(&BACKGROUND), "career background"),
            dflt("sponsor", Ty::Bool, "no", "sponsors this programme"),
        ],
        children: &[],
        required_children: &[],
        meaning: "a member of the executive team",
    },
    &BlockSchema {
        kind: "pay_plan",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("applies_to", Ty::RefOrList("unit"), "the units it pays"),
            attr(
                "on_target",
                Ty::Money,
                "on-target earnings per person per year",
            ),
            attr(
                "variable",
                Ty::Pct,
                "share of on-target pay that is variable",
            )
            .share("a share of pay lies between 0% and 100%"),
        ],
        children: &["metric"],
        required_children: &["metric"],
        meaning: "variable pay for a group",
    },
    &BlockSchema {
        kind: "metric",
        labelled: true,
        parent: "pay_plan",
        max: None,
        attrs: &[
            req("type", Ty::Enum(&METRIC_TYPE), "what is measured"),
            req("weight", Ty::Pct, "share of the plan's variable pay")
                .share("a share of pay lies between 0% and 100%"),
            dflt(
                "scope",
                Ty::Enum(&SCOPE),
                "individual",
                "whose result counts",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "one measure a pay plan pays on",
    },
    &BlockSchema {
        kind: "spend",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("category", Ty::Enum(&SPEND_CATEGORY), "what the money buys"),
            attr("purpose", Ty::Enum(&SPEND_PURPOSE), "what the money is for"),
            req("amount", Ty::Money, "per year"),
            attr("date", Ty::Date, "when it is committed or bought"),
            attr(
                "requirements",
                Ty::OrNone(&DATE),
                "when its requirements were signed off",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "a budget line",
    },
    &BlockSchema {
        kind: "product",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req(
                "release_every",
                Ty::Dur,
                "planned interval between significant releases",
            ),
            attr(
                "last_release",
                Ty::Date,
                "when it was last significantly released",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "a product",
    },
    &BlockSchema {
        kind: "relationship",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("segment", Ty::Ref("segment"), "the segment it is with"),
            req(
                "horizon",
                Ty::Dur,
                "how far ahead the relationship is planned",
            ),
            attr("stages", Ty::List(&WORD), "its stages"),
            attr(
                "elements",
                Ty::List(&ELEMENT_TY),
                "what the relationship is made of",
            ),
            attr("owner", Ty::Ref("unit"), "the unit that owns it"),
            attr(
                "review_every",
                Ty::Dur,
                "how often the experience is reviewed and reworked",
            ),
            attr("recovery", Ty::Str, "how a customer in trouble is helped"),
            attr(
                "memory",
                Ty::OrNone(&STR),
                "how staff keep each customer's details, history and preferences at hand",
            ),
            attr(
                "surprise",
                Ty::OrNone(&STR),
                "the planned moment of truth: what exceeds what this customer expects",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "a planned relationship with a segment after the first sale",
    },
    &BlockSchema {
        kind: "listening",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("channel", Ty::Enum(&CHANNEL), "how customers are heard"),
            req("trigger", Ty::Enum(&TRIGGER), "what starts a request"),
            attr(
                "every",
                Ty::Dur,
                "interval, or the shortest gap between two requests to one customer",
            ),
            attr("owner", Ty::Ref("unit"), "the unit that owns it"),
            attr("action", Ty::OrNone(&STR), "how findings are acted on"),
        ],
        children: &[],
        required_children: &[],
        meaning: "a feedback channel",
    },
    &BlockSchema {
        kind: "kpi",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("type", Ty::Enum(&METRIC_TYPE), "what is measured"),
            attr("reported_to", Ty::Str, "who sees it"),
            attr(
                "target",
                Ty::OneOf(&[Ty::Num, Ty::Pct, Ty::Money, Ty::Dur]),
                "the goal",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "a measure on the management scorecard",
    },
    &BlockSchema {
        kind: "hiring",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("unit", Ty::Ref("unit"), "the unit it hires for"),
            req(
                "criteria",
                Ty::List(&CRITERION_TY),
                "what candidates are chosen for",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "a hiring profile",
    },
    &BlockSchema {
        kind: "initiative",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req(
                "kind",
                Ty::Enum(&INITIATIVE_KIND),
                "what sort of change it is",
            ),
            attr("affects", Ty::List(&UNIT_REF), "units it changes"),
            attr("savings", Ty::Money, "for cost reductions"),
            attr(
                "customer_impact",
                Ty::OrNone(&STR),
                "assessed impact on customers",
            ),
            attr(
                "change_plan",
                Ty::OrNone(&STR),
                "training, coaching, communication, buy-in",
            ),
            attr("owner", Ty::Ref("unit"), "the unit that owns it"),
            attr("due", Ty::Date, "when it is due"),
        ],
        children: &[],
        required_children: &[],
        meaning: "a piece of change",
    },
    &BlockSchema {
        kind: "promise",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            attr(
                "channel",
                Ty::Enum(&PROMISE_CHANNEL),
                "where customers are told",
            ),
            attr(
                "backed_by",
                Ty::List(&INITIATIVE_REF),
                "initiatives that make it true",
            ),
        ],
        children: &[],
        required_children: &[],
        meaning: "something told to customers",
    },
    &BlockSchema {
        kind: "previous_strategy",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            req("adopted", Ty::Date, "when it was adopted"),
            req("retired", Ty::Date, "when it was replaced"),
            attr("reason", Ty::Str, "why it was replaced"),
        ],
        children: &[],
        required_children: &[],
        meaning: "a strategy the programme replaced",
    },
    &BlockSchema {
        kind: "objective",
        labelled: true,
        parent: "programme",
        max: None,
        attrs: &[
            attr("owner", Ty::Ref("unit"), "who delivers it"),
            attr("due", Ty::Date, "when it is due"),
            attr("kpi", Ty::Ref("kpi"), "how it is measured"),
        ],
        children: &[],
        required_children: &[],
        meaning: "a piece of the operating plan",
    },
];

/// Dates of one block that must come in order: (kind, earlier, later). A later date
/// before the earlier one is E012, at the later one.
pub const DATE_ORDER: &[(&str, &str, &str)] = &[("previous_strategy", "adopted", "retired")];

/// "a" or "an" before a word, as it is spoken ("an initiative", "a unit").
pub fn article(word: &str) -> &'static str {
    // "a unit", "a user": a `u` read as "you" takes "a".
    let you = ["uni", "use", "usu"].iter().any(|p| word.starts_with(p));
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) && !you {
        "an"
    } else {
        "a"
    }
}

/// The schema of a block kind.
pub fn block(kind: &str) -> Option<&'static BlockSchema> {
    BLOCKS.iter().copied().find(|b| b.kind == kind)
}

/// Every block kind name, for "did you mean" suggestions.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    BLOCKS.iter().map(|b| b.kind)
}

/// `segment` -> "segment"; `pay_plan` -> "pay plan": how a kind is named in messages.
pub fn kind_words(kind: &str) -> String {
    let mut out = String::with_capacity(kind.len());
    push_kind_words(&mut out, kind);
    out
}

/// [`kind_words`], appended to `out`.
pub fn push_kind_words(out: &mut String, kind: &str) {
    for (i, part) in kind.split('_').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_conditions_fit_their_attributes() {
        for b in BLOCKS {
            for a in b.attrs {
                match a.bound {
                    Bound::Share { .. } => assert_eq!(a.ty, Ty::Pct, "{}.{}", b.kind, a.key),
                    Bound::Count { .. } => assert_eq!(a.ty, Ty::Num, "{}.{}", b.kind, a.key),
                    Bound::Any => {}
                }
                if let Some(when) = a.required_when {
                    let Some(Ty::Enum(e)) = b.attr(when.key).map(|k| k.ty) else {
                        panic!(
                            "{}.{}: `{}` is not a word attribute",
                            b.kind, a.key, when.key
                        );
                    };
                    assert!(e.values.contains(&when.word), "{}.{}", b.kind, a.key);
                }
            }
        }
    }

    #[test]
    fn no_block_has_more_attributes_than_the_builder_counts() {
        for b in BLOCKS {
            assert!(
                b.attrs.len() <= MAX_ATTRS,
                "{} has {}",
                b.kind,
                b.attrs.len()
            );
            for (i, a) in b.attrs.iter().enumerate() {
                assert_eq!(
                    b.attr_at(a.key).map(|(at, _)| at),
                    Some(i),
                    "{}.{} twice",
                    b.kind,
                    a.key
                );
            }
        }
    }

    #[test]
    fn every_metric_type_has_a_class() {
        for t in METRIC_TYPE.values {
            let class = metric_class(t).unwrap();
            assert!(METRIC_CLASS.values.contains(&class));
        }
    }

    #[test]
    fn children_and_references_name_real_kinds() {
        for b in BLOCKS {
            for c in b.children {
                assert_eq!(block(c).unwrap().parent, b.kind);
            }
        }
    }
}
