//! What a lesson's check found not yet true, in the learner's language. The engine writes it in English
//! (`lesson::Unmet`'s Display); the Japanese is said here from the same parts.

use crate::i18n::Lang;
use crate::lesson::checks::Aspect;
use crate::lesson::Unmet;

pub fn lesson_unmet(lang: Lang, unmet: &Unmet) -> String {
    match lang {
        Lang::En => unmet.to_string(),
        Lang::Ja => japanese(unmet),
    }
}

fn japanese(u: &Unmet) -> String {
    let subject = &u.subject;
    match (u.what, &u.have) {
        (Aspect::Exists, _) => format!("{subject} はまだありません。"),
        (Aspect::Replaced, _) => {
            format!("{subject}：このステップを始めてから、削除された Pod の代わりに新しい Pod が ready 状態になっていません。")
        }
        (Aspect::Request, Some(last)) => format!(
            "{subject}：このステップを始めてから、条件に合うリクエストがありません（最後のリクエストは {last}）。"
        ),
        (Aspect::Request, None) => {
            format!("{subject}：このステップを始めてから、まだリクエストを送っていません。")
        }
        (what, Some(have)) => format!("{subject}：{}は {have} です（必要なのは {}）。", aspect(what), u.want),
        (what, None) => format!("{subject}：{}がまだありません（必要なのは {}）。", aspect(what), u.want),
    }
}

fn aspect(what: Aspect) -> &'static str {
    match what {
        Aspect::Exists => "リソース",
        Aspect::Replicas => "レプリカ数",
        Aspect::Available => "利用可能な Pod の数",
        Aspect::Image => "イメージ",
        Aspect::Count => "Pod の数",
        Aspect::Ready => "ready 状態の数",
        Aspect::Replaced => "Pod の作り直し",
        Aspect::Type => "種類（type）",
        Aspect::Port => "ポート",
        Aspect::TargetPort => "targetPort",
        Aspect::Route => "転送先",
        Aspect::Tls => "TLS の設定",
        Aspect::Request => "リクエスト",
        Aspect::Versions => "応答したバージョン",
        Aspect::Spread => "応答した Pod の数",
        Aspect::Schedulable => "スケジューリング可否",
        Aspect::Programmed => "Programmed の状態",
        Aspect::Accepted => "Accepted の状態",
        Aspect::Backend => "転送先のバックエンド",
    }
}
