//! Every example of every embedded rule file runs as a test.

use netral::{Ruleset, Screener};

#[test]
fn embedded_ruleset_loads_and_compiles() {
    let rules = Ruleset::embedded();
    assert!(
        rules.rules().len() > 50,
        "only {} rules loaded",
        rules.rules().len()
    );
    if let Err(e) = Screener::new(&rules) {
        panic!("embedded ruleset does not compile:\n{e}");
    }
}

#[test]
fn every_rule_example_behaves_as_written() {
    let screener = Screener::new(&Ruleset::embedded()).expect("compiles");
    let failures = screener.test_examples();
    let report: Vec<String> = failures
        .iter()
        .map(|f| format!("{} [{}] {:?}: {}", f.at, f.rule, f.text, f.detail))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        report.join("\n")
    );
}
