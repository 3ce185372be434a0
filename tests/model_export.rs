//! `export::to_json`: the shape of the resolved model.

use cxlint::model::build::load_text;
use cxlint::model::export::to_json;
use serde_json::json;

const PROGRAMME: &str = r#"programme "P" {
  currency = USD
  horizon  = 18 months
  updated  = 2027-Q2
  unit "Top" { facing = back }
  unit "Care" {
    parent      = "Top"
    facing      = front
    empowerment = 0.6M USD
  }
  pay_plan "Care plan" {
    applies_to = "Care"
    variable   = 30%
    metric "Retention" { type = retention  weight = 100% }
  }
  spend "Tools" { category = technology  amount = 1_200_000 USD  requirements = none }
}
"#;

#[test]
fn export_fills_defaults_and_shapes_values() {
    let out = load_text("p.cxp", PROGRAMME);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let v = to_json(&out.programmes[0]);
    assert_eq!(v["kind"], "programme");
    assert_eq!(v["name"], "P");
    assert_eq!(v["file"], "p.cxp");
    assert_eq!(v["line"], 1);
    assert_eq!(v["column"], 1);
    assert_eq!(v["attributes"]["currency"], "USD");
    assert_eq!(
        v["attributes"]["horizon"],
        json!({"value": 18, "unit": "month", "days": 547.875})
    );
    assert_eq!(v["attributes"]["updated"], "2027-04-01");
    let care = &v["blocks"]["unit"][1];
    assert_eq!(care["name"], "Care");
    assert_eq!(care["line"], 6);
    assert_eq!(care["column"], 3);
    assert_eq!(care["attributes"]["parent"], "Top");
    assert_eq!(
        care["attributes"]["empowerment"],
        json!({"amount": "600000", "currency": "USD"})
    );
    let plan = &v["blocks"]["pay_plan"][0];
    assert_eq!(plan["attributes"]["applies_to"], json!(["Care"]));
    assert_eq!(plan["attributes"]["variable"], 30);
    let metric = &plan["blocks"]["metric"][0];
    assert_eq!(metric["attributes"]["scope"], "individual");
    assert_eq!(metric["defaulted"], json!(["scope"]));
    let spend = &v["blocks"]["spend"][0];
    assert_eq!(spend["attributes"]["requirements"], json!(null));
    assert_eq!(spend["attributes"]["amount"]["amount"], "1200000");
    assert_eq!(v["blocks"]["segment"], json!([]));
}

#[test]
fn export_is_stable() {
    let a = to_json(&load_text("p.cxp", PROGRAMME).programmes[0]).to_string();
    let b = to_json(&load_text("p.cxp", PROGRAMME).programmes[0]).to_string();
    assert_eq!(a, b);
}

#[test]
fn blocks_from_fragments_name_their_own_file() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/model/acceptance/inc-fragments");
    let out = cxlint::model::build::load(&[cxlint::model::build::FileInput {
        display: "main.cxp".into(),
        path: dir.join("main.cxp"),
    }]);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let v = to_json(&out.programmes[0]);
    let units = v["blocks"]["unit"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(units[1]["file"], "org/units.cxp");
    assert_eq!(units[1]["line"], 2);
    let plan = &v["blocks"]["pay_plan"][0];
    assert_eq!(plan["file"], "pay/sales.cxp");
    assert_eq!(plan["attributes"]["applies_to"], json!(["Sales"]));
}
