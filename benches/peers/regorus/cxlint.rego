# Four cxlint rules (FM06, FM10, CC06, EB01) in Rego, as benches/peers/spectral.yaml
# writes them for Spectral, on a programme exported with `cxlint export`
# (docs/language.md, the JSON export). `findings` is the set of what they find.
package cxlint

customer_types := {
	"retention", "repeat_purchase", "churn", "lifetime_value", "satisfaction",
	"nps", "effort", "engagement", "complaints_resolved", "referrals",
}

blocks(parent, kind) := object.get(parent.blocks, kind, [])

# FM06: a pay plan puts less than 25% of variable pay on customer outcomes.
findings contains {"code": "FM06", "block": plan.name} if {
	some plan in blocks(input, "pay_plan")
	weight := sum([m.attributes.weight |
		some m in blocks(plan, "metric")
		customer_types[m.attributes.type]
	])
	weight < 25
}

# FM10 (a): technology bought before its requirements are signed off.
findings contains {"code": "FM10", "block": s.name} if {
	some s in blocks(input, "spend")
	s.attributes.category == "technology"
	not requirements_first(s)
}

requirements_first(s) if {
	s.attributes.requirements
	not s.attributes.date
}

requirements_first(s) if {
	s.attributes.requirements <= s.attributes.date
}

# FM10 (b): more spend on technology than on people.
spend_on(category) := sum([to_number(s.attributes.amount.amount) |
	some s in blocks(input, "spend")
	s.attributes.category == category
])

findings contains {"code": "FM10", "block": "programme"} if {
	spend_on("technology") > 0
	spend_on("technology") > spend_on("people")
}

# CC06: a unit with no responsibility to the customer.
findings contains {"code": "CC06", "block": u.name} if {
	some u in blocks(input, "unit")
	object.get(u.attributes, "customer_duty", "") == ""
}

# EB01: a front-facing unit whose staff may spend nothing without approval.
findings contains {"code": "EB01", "block": u.name} if {
	some u in blocks(input, "unit")
	u.attributes.facing == "front"
	not u.attributes.empowerment
}
