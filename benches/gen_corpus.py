#!/usr/bin/env python3
"""Deterministic benchmark corpus for cxlint.

    gen_corpus.py corpus OUT_DIR [--files N] [--seed S]
        N programmes (default 10,000) of realistic variety: every block kind, 1-50 KB
        each, about one in ten split into a root and included fragments, about one in a
        hundred with a deliberate error (syntax, unknown key, bad reference).
    gen_corpus.py scaling OUT_DIR [--factors 1,10,100]
        the same programme at 1x, 10x, 100x its block counts: scale-1.cxp, scale-10.cxp, ...
    gen_corpus.py findings OUT_DIR [--kb 840] [--findings 10000]
        one programme of about KB kilobytes with about that many findings (front-line
        units without a duty, empowerment or hiring profile: four findings each, comment
        lines between them): findings.cxp, and a cxlint.yaml that shows every finding
        (limits.diagnostics_per_file), for the cost of printing findings.

The same arguments always write the same bytes.
"""
import argparse
import os
import random

CATEGORIES = ["technology", "people", "marketing", "service", "operations"]
PURPOSES = ["acquisition", "retention", "experience", "efficiency"]
METRICS = ["new_customers", "leads", "revenue", "cost", "handle_time", "retention",
           "repeat_purchase", "churn", "satisfaction", "nps", "effort", "engagement",
           "referrals", "employee_engagement", "activity", "tickets_closed"]
CHANNELS = ["survey", "interview", "complaints", "social", "advisory_board", "usage_data",
            "frontline_notes"]
TRIGGERS = ["event", "realtime", "periodic"]
CRITERIA = ["skills", "experience", "qualifications", "attitude", "passion", "empathy",
            "values"]
ELEMENTS = ["involvement", "generosity", "interaction", "privilege", "choice",
            "authenticity"]
KINDS = ["cost_reduction", "reorg", "campaign", "process_change", "tooling", "training"]
BACKGROUNDS = ["finance", "operations", "engineering", "legal", "marketing", "sales",
               "service", "hr", "customer"]
WORDS = ["north", "south", "east", "west", "metro", "rural", "online", "retail", "premium",
         "basic", "field", "branch", "contact", "digital", "enterprise", "small business"]


def name(rng, prefix, i):
    return f"{prefix} {rng.choice(WORDS)} {i}"


def weights(rng, n):
    """n integer percentages summing to 100."""
    cuts = sorted(rng.sample(range(1, 100), n - 1)) if n > 1 else []
    points = [0] + cuts + [100]
    return [points[k + 1] - points[k] for k in range(n)]


def units(rng, n):
    out = ['  unit "HQ" {\n    facing = back\n    customer_duty = "Owns the promise"\n  }\n']
    for i in range(1, n):
        parent = "HQ" if i < 4 else f"Unit {rng.randrange(1, i)}"
        front = rng.random() < 0.5
        lines = [f'  unit "Unit {i}" {{', f'    parent = "{parent}"',
                 f"    headcount = {rng.randrange(3, 400)}",
                 f"    facing = {'front' if front else 'back'}"]
        if rng.random() < 0.8:
            lines.append(f'    customer_duty = "Answers for {rng.choice(WORDS)} customers"')
        if front and rng.random() < 0.7:
            lines.append(f"    empowerment = {rng.randrange(50, 900)} USD")
        out.append("\n".join(lines) + "\n  }\n")
    return out


def body(rng, scale, unit_count):
    """The blocks of one programme; `scale` multiplies every block count."""
    out = []
    out.append('  strategy {\n    identity = customer_pleaser\n    customer_role = end\n'
               '    experience = "Fixed on the first call"\n  }\n')
    out += units(rng, unit_count)
    for i in range(2 * scale):
        out.append(f'  segment "Segment {i}" {{\n    stance = {"decline" if i == 0 else "serve"}\n'
                   f'    reason = "Cost to serve above lifetime value"\n'
                   f'    values = ["{rng.choice(WORDS)}", "{rng.choice(WORDS)}"]\n'
                   f'    values_source = "Channel 0"\n  }}\n')
    for i in range(2 * scale):
        out.append(f'  executive "Exec {i}" {{ background = {rng.choice(BACKGROUNDS)}'
                   f'  sponsor = {"yes" if i == 0 else "no"} }}\n')
    for i in range(3 * scale):
        n = rng.randrange(1, 5)
        metrics = "".join(
            f'    metric "M{k}" {{ type = {rng.choice(METRICS)}  weight = {w}%'
            f'{"  scope = company" if rng.random() < 0.4 else ""} }}\n'
            for k, w in enumerate(weights(rng, n)))
        out.append(f'  pay_plan "Plan {i}" {{\n    applies_to = ["Unit {rng.randrange(1, unit_count)}"]\n'
                   f"    on_target = {rng.randrange(40, 200)}k USD\n    variable = {rng.randrange(5, 60)}%\n"
                   f"{metrics}  }}\n")
    for i in range(4 * scale):
        cat = rng.choice(CATEGORIES)
        req = '\n    requirements = 2026-01-15' if cat == "technology" and rng.random() < 0.6 else ""
        out.append(f'  spend "Spend {i}" {{\n    category = {cat}\n    purpose = {rng.choice(PURPOSES)}\n'
                   f"    amount = {rng.randrange(1, 900) / 10}M USD\n    date = 2026-0{rng.randrange(1, 9)}{req}\n  }}\n")
    for i in range(scale):
        out.append(f'  product "Product {i}" {{ release_every = {rng.randrange(2, 18)} months'
                   f"  last_release = 2026-0{rng.randrange(1, 9)}-01 }}\n")
    for i in range(2 * scale):
        out.append(f'  relationship "Relationship {i}" {{\n    segment = "Segment {i}"\n'
                   f"    horizon = {rng.randrange(6, 48)} months\n"
                   f"    stages = [onboarding, first_service, renewal]\n"
                   f"    elements = [{', '.join(rng.sample(ELEMENTS, 2))}]\n"
                   f'    owner = "Unit {rng.randrange(1, unit_count)}"\n'
                   f"    review_every = {rng.randrange(1, 12)} months\n"
                   f'    recovery = "A named person calls back within a day"\n  }}\n')
    for i in range(3 * scale):
        ch = rng.choice(CHANNELS)
        trig = rng.choice(TRIGGERS)
        every = f"\n    every = {rng.randrange(7, 120)} days" if trig == "periodic" or ch == "survey" else ""
        out.append(f'  listening "Channel {i}" {{\n    channel = {ch}\n    trigger = {trig}{every}\n'
                   f'    action = "Weekly review with the owning unit"\n  }}\n')
    for i in range(4 * scale):
        out.append(f'  kpi "KPI {i}" {{ type = {rng.choice(METRICS)}  reported_to = "Board"'
                   f"  target = {rng.randrange(1, 99)}% }}\n")
    for i in range(2 * scale):
        out.append(f'  hiring "Profile {i}" {{\n    unit = "Unit {rng.randrange(1, unit_count)}"\n'
                   f"    criteria = [{', '.join(rng.sample(CRITERIA, 3))}]\n  }}\n")
    for i in range(3 * scale):
        kind = rng.choice(KINDS)
        out.append(f'  initiative "Initiative {i}" {{\n    kind = {kind}\n'
                   f'    affects = ["Unit {rng.randrange(1, unit_count)}"]\n'
                   f"    savings = {rng.randrange(1, 50)}00k USD\n"
                   f'    customer_impact = "Assessed with the front line"\n'
                   f'    change_plan = "Training and coaching for managers"\n'
                   f'    owner = "Unit {rng.randrange(1, unit_count)}"\n    due = 2027-Q{rng.randrange(1, 5)}\n  }}\n')
    for i in range(2 * scale):
        out.append(f'  promise "Promise {i}" {{ channel = advertising'
                   f'  backed_by = ["Initiative {rng.randrange(0, 3 * scale)}"] }}\n')
    for i in range(3 * scale):
        out.append(f'  objective "Objective {i}" {{ owner = "Unit {rng.randrange(1, unit_count)}"'
                   f'  due = 2027-0{rng.randrange(1, 10)}  kpi = "KPI {rng.randrange(0, 4 * scale)}" }}\n')
    return out


def programme(rng, title, scale, unit_count):
    head = (f'# Generated benchmark programme\nprogramme "{title}" {{\n  currency = USD\n'
            f"  horizon = {rng.randrange(12, 60)} months\n  updated = 2026-11-01\n\n")
    return head, body(rng, scale, unit_count)


BREAKAGES = [
    ("  horizon", "  horizon = = 3 months\n  horzion"),   # a syntax error
    ("facing = front", "facing = frontt"),                # an unknown enum word
    ('segment = "Segment 0"', 'segment = "Segmant 0"'),   # a bad reference
]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def corpus(out, files, seed):
    rng = random.Random(seed)
    total = 0
    for n in range(files):
        # Sizes spread from about 1 KB to about 50 KB.
        scale = 1 + int(rng.random() ** 3 * 10)
        unit_count = 4 + scale * 3
        head, blocks = programme(rng, f"Programme {n}", scale, unit_count)
        folder = os.path.join(out, f"org{n // 100:03}")
        if n % 10 == 3:
            # Split: units in one fragment, the rest in another.
            unit_blocks = [b for b in blocks if b.startswith("  unit ")]
            rest = [b for b in blocks if not b.startswith("  unit ")]
            base = f"p{n:05}"
            write(os.path.join(folder, base, "org.cxp"), "# fragment\n" + "".join(unit_blocks))
            write(os.path.join(folder, base, "rest.cxp"), "# fragment\n" + "".join(rest))
            text = head + '  include "org.cxp"\n  include "rest.cxp"\n}\n'
            write(os.path.join(folder, base, "main.cxp"), text)
            total += len(text) + sum(map(len, blocks))
            continue
        text = head + "\n".join(blocks) + "}\n"
        if n % 100 == 42:
            old, new = BREAKAGES[(n // 100) % len(BREAKAGES)]
            text = text.replace(old, new, 1)
        write(os.path.join(folder, f"p{n:05}.cxp"), text)
        total += len(text)
    print(f"{files} programmes, {total / 1e6:.1f} MB in {out}")


def scaling(out, factors, seed):
    for factor in factors:
        rng = random.Random(seed)
        head, blocks = programme(rng, f"Scaled x{factor}", factor, 4 + 3 * factor)
        text = head + "\n".join(blocks) + "}\n"
        write(os.path.join(out, f"scale-{factor}.cxp"), text)
        print(f"scale-{factor}.cxp: {len(text) / 1e3:.0f} KB")


def findings(out, kb, count, seed):
    rng = random.Random(seed)
    units = max(1, count // 4)
    head = ('# Generated benchmark programme: many findings\nprogramme "Findings" {\n'
            '  currency = USD\n  horizon = 24 months\n  updated = 2026-11-01\n\n'
            '  strategy {\n    identity = customer_pleaser\n    customer_role = end\n'
            '    experience = "Fixed on the first call"\n  }\n'
            '  unit "HQ" {\n    facing = back\n    customer_duty = "Owns the promise"\n  }\n')
    # Each unit serves customers without a duty, empowerment or a hiring profile.
    blocks = [f'  unit "Unit {i}" {{\n    parent = "HQ"\n    headcount = {rng.randrange(3, 400)}\n'
              f'    facing = front\n  }}\n' for i in range(units)]
    size = len(head) + sum(map(len, blocks)) + 2
    # Comment lines between the units bring the file to its size.
    spare = max(0, kb * 1000 - size)
    per = spare // units
    pad = ""
    if per > 0:
        line = "  # " + " ".join(rng.choice(WORDS) for _ in range(12))
        pad = (line[:78] + "\n") * (per // 79) + ("  #" + "-" * max(0, per % 79 - 4) + "\n" if per % 79 >= 4 else "")
    text = head + "".join(b + pad for b in blocks) + "}\n"
    write(os.path.join(out, "findings.cxp"), text)
    write(os.path.join(out, "cxlint.yaml"), "limits:\n  diagnostics_per_file: 100000\n")
    print(f"findings.cxp: {len(text) / 1e3:.0f} KB, {units} units")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["corpus", "scaling", "findings"])
    p.add_argument("out")
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--factors", default="1,10,100")
    p.add_argument("--kb", type=int, default=840)
    p.add_argument("--findings", type=int, default=10_000)
    a = p.parse_args()
    if a.mode == "corpus":
        corpus(a.out, a.files, a.seed)
    elif a.mode == "findings":
        findings(a.out, a.kb, a.findings, a.seed)
    else:
        scaling(a.out, [int(f) for f in a.factors.split(",")], a.seed)


if __name__ == "__main__":
    main()
