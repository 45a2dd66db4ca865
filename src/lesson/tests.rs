use super::*;

#[test]
fn every_built_in_lesson_loads() {
    for (id, text) in BUILT_IN {
        let lesson = load(text).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(lesson.id, id);
    }
}

#[test]
fn every_built_in_lesson_is_solved_by_its_solutions_and_no_check_holds_early() {
    for (id, text) in BUILT_IN {
        let lesson = load(text).expect("loads");
        for report in run::solve(&lesson) {
            assert!(report.ok(), "lesson {id}, step {}: {report:?}", report.id);
        }
    }
}

const SMALL: &str = "id: small
title: {en: Small, ja: 小さい}
summary: {en: A lesson, ja: レッスン}
start: {opening: bare}
steps:
  - id: one
    title: {en: One, ja: 一}
    text: {en: Scale it., ja: スケールします。}
    solution:
      run: [kubectl create deployment web --image=nginx --replicas=2]
    checks:
      - deployment: {name: web, available: 2}
";

#[test]
fn a_small_lesson_loads_and_is_solved() {
    let lesson = load(SMALL).expect("loads");
    assert_eq!(lesson.start.opening, Some(crate::session::Opening::Bare));
    assert!(run::solve(&lesson).iter().all(run::StepReport::ok));
}

#[test]
fn bad_lessons_get_errors_that_name_the_line() {
    let cases = [
        (
            SMALL.replace("- deployment:", "- deploymnt:"),
            Some(12),
            "unknown variant `deploymnt`",
        ),
        (
            SMALL.replace("{name: web, available: 2}", "{name: web, availble: 2}"),
            Some(12),
            "unknown field `availble`",
        ),
        (
            SMALL.replace("title: {en: One, ja: 一}", "title: {en: One}"),
            Some(7),
            "missing field `ja`",
        ),
        (SMALL.replace("steps:", "steps: [\n"), None, ""),
        (SMALL.replace("Scale it.", "Scale <b>it</b>."), None, "HTML"),
        (
            SMALL.replace("run: [", "files: {secret.yaml: x}\n      run: ["),
            None,
            "secret.yaml",
        ),
        (
            format!("{SMALL}\n# {}", "x".repeat(300 * 1024)),
            None,
            "at most",
        ),
    ];
    for (text, line, message) in cases {
        let error = load(&text).expect_err("refused");
        if line.is_some() {
            assert_eq!(error.line, line, "{error}");
        }
        assert!(error.message.contains(message), "{error}");
    }
}

#[test]
fn a_step_done_another_way_passes_too() {
    // Step 1 of the seed asks for 3 available replicas of nginx-deployment: kubectl create works as well as the file.
    let lesson = built_in("seed").expect("the seed lesson");
    let mut session = crate::session::Session::replayed(
        &run::snapshot_before(&lesson, 0),
        Box::new(crate::session::MemoryStorage::default()),
    );
    let mut progress = run::Progress::new(lesson, 0, Vec::new(), session.shell.cluster());
    session.exec("kubectl create deployment nginx-deployment --image=nginx:1.17 --replicas=3");
    progress.observe(session.shell.cluster());
    assert!(!progress.done[0]);
    session.act(crate::session::Action::Tick(30_000));
    progress.ask(session.shell.cluster());
    assert!(progress.done[0], "{:?}", progress.unmet);
    assert_eq!(progress.passed, Some(0));
}

#[test]
fn markdown_becomes_elements_and_html_stays_text() {
    use markdown::{parse, Element, Node};
    let nodes =
        parse("Run `kubectl get pods`:\n\n```\nkubectl get pods\n```\n\n- **one**\n- <b>two</b>\n");
    assert!(
        matches!(&nodes[0], Node::Element(Element::Paragraph, children)
        if children.contains(&Node::Code("kubectl get pods".into())))
    );
    assert_eq!(nodes[1], Node::CodeBlock("kubectl get pods\n".into()));
    let Node::Element(Element::List { ordered: false }, items) = &nodes[2] else {
        panic!("{nodes:?}")
    };
    assert_eq!(items.len(), 2);
    let text = format!("{:?}", items[1]);
    assert!(text.contains("Text(\"<b>\")"), "{text}");
}

#[test]
fn a_line_break_is_a_space_in_english_and_nothing_in_japanese() {
    use markdown::{parse, Element, Node};
    let text = |nodes: Vec<Node>| match &nodes[0] {
        Node::Element(Element::Paragraph, children) => children
            .iter()
            .map(|n| match n {
                Node::Text(t) => t.clone(),
                other => format!("{other:?}"),
            })
            .collect::<String>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(text(parse("one\ntwo")), "one two");
    assert_eq!(
        text(parse("示します。\nService の")),
        "示します。Service の"
    );
}
