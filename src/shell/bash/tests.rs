use super::*;

fn run(line: &str) -> Script {
    match parse(line) {
        Line::Run(script) => script,
        other => panic!("{line}: {other:?}"),
    }
}

fn simple(command: &Command) -> &Simple {
    match command {
        Command::Simple(s) => s,
        other => panic!("{other:?}"),
    }
}

fn bare(text: &str) -> Word {
    Word(vec![Piece::Bare(text.into())])
}

#[test]
fn a_heredoc_into_a_file() {
    let Line::Heredoc { terminator, script } = parse("cat <<'EOF' > pod.yaml") else {
        panic!()
    };
    assert_eq!(terminator, "EOF");
    let s = simple(&script.0[0].first.0[0]);
    assert_eq!(s.words, vec![bare("cat")]);
    assert_eq!(s.redirect, Some(Redirect::Replace(bare("pod.yaml"))));
}

#[test]
fn a_heredoc_into_kubectl() {
    let Line::Heredoc { terminator, .. } = parse("kubectl apply -f - << END") else {
        panic!()
    };
    assert_eq!(terminator, "END");
}

#[test]
fn pipes_chains_and_sequences() {
    let script = run("cat a.yaml | kubectl apply -f - >> log && echo ok || echo no; ls");
    assert_eq!(script.0.len(), 2);
    assert_eq!(script.0[0].first.0.len(), 2);
    let chains: Vec<Chain> = script.0[0].rest.iter().map(|(c, _)| *c).collect();
    assert_eq!(chains, vec![Chain::And, Chain::Or]);
}

#[test]
fn export_with_a_quoted_command_substitution() {
    let script = run(
        r#"export POD_NAME="$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}')""#,
    );
    let s = simple(&script.0[0].first.0[0]);
    assert_eq!(s.words, vec![bare("export")]);
    let (name, value) = &s.assignments[0];
    assert_eq!(name, "POD_NAME");
    assert_eq!(
        value.0[1],
        Piece::Command {
            line: r#"kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}'"#
                .into(),
            quoted: true
        }
    );
}

#[test]
fn a_word_joins_quoted_and_bare_pieces() {
    let script = run(r#"curl http://"$(minikube ip):$NODE_PORT""#);
    let s = simple(&script.0[0].first.0[0]);
    assert_eq!(s.words.len(), 2);
    assert_eq!(s.words[1].0[0], Piece::Bare("http://".into()));
    assert!(
        matches!(&s.words[1].0[2], Piece::Command { line, quoted: true } if line == "minikube ip")
    );
    assert!(matches!(&s.words[1].0[4], Piece::Var { name, quoted: true } if name == "NODE_PORT"));
}

#[test]
fn a_for_loop_on_one_line() {
    let script = run("for i in $(seq 1 10); do curl http://x/; done");
    let Command::For { name, values, body } = &script.0[0].first.0[0] else {
        panic!()
    };
    assert_eq!(name, "i");
    assert_eq!(values.len(), 1);
    assert_eq!(body.0.len(), 1);
}

#[test]
fn broken_lines_say_what_bash_says() {
    assert!(matches!(parse("echo 'x"), Line::Invalid(_)));
    assert_eq!(
        parse("| ls"),
        Line::Invalid("bash: syntax error near unexpected token `|'\n".into())
    );
    assert!(matches!(parse("ls >"), Line::Invalid(_)));
    assert!(matches!(parse("echo $(ls"), Line::Invalid(_)));
    assert!(matches!(parse("for i in 1 2; do echo"), Line::Invalid(_)));
    assert!(matches!(parse("ls &&"), Line::Invalid(_)));
    assert_eq!(parse("   # a comment"), Line::Empty);
}

#[test]
fn a_dollar_without_a_name_is_a_dollar() {
    let script = run("echo $ 5$");
    let s = simple(&script.0[0].first.0[0]);
    assert_eq!(s.words[1], bare("$"));
    assert_eq!(s.words[2], bare("5$"));
}

#[test]
fn arithmetic_and_brace_expansion() {
    let mut shell = crate::shell::Shell::new(1);
    let run = |shell: &mut crate::shell::Shell, line: &str| shell.exec(line).combined();
    assert_eq!(
        run(&mut shell, "for i in {1..3}; do echo $((i * 10)); done"),
        "10\n20\n30\n"
    );
    assert_eq!(
        run(&mut shell, "echo web-{a..c} {x,y}z"),
        "web-a web-b web-c xz yz\n"
    );
    assert_eq!(
        run(&mut shell, "echo \"{1..3}\" {} $((7 % 4))"),
        "{1..3} {} 3\n"
    );
}
