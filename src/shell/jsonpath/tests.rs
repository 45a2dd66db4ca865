//! The examples of kubernetes.io's "JSONPath Support" page, on its own input. Maps and lists print as compact JSON,
//! as kubectl v1.34 prints them (the page's table still shows the `map[cpu:4]` of older versions).

use super::{print, values};
use serde_json::{json, Value};

fn input() -> Value {
    json!({
      "kind": "List",
      "items": [
        {
          "kind": "None",
          "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
          "status": {
            "capacity": {"cpu": "4"},
            "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]
          }
        },
        {
          "kind": "None",
          "metadata": {"name": "127.0.0.2"},
          "status": {
            "capacity": {"cpu": "8"},
            "addresses": [
              {"type": "LegacyHostIP", "address": "127.0.0.2"},
              {"type": "another", "address": "127.0.0.3"}
            ]
          }
        }
      ],
      "users": [
        {"name": "myself", "user": {}},
        {"name": "e2e", "user": {"username": "admin", "password": "secret"}}
      ]
    })
}

fn run(template: &str) -> String {
    print(template, &input()).unwrap_or_else(|e| e)
}

#[test]
fn the_documented_functions() {
    assert_eq!(run("kind is {.kind}"), "kind is List");
    assert_eq!(run("{['kind']}"), "List");
    assert_eq!(run("{..name}"), "127.0.0.1 127.0.0.2 myself e2e");
    assert_eq!(run("{.items[*].metadata.name}"), "127.0.0.1 127.0.0.2");
    assert_eq!(run("{.users[0].name}"), "myself");
    assert_eq!(
        run("{.items[*]['metadata.name', 'status.capacity']}"),
        r#"127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}"#
    );
    assert_eq!(run(r#"{.users[?(@.name=="e2e")].user.password}"#), "secret");
    assert_eq!(
        run("{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}"),
        r#"[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] "#
    );
    assert_eq!(
        run(r#"{.items[0].metadata.labels['kubernetes\.io/hostname']}"#),
        "127.0.0.1"
    );
    assert_eq!(run("{@.kind}"), "List");
    assert_eq!(run("{$.kind}"), "List");
}

#[test]
fn indexes_and_slices() {
    assert_eq!(run("{.users[-1].name}"), "e2e");
    assert_eq!(run("{.users[-1:].name}"), "e2e");
    assert_eq!(run("{.users[0:1].name}"), "myself");
    assert_eq!(run("{.users[::2].name}"), "myself");
    assert_eq!(
        run("{.users[5].name}"),
        "error: error executing jsonpath \"{.users[5].name}\": array index out of bounds: index 5, length 2\n"
    );
}

#[test]
fn missing_keys_print_nothing_and_filters_compare() {
    assert_eq!(run("{.nothing.here}"), "");
    assert_eq!(
        run(r#"{.items[*].status.addresses[?(@.type!="LegacyHostIP")].address}"#),
        "127.0.0.3"
    );
    assert_eq!(run("{.users[?(@.user.password)].name}"), "e2e");
    assert_eq!(
        run(r#"{range .items[*]}{.metadata.name}{"\t"}{.status.capacity.cpu}{"\n"}{end}"#),
        "127.0.0.1\t4\n127.0.0.2\t8\n"
    );
    let ports = json!({"ports": [{"port": 80}, {"port": 443}]});
    assert_eq!(
        print("{.ports[?(@.port>100)].port}", &ports).as_deref(),
        Ok("443")
    );
}

#[test]
fn broken_templates_are_refused_with_kubectls_words() {
    assert_eq!(
        run("{.items["),
        "error: error parsing jsonpath {.items[, unclosed action\n"
    );
    assert_eq!(
        run("{.items[}"),
        "error: error parsing jsonpath {.items[}, unclosed array expect ]\n"
    );
    assert_eq!(
        run("{end}"),
        "error: error parsing jsonpath {end}, not in range, nothing to end\n"
    );
    assert_eq!(
        run("{range .items[*]}{.kind}"),
        "error: error parsing jsonpath {range .items[*]}{.kind}, unclosed range\n"
    );
}

#[test]
fn custom_columns_paths_are_relaxed() {
    let data = input();
    for path in [".kind", "kind", "{.kind}", "{kind}"] {
        assert_eq!(values(path, &data).map(|v| v.len()), Ok(1), "{path}");
    }
    assert!(values("{.a}{.b}", &data).is_err());
}
