//! `-o go-template=...` and `--template`: kubectl's Go text/template printer, run by the gotmpl crate on the same
//! API objects `-o json` prints.

use serde_json::Value;

/// Go templates name their output template so; kubectl's messages quote it.
const NAME: &str = "output";
/// A template ranges over at most this many items in all, so a pasted template cannot hang the page.
const MAX_RANGE: u64 = 100_000;

/// The template's output for `data`, or kubectl's message when it cannot be parsed or run.
pub(super) fn go_template(template: &str, data: &Value) -> Result<String, String> {
    let parsed = gotmpl::Template::new(NAME)
        .max_range_iters(MAX_RANGE)
        .parse(template)
        .map_err(|e| format!("error: error parsing template {template}, {e}\n"))?;
    let value = gotmpl::ser::to_value(data)
        .map_err(|e| format!("error: error executing template \"{template}\": {e}\n"))?;
    parsed
        .execute_to_string(&value)
        .map_err(|e| format!("error: error executing template \"{template}\": {e}\n"))
}

#[cfg(test)]
mod tests {
    use super::go_template;
    use serde_json::json;

    #[test]
    fn the_tutorials_templates() {
        let pods = json!({"kind": "List", "items": [
            {"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}
        ]});
        assert_eq!(
            go_template(
                r#"{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}"#,
                &pods
            )
            .as_deref(),
            Ok("a\nb\n")
        );
        let service = json!({"spec": {"ports": [{"nodePort": 31234, "port": 8080}]}});
        assert_eq!(
            go_template("{{(index .spec.ports 0).nodePort}}", &service).as_deref(),
            Ok("31234")
        );
        assert_eq!(
            go_template(r#"{{printf "%s:%d" "x" 3}}"#, &service).as_deref(),
            Ok("x:3")
        );
    }

    #[test]
    fn a_broken_template_says_where() {
        let error = go_template("{{.metadata.name", &json!({}))
            .expect_err("an unclosed action is an error");
        assert!(
            error
                .starts_with("error: error parsing template {{.metadata.name, template: output:1:"),
            "{error}"
        );
    }
}
