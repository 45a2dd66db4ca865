//! Expected texts are go-yaml v2's, as kubectl prints them.

use serde_json::json;

use super::to_yaml;

#[test]
fn an_object_reads_as_kubectl_prints_it() {
    let object = json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "creationTimestamp": "2026-01-01T00:15:00Z",
            "name": "c",
            "resourceVersion": "1",
            "labels": {},
        },
        "data": {"1": "one", "true": "yes", "key": "value", "empty": ""},
        "status": {"conditions": [{"status": "True", "type": "Ready"}, {"status": "False", "type": "Other"}]},
    });
    let expected = r#"apiVersion: v1
data:
  "1": one
  empty: ""
  key: value
  "true": "yes"
kind: ConfigMap
metadata:
  creationTimestamp: "2026-01-01T00:15:00Z"
  labels: {}
  name: c
  resourceVersion: "1"
status:
  conditions:
  - status: "True"
    type: Ready
  - status: "False"
    type: Other
"#;
    assert_eq!(to_yaml(&object), expected);
}

#[test]
fn sequences_sit_at_their_keys_indent_and_nest_after_a_dash() {
    let value =
        json!({"spec": {"containers": [{"args": ["a", ["b", "c"]], "ports": [], "name": "web"}]}});
    let expected = "spec:\n  containers:\n  - args:\n    - a\n    - - b\n      - c\n    name: web\n    ports: []\n";
    assert_eq!(to_yaml(&value), expected);
}

#[test]
fn long_scalars_fold_at_the_first_space_past_column_80() {
    let text = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    let value = json!({"a": {"b": {"c": {"d": {"e": {"description": text}}}}}});
    let expected = "a:\n  b:\n    c:\n      d:\n        e:\n          description: 'APIVersion defines the versioned schema of this representation\n            of an object. Servers should convert recognized schemas to the latest\n            internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources'\n";
    assert_eq!(to_yaml(&value), expected);
    let plain = "word ".repeat(20).trim_end().to_string();
    let expected = format!(
        "k: {}\n  word word word word\n",
        "word ".repeat(16).trim_end()
    );
    assert_eq!(to_yaml(&json!({ "k": plain })), expected);
}

#[test]
fn strings_take_the_quotes_go_yaml_gives_them() {
    let cases = [
        ("yes", "\"yes\""),
        ("on", "\"on\""),
        ("N", "\"N\""),
        ("null", "\"null\""),
        ("~", "\"~\""),
        ("0x1F", "\"0x1F\""),
        ("012", "\"012\""),
        ("089", "\"089\""),
        ("1_000", "\"1_000\""),
        ("1e3", "\"1e3\""),
        (".5", "\".5\""),
        ("-1", "\"-1\""),
        ("1:20", "\"1:20\""),
        ("8080:80", "8080:80"),
        ("2024-01-05", "\"2024-01-05\""),
        ("2024-1-5 3:04:05", "\"2024-1-5 3:04:05\""),
        ("1.2.3", "1.2.3"),
        ("v1.34.0", "v1.34.0"),
        ("-", "'-'"),
        ("-x", "-x"),
        ("*", "'*'"),
        ("a: b", "'a: b'"),
        ("a:b", "a:b"),
        ("#x", "'#x'"),
        ("x #y", "'x #y'"),
        ("x#y", "x#y"),
        (" lead", "' lead'"),
        ("it's: x", "'it''s: x'"),
        ("tab\there", "\"tab\\there\""),
        ("emoji 🙂", "\"emoji \\U0001F642\""),
        ("日本語", "日本語"),
        ("/", "/"),
        ("10.96.0.1", "10.96.0.1"),
        ("nginx:1.14.2", "nginx:1.14.2"),
    ];
    for (text, written) in cases {
        assert_eq!(
            to_yaml(&json!({ "k": text })),
            format!("k: {written}\n"),
            "{text:?}"
        );
    }
}

#[test]
fn several_lines_make_a_literal_block_unless_it_cannot_hold_them() {
    let value = json!({"a": "one\ntwo\n", "b": "one\ntwo", "c": "one\n\n", "d": " indented\nx\n", "e": "trailing \nx", "f": "tab\t\nx"});
    let expected = "a: |\n  one\n  two\nb: |-\n  one\n  two\nc: |+\n  one\n\nd: |2\n   indented\n  x\ne: \"trailing \\nx\"\nf: \"tab\\t\\nx\"\n";
    assert_eq!(to_yaml(&value), expected);
}

#[test]
fn numbers_read_as_go_writes_them() {
    let value = json!({"a": 1, "b": 1.0, "c": 0.5, "d": 1e6, "e": 1e-7, "f": 123456.0, "g": -2.5, "h": 0.0001, "i": 1.5e300, "j": null, "k": true});
    let expected = "a: 1\nb: 1\nc: 0.5\nd: 1e+06\ne: 1e-07\nf: 123456\ng: -2.5\nh: 0.0001\ni: 1.5e+300\nj: null\nk: true\n";
    assert_eq!(to_yaml(&value), expected);
}

#[test]
fn keys_follow_go_yamls_order() {
    let value = json!({"port10": 1, "port9": 2, "A": 3, "_x": 4, "a-b": 5, "ab": 6});
    assert_eq!(
        to_yaml(&value),
        "_x: 4\nA: 3\na-b: 5\nab: 6\nport9: 2\nport10: 1\n"
    );
}

#[test]
fn empty_values_at_the_root() {
    assert_eq!(to_yaml(&json!({})), "{}\n");
    assert_eq!(to_yaml(&json!([])), "[]\n");
    assert_eq!(to_yaml(&json!(["a"])), "- a\n");
}

/// Whatever the string, YAML readers get it back: folding, quoting and escapes lose nothing.
#[test]
fn every_string_reads_back_the_same() {
    let long = "a long line of words that goes past the eightieth column of the terminal and on";
    let strings = [
        long.to_string(),
        format!(
            "{long}: with a colon so it is quoted, and it's long enough to fold twice over here"
        ),
        format!("{long}\twith a tab, so it needs double quotes, and  two  spaces  around the fold"),
        format!(
            "{}  double spaces at the fold  {}",
            "x".repeat(78),
            "y ".repeat(30)
        ),
        "line one  \nline two has trailing spaces before the break".to_string(),
        "  leading\n\ntrailing\n\n\n".to_string(),
        "\"quoted\" \\ back\\slash 🙂 日本語 \u{7f} \u{85} \u{2028}".to_string(),
        "# not a comment".to_string(),
        "---".to_string(),
        "- item".to_string(),
        "{not: flow}".to_string(),
        String::new(),
        " ".to_string(),
        "\n".to_string(),
    ];
    for text in strings {
        let value = json!({ "key": text, "list": [text, { "inner": text }] });
        let yaml = to_yaml(&value);
        let back: serde_json::Value = serde_yaml::from_str(&yaml).unwrap_or_default();
        assert_eq!(back, value, "{text:?} was written as\n{yaml}");
    }
}

/// Random strings of the characters that decide a style (spaces, breaks, tabs, indicators, quotes, digits, wide
/// characters), long enough to fold, in random places of a document: each one reads back the same.
#[test]
fn random_documents_read_back_the_same() {
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(18);
    let alphabet: Vec<char> =
        " \n\t:#-'\"\\?,[]{}&*!|>%@`.0123456789eExyzTRUEnul~日本🙂\u{85}\u{a0}\u{2028}"
            .chars()
            .collect();
    let mut pick = |n: u32| (rng.next_u32() % n) as usize;
    for _ in 0..3000 {
        let mut text = String::new();
        let length = pick(4) * pick(40);
        for _ in 0..length {
            // Mostly letters and spaces, so long strings fold at word boundaries.
            let c = match pick(3) {
                0 => alphabet[pick(alphabet.len() as u32)],
                1 => ' ',
                _ => 'w',
            };
            text.push(c);
        }
        let value = match pick(3) {
            0 => json!({ "k": text }),
            1 => json!({ "deep": { "list": [text, { "in": text }], "after": 1 } }),
            _ => json!({ text.clone(): [[text]] }),
        };
        let yaml = to_yaml(&value);
        let back: serde_json::Value = serde_yaml::from_str(&yaml).unwrap_or_default();
        assert_eq!(back, value, "{text:?} was written as\n{yaml}");
    }
}
