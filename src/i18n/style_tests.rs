//! The rules of docs/style-ja.md, kept over every Japanese text kplay shows: the page's strings, the hop
//! explanations, what a lesson's check reports, the built-in lessons, the editor's phrases and the update banner.

use crate::i18n::{t, Lang, Text};

/// Every Japanese text, each with where it comes from.
fn all_japanese() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Text::ALL
        .iter()
        .map(|text| (format!("Text::{text:?}"), t(Lang::Ja, *text).to_string()))
        .collect();
    for step in crate::i18n::STEPS {
        out.push((
            format!("HopStep::{step:?}"),
            crate::i18n::step_name(Lang::Ja, step).to_string(),
        ));
    }
    for msg in crate::engine::why::Msg::ALL {
        out.push((
            format!("Msg::{msg:?}"),
            crate::i18n::why::japanese(*msg).to_string(),
        ));
    }
    for (id, text) in crate::lesson::BUILT_IN {
        let lesson = crate::lesson::load(text).expect("a built-in lesson loads");
        out.push((format!("{id}: title"), lesson.title.ja.clone()));
        out.push((format!("{id}: summary"), lesson.summary.ja.clone()));
        for step in &lesson.steps {
            out.push((format!("{id}/{}: title", step.id), step.title.ja.clone()));
            out.push((format!("{id}/{}: text", step.id), prose(&step.text.ja)));
            for hint in &step.hints {
                out.push((format!("{id}/{}: hint", step.id), prose(&hint.ja)));
            }
        }
    }
    for (name, source) in [
        (
            "codemirror.mjs",
            include_str!("../../www/editor/codemirror.mjs"),
        ),
        ("pwa.js", include_str!("../../www/pwa.js")),
    ] {
        for quoted in source
            .split('\'')
            .skip(1)
            .step_by(2)
            .filter(|s| s.chars().any(japanese))
        {
            out.push((name.to_string(), quoted.to_string()));
        }
    }
    out
}

/// Markdown prose without its code (blocks and spans), which holds commands, not Japanese. The lines of a paragraph
/// are joined as the page joins them in Japanese, with nothing between, so a word at the end of a line is checked
/// against the word that starts the next.
fn prose(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            out.push('\n');
            continue;
        }
        if in_block {
            continue;
        }
        if line.trim().is_empty() || line.trim_start().starts_with("- ") {
            out.push('\n');
        }
        // Inline code becomes a placeholder word, so what touches it is still checked.
        let parts: Vec<&str> = line.trim().split('`').collect();
        for (i, part) in parts.iter().enumerate() {
            out.push_str(if i % 2 == 1 { "CODE" } else { part });
        }
    }
    out
}

fn japanese(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}' | '々')
}

/// The first rule a text breaks, if any.
fn broken_rule(text: &str) -> Option<String> {
    for word in [
        "ポッド",
        "イングレス",
        "デプロイメント",
        "レプリカセット",
        "エンドポイントスライス",
    ] {
        if text.contains(word) {
            return Some(format!(
                "{word}: resource names stay in Latin script (Pod, Ingress, ...)"
            ));
        }
    }
    let service = text
        .replace("マネージドサービス", "")
        .replace("Web サービス", "");
    if service.contains("サービス") {
        return Some("サービス: the resource is Service".to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    for stem in [
        "クラスタ",
        "エディタ",
        "コントローラ",
        "サーバ",
        "ブラウザ",
        "ユーザ",
        "ヘッダ",
        "スケジューラ",
        "ロードバランサ",
        "パラメータ",
        "フォルダ",
    ] {
        let mut rest = text;
        while let Some(at) = rest.find(stem) {
            rest = &rest[at + stem.len()..];
            if !rest.starts_with('ー') {
                return Some(format!("{stem}ー: one long-vowel rule"));
            }
        }
    }
    for ending in ["である。", "だ。"] {
        if text.contains(ending) {
            return Some(format!("{ending}: です/ます"));
        }
    }
    if text.contains('“') || text.contains('”') {
        return Some("“”: quote with 「」".to_string());
    }
    for pair in chars.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let latin = |c: char| c.is_ascii_alphabetic() || matches!(c, '{' | '}');
        if (latin(a) && japanese(b)) || (japanese(a) && latin(b)) {
            return Some(format!("{a}{b}: a space between Japanese and Latin words"));
        }
        if japanese(a) && matches!(b, '(' | '?' | '!') || matches!(a, ')') && japanese(b) {
            return Some(format!("{a}{b}: full-width （）？！ in Japanese sentences"));
        }
    }
    None
}

#[test]
fn every_japanese_text_follows_the_style_table() {
    let broken: Vec<String> = all_japanese()
        .iter()
        .filter_map(|(place, text)| Some(format!("{place}: {} ({text:?})", broken_rule(text)?)))
        .collect();
    assert!(
        broken.is_empty(),
        "{} texts break docs/style-ja.md:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn the_rules_catch_what_they_say() {
    for bad in [
        "ポッドを削除",
        "サービスを作成",
        "クラスタ内",
        "Podを削除",
        "削除しますか?",
        "通信(HTTP)",
        "これは Pod だ。",
    ] {
        assert!(broken_rule(bad).is_some(), "{bad}");
    }
    for good in [
        "Pod を削除",
        "Service を作成",
        "クラスター内",
        "3つの Pod",
        "80番ポート",
        "削除しますか？",
        "通信（HTTP）",
        "マネージドサービス",
    ] {
        assert_eq!(broken_rule(good), None, "{good}");
    }
}
