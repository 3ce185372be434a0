#!/usr/bin/env python3
"""The committed JSON Schemas (schemas/) against the files they describe.

    scripts/check-schemas.py        (needs the jsonschema and PyYAML packages)

Every configuration the project ships or tests with (src/starter.yaml, each cxlint.yaml
under examples/ and tests/data/) must validate against schemas/cxlint.schema.json, and
every rule file under rules/ (and the pack in tests/packs/hiring) against
schemas/rule.schema.json. Files are read as YAML
editors read them (YAML 1.2: `off` and `2027-06-30` are text). A few files that must NOT
validate check that the schemas refuse what cxlint refuses. Exits 1 naming each problem.
"""
import json
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1; editors read 1.2, where only true/false are booleans and
    a date is text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)


def validator(name):
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def problems(v, doc):
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in v.iter_errors(doc)]


def main():
    config = validator("cxlint.schema.json")
    rule = validator("rule.schema.json")
    failed = []
    configs = [ROOT / "src" / "starter.yaml"]
    for top in ("examples", "tests/data"):
        configs += sorted((ROOT / top).rglob("cxlint.yaml"))
    # The built-in rules, and the pack the tests use (tests/packs/broken is broken on purpose).
    rules = sorted(
        p
        for top in ("rules", "tests/packs/hiring")
        for p in (ROOT / top).rglob("*.y*ml")
        if p.name != "definitions.yaml"
    )
    for paths, v in ((configs, config), (rules, rule)):
        for p in paths:
            for problem in problems(v, load(p)):
                failed.append(f"{p.relative_to(ROOT)}: {problem}")
    # Every setting written, as the starter's comments show them.
    accepted = [
        (config, "fail_on: never\nexclude: [drafts/**]\nrule_dirs: [packs]\n"
                 "rules: { practice: off, fatal: warning, FM06: { severity: info, params: { min_customer_weight: 25% } }, PX01: off }\n"
                 "overrides: [{ paths: [legacy/**], rules: { FM06: off } }]\n"
                 "waivers: [{ code: FM10, path: plans/a.cxp, block: 'spend \"CRM suite\"', reason: signed, expires: 2027-06-30 }]\n"
                 "limits: { file_size: 64 MiB, yaml_size: 500 KB, nesting_depth: 64, evaluation_steps: 20_000_000 }\n"),
        (config, "rules: { FM06: off }"),
    ]
    for v, text in accepted:
        for problem in problems(v, yaml.load(text, Loader=Yaml12Loader)):
            failed.append(f"refused but should not be: {text!r}: {problem}")
    # What cxlint refuses, the schemas refuse too.
    refused = [
        (config, "fail_on: sometimes"),
        (config, "fail_onn: error"),
        (config, "rules: { FM06: loud }"),
        (config, "rules: { FM06: { parms: {} } }"),
        (config, "rules: { FM06: { params: { min_customer_wieght: 40% } } }"),
        (config, "waivers: [{ code: FM10, path: a.cxp }]"),
        (config, "waivers: [{ code: FM10, path: a.cxp, reason: x, expires: soon }]"),
        (config, "limits: { file_size: lots }"),
        (config, "limits: { nesting_depth: 100000 }"),
        (config, "overrides: [{ rules: { FM06: off } }]"),
        (rule, "code: fm1\nname: x\ngroup: g\nseverity: error\nsummary: s\nhelp: h\nexplain: e\nchecks: []\nexamples: {}"),
        (rule, "code: FM99\nname: x\ngroup: g\nseverity: fatal\nsummary: s\nhelp: h\nexplain: e\nchecks: []\nexamples: {}"),
        (rule, "code: FM99\nname: x\ngroup: g\nseverity: error\nsummary: s\nhelp: h\nexplain: e\nchecks: [{ fro: unit, when: x, message: m }]\nexamples: {}"),
        (rule, "code: FM99\nname: x\ngroup: g\nseverity: error\nsummary: s\nhelp: h\nexplain: e\nchecks: []"),
    ]
    for v, text in refused:
        if not problems(v, yaml.load(text, Loader=Yaml12Loader)):
            failed.append(f"accepted but should not be: {text!r}")
    for f in failed:
        print(f"check-schemas: {f}", file=sys.stderr)
    print(f"check-schemas: {len(configs)} configurations, {len(rules)} rule files, {len(accepted)} acceptances and {len(refused)} refusals checked")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
