//! Reading flags as pflag reads them.

use super::{command, Args};

fn parse(line: &str) -> Result<Args, String> {
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let (verb, rest) = words.split_first().expect("a verb");
    let (path, flags) = command(verb, rest).expect("a known verb");
    Args::parse(path, flags, rest)
}

#[test]
fn each_verb_takes_only_its_flags() {
    assert_eq!(
        parse("get pods --replicas 3").err().as_deref(),
        Some("error: unknown flag: --replicas\nSee 'kubectl get --help' for usage.\n")
    );
    assert!(parse("scale deploy/web --replicas 3").is_ok());
    assert_eq!(
        parse("rollout status deploy/web --to-revision=2")
            .err()
            .as_deref(),
        Some(
            "error: unknown flag: --to-revision\nSee 'kubectl rollout status --help' for usage.\n"
        )
    );
    assert_eq!(
        parse("rollout undo deploy/web --to-revision=2").map(|a| a.to_revision),
        Ok(Some(2))
    );
}

#[test]
fn shorthands_read_as_pflag_reads_them() {
    let args = parse("get pods -oyaml -nkube-system -A -l=app=web").expect("known flags");
    assert_eq!(args.output.as_deref(), Some("yaml"));
    assert_eq!(args.namespace.as_deref(), Some("kube-system"));
    assert!(args.all_namespaces);
    assert_eq!(args.selector.as_deref(), Some("app=web"));
    let args = parse("get pods -Ao wide").expect("-A then -o with the next word");
    assert_eq!(
        (args.all_namespaces, args.output.as_deref()),
        (true, Some("wide"))
    );
    assert_eq!(
        parse("get pods -Ax").err().as_deref(),
        Some("error: unknown shorthand flag: 'x' in -Ax\nSee 'kubectl get --help' for usage.\n")
    );
    assert_eq!(
        parse("get pods -n").err().as_deref(),
        Some("error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n")
    );
}

#[test]
fn logs_f_follows_rather_than_naming_a_file() {
    let args = parse("logs -f web").expect("logs takes -f");
    assert_eq!(args.positional, vec!["web".to_string()]);
    assert!(args.files.is_empty());
}

#[test]
fn written_out_values_are_checked() {
    assert!(!parse("delete pods --all=false").expect("a boolean").all);
    assert_eq!(
        parse("delete pods --all=maybe").err().as_deref(),
        Some("error: invalid argument \"maybe\" for \"--all\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl delete --help' for usage.\n")
    );
    assert_eq!(
        parse("get pods -A=nope").err().as_deref(),
        Some("error: invalid argument \"nope\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"nope\": invalid syntax\nSee 'kubectl get --help' for usage.\n")
    );
}

#[test]
fn unknown_verbs_have_no_table() {
    assert!(command("frobnicate", &[]).is_none());
    assert_eq!(
        command("rollout", &["bogus".into()]).map(|c| c.0),
        Some("rollout")
    );
    assert_eq!(
        command("set", &["-n".into(), "x".into(), "image".into()]).map(|c| c.0),
        Some("set image")
    );
}
