//! Every string the UI shows, in each language kplay speaks. kubectl and curl output stay as the real tools print them.

use serde::{Deserialize, Serialize};

use crate::engine::traffic::HopStep;

mod lesson;
#[cfg(test)]
mod style_tests;
mod why;
pub use lesson::lesson_unmet;
pub use why::explain;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 code, as `<html lang>` and storage use it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| code == lang.code() || code.starts_with(&format!("{}-", lang.code())))
    }

    /// The first of the browser's preferred languages that kplay speaks, else English.
    pub fn preferred<'a>(codes: impl IntoIterator<Item = &'a str>) -> Lang {
        codes
            .into_iter()
            .find_map(Lang::from_code)
            .unwrap_or_default()
    }

    /// The other language, for the toggle.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        }
    }
}

/// A piece of UI text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Tagline,
    Manifests,
    Topology,
    Apply,
    EditorKeys,
    ErrorsKeepLastGood,
    Internet,
    ControlPlane,
    Worker,
    SwitchLanguage,
    KubectlSays,
    ClusterTime,
    Play,
    Pause,
    Step,
    StepHint,
    Speed,
    Clock,
    Reset,
    ResetSeed,
    ResetBare,
    ResetConfirm,
    Terminal,
    TerminalInput,
    Requests,
    Method,
    Target,
    Host,
    Path,
    Send,
    SendCount,
    NoRequests,
    Results,
    PerPod,
    PerVersion,
    TraceTitle,
    ShowInManifest,
    NoAnswer,
    Details,
    Close,
    DeletePod,
    StopNode,
    StartNode,
    Cordon,
    Uncordon,
    RecentRequests,
    Events,
    NoEvents,
    StorageFull,
    Share,
    ToGateway,
    ToGatewayTitle,
    Compare,
    CompareTitle,
    ShareCopied,
    ShareInAddressBar,
    ShareSavedFile,
    OpenFile,
    LinkNewer,
    LinkBroken,
    FileBroken,
    OpenInKplay,
    Lesson,
    Lessons,
    LessonClose,
    LessonSteps,
    LessonCheck,
    LessonHint,
    LessonSolution,
    LessonResetStep,
    LessonNext,
    LessonStepDone,
    LessonAllDone,
    LessonNotYet,
    LessonBroken,
    Export,
    ExportHint,
    Crashed,
    CrashedUnsaved,
    Reload,
    BrokenSelector,
    Refused,
    TimedOut,
    UnknownHost,
    HandshakeFailed,
    Ready,
    NotReady,
    Cordoned,
}

impl Text {
    pub const ALL: [Text; 88] = [
        Text::Tagline,
        Text::Manifests,
        Text::Topology,
        Text::Apply,
        Text::EditorKeys,
        Text::ErrorsKeepLastGood,
        Text::Internet,
        Text::ControlPlane,
        Text::Worker,
        Text::SwitchLanguage,
        Text::KubectlSays,
        Text::ClusterTime,
        Text::Play,
        Text::Pause,
        Text::Step,
        Text::StepHint,
        Text::Speed,
        Text::Clock,
        Text::Reset,
        Text::ResetSeed,
        Text::ResetBare,
        Text::ResetConfirm,
        Text::Terminal,
        Text::TerminalInput,
        Text::Requests,
        Text::Method,
        Text::Target,
        Text::Host,
        Text::Path,
        Text::Send,
        Text::SendCount,
        Text::NoRequests,
        Text::Results,
        Text::PerPod,
        Text::PerVersion,
        Text::TraceTitle,
        Text::ShowInManifest,
        Text::NoAnswer,
        Text::Details,
        Text::Close,
        Text::DeletePod,
        Text::StopNode,
        Text::StartNode,
        Text::Cordon,
        Text::Uncordon,
        Text::RecentRequests,
        Text::Events,
        Text::NoEvents,
        Text::StorageFull,
        Text::Share,
        Text::ToGateway,
        Text::ToGatewayTitle,
        Text::Compare,
        Text::CompareTitle,
        Text::ShareCopied,
        Text::ShareInAddressBar,
        Text::ShareSavedFile,
        Text::OpenFile,
        Text::LinkNewer,
        Text::LinkBroken,
        Text::FileBroken,
        Text::OpenInKplay,
        Text::Lesson,
        Text::Lessons,
        Text::LessonClose,
        Text::LessonSteps,
        Text::LessonCheck,
        Text::LessonHint,
        Text::LessonSolution,
        Text::LessonResetStep,
        Text::LessonNext,
        Text::LessonStepDone,
        Text::LessonAllDone,
        Text::LessonNotYet,
        Text::LessonBroken,
        Text::Export,
        Text::ExportHint,
        Text::Crashed,
        Text::CrashedUnsaved,
        Text::Reload,
        Text::BrokenSelector,
        Text::Refused,
        Text::TimedOut,
        Text::UnknownHost,
        Text::HandshakeFailed,
        Text::Ready,
        Text::NotReady,
        Text::Cordoned,
    ];

    /// The text in English and in Japanese, side by side so neither is forgotten.
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Text::Tagline => ("A Kubernetes cluster in your browser", "ブラウザーの中の Kubernetes クラスター"),
            Text::Manifests => ("Manifests", "マニフェスト"),
            Text::Topology => ("Cluster topology", "クラスター構成"),
            Text::Apply => ("Apply", "適用"),
            Text::EditorKeys => (
                "Ctrl/⌘+Enter applies · Ctrl/⌘+F searches · Esc then Tab leaves the editor",
                "Ctrl/⌘+Enter で適用 · Ctrl/⌘+F で検索 · Esc の後 Tab でエディターの外へ",
            ),
            Text::ErrorsKeepLastGood => ("This file has errors. The cluster keeps its last good state until they are fixed.", "このファイルにはエラーがあります。修正されるまで、クラスターは最後に正しく適用された状態のまま動き続けます。"),
            Text::Internet => ("Internet", "インターネット"),
            Text::ControlPlane => ("control plane", "コントロールプレーン"),
            Text::Worker => ("worker", "ワーカー"),
            Text::SwitchLanguage => ("日本語に切り替え", "Switch to English"),
            Text::KubectlSays => ("What kubectl apply prints", "kubectl apply の出力"),
            Text::ClusterTime => ("Cluster time since it was created", "クラスター作成からの経過時間"),
            Text::Play => ("▶ Play", "▶ 再生"),
            Text::Pause => ("Pause", "一時停止"),
            Text::Step => ("Step", "1ステップ進める"),
            Text::StepHint => ("Let time run to the next thing that happens", "次の出来事まで時間を進める"),
            Text::Speed => ("Speed", "速度"),
            Text::Clock => ("cluster time", "経過時間"),
            Text::Reset => ("Reset", "リセット"),
            Text::ResetSeed => ("Tutorial's end state", "チュートリアル完了時の状態"),
            Text::ResetBare => ("Bare cluster", "空のクラスター"),
            Text::ResetConfirm => ("Start over? The cluster and the three files go back to this state.", "やり直しますか？ クラスターと3つのファイルを、選んだ開始状態に戻します。"),
            Text::Terminal => ("Terminal", "ターミナル"),
            Text::TerminalInput => ("Shell command (Tab completes, ↑↓ history)", "シェルコマンド（Tab で補完、↑↓で履歴）"),
            Text::Requests => ("Requests", "リクエスト"),
            Text::Method => ("Method", "メソッド"),
            Text::Target => ("Send to", "送信先"),
            Text::Host => ("Host header", "Host ヘッダー"),
            Text::Path => ("Path", "パス"),
            Text::Send => ("Send", "送信"),
            Text::SendCount => ("Send this many requests", "この数だけリクエストを送る"),
            Text::NoRequests => ("No requests yet. Send one to watch its path through the cluster.", "まだリクエストはありません。送信すると、クラスター内の経路が表示されます。"),
            Text::Results => ("Results, newest first", "結果（新しい順）"),
            Text::PerPod => ("Answers per pod", "Pod ごとの応答数"),
            Text::PerVersion => ("By version", "バージョン別"),
            Text::TraceTitle => ("The path of the selected request", "選択したリクエストの経路"),
            Text::ShowInManifest => ("Show in manifest", "マニフェストで表示"),
            Text::NoAnswer => ("no answer", "応答なし"),
            Text::Details => ("Details", "詳細"),
            Text::Close => ("Close", "閉じる"),
            Text::DeletePod => ("Delete this pod", "この Pod を削除"),
            Text::StopNode => ("Stop the machine", "マシンを停止"),
            Text::StartNode => ("Start the machine", "マシンを起動"),
            Text::Cordon => ("Cordon (no new pods)", "cordon（スケジューリング不可にする）"),
            Text::Uncordon => ("Uncordon", "uncordon"),
            Text::RecentRequests => ("Recent requests (access log)", "最近のリクエスト（アクセスログ）"),
            Text::Events => ("Events", "イベント"),
            Text::NoEvents => ("No events yet.", "イベントはまだありません。"),
            Text::StorageFull => ("This browser is not letting kplay save (its storage is full or blocked, as it can be in a page embedded from another site), so your edits are not kept after you close the page.", "このブラウザーでは kplay が保存できません（ストレージがいっぱいか、別のサイトに埋め込まれたページなどでブロックされています）。編集内容はページを閉じると失われます。"),
            Text::Share => ("Share", "共有"),
            Text::ToGateway => ("To Gateway API", "Gateway API に変換"),
            Text::ToGatewayTitle => ("Convert the Ingresses into a Gateway and HTTPRoutes with kplay ingress2gateway, written to gateway.yaml", "kplay ingress2gateway で Ingress を Gateway と HTTPRoute に変換し、gateway.yaml に書き出します"),
            Text::Compare => ("Compare", "比較"),
            Text::CompareTitle => ("Send the same requests through the Ingress and the Gateway and show where the answers differ (kplay compare)", "同じリクエストを Ingress と Gateway の両方に送り、応答の違いを示します（kplay compare）"),
            Text::ShareCopied => ("A link to what you see is copied. Whoever opens it sees this cluster, its pods and this terminal.", "今の画面へのリンクをコピーしました。開いた人には、このクラスター、Pod、ターミナルが同じように見えます。"),
            Text::ShareInAddressBar => ("The link to what you see is in the address bar; copy it from there.", "今の画面へのリンクをアドレスバーに入れました。そこからコピーしてください。"),
            Text::ShareSavedFile => ("This session is too long for a link, so it was saved as a .kplay file. Open it with “Open…”, or drop it on the page.", "このセッションはリンクには長すぎるため、.kplay ファイルとして保存しました。「開く…」で開くか、ページにドロップしてください。"),
            Text::OpenFile => ("Open…", "開く…"),
            Text::LinkNewer => ("This link was made by a newer kplay than this one, so it cannot be opened here. The page opened as usual.", "このリンクは新しいバージョンの kplay で作られたため、ここでは開けません。ページは通常どおり開きました。"),
            Text::LinkBroken => ("This link is cut or damaged, so it cannot be opened. The page opened as usual.", "このリンクは途中で切れているか壊れているため、開けません。ページは通常どおり開きました。"),
            Text::FileBroken => ("This file is not a kplay session (.kplay), or was made by a newer kplay.", "このファイルは kplay のセッション（.kplay）ではないか、新しいバージョンの kplay で作られたものです。"),
            Text::Lesson => ("Lesson", "レッスン"),
            Text::Lessons => ("Lessons…", "レッスン…"),
            Text::LessonClose => ("Close the lesson", "レッスンを閉じる"),
            Text::LessonSteps => ("Steps", "ステップ"),
            Text::LessonCheck => ("Check", "確認"),
            Text::LessonHint => ("Hint", "ヒント"),
            Text::LessonSolution => ("Show me", "解答を実行"),
            Text::LessonResetStep => ("Reset step", "ステップをやり直す"),
            Text::LessonNext => ("Next step →", "次のステップへ →"),
            Text::LessonStepDone => ("✓ Done: the cluster shows this step is complete.", "✓ 完了：クラスターの状態から、このステップができていることを確認しました。"),
            Text::LessonAllDone => ("✓ Every step is done. Well done!", "✓ すべてのステップが完了しました。お疲れさまでした。"),
            Text::LessonNotYet => ("Not yet. This is what the cluster shows:", "まだです。クラスターの状態は次のとおりです。"),
            Text::LessonBroken => ("This lesson could not be loaded:", "このレッスンは読み込めませんでした："),
            Text::OpenInKplay => ("Open in kplay ↗", "kplay で開く ↗"),
            Text::Export => ("Export", "エクスポート"),
            Text::ExportHint => ("Download the three files and a README that says how to run them on kind or minikube", "3つのファイルと、kind や minikube で動かす手順を書いた README をダウンロードします"),
            Text::Crashed => ("kplay hit a bug and stopped. Your manifests are saved in this browser.", "kplay で不具合が起きて停止しました。マニフェストはこのブラウザーに保存されています。"),
            Text::CrashedUnsaved => ("kplay hit a bug and stopped. This browser did not let kplay save your manifests, so copy anything you need before you reload.", "kplay で不具合が起きて停止しました。このブラウザーではマニフェストを保存できなかったため、必要なものはコピーしてから再読み込みしてください。"),
            Text::Reload => ("Reload", "再読み込み"),
            Text::BrokenSelector => ("selects no pod", "どの Pod も選択していません"),
            Text::Refused => ("connection refused", "接続拒否"),
            Text::TimedOut => ("timed out", "タイムアウト"),
            Text::UnknownHost => ("unknown host", "ホスト名を解決できません"),
            Text::HandshakeFailed => ("TLS handshake failed", "TLS ハンドシェイク失敗"),
            Text::Ready => ("Ready", "Ready"),
            Text::NotReady => ("NotReady", "NotReady"),
            Text::Cordoned => ("cordoned", "cordon（スケジューリング不可）"),
        }
    }
}

/// Every step a trace hop can be, for the tests that read every Japanese text.
#[cfg(test)]
pub(crate) const STEPS: [HopStep; 12] = [
    HopStep::Client,
    HopStep::Node,
    HopStep::Controller,
    HopStep::Ingress,
    HopStep::Service,
    HopStep::Endpoint,
    HopStep::Pod,
    HopStep::Tls,
    HopStep::Gateway,
    HopStep::Route,
    HopStep::Filter,
    HopStep::Note,
];

/// The name of a trace hop's step in `lang`, as the requests panel shows it. Exhaustive, so a new step cannot go
/// untranslated.
pub fn step_name(lang: Lang, step: HopStep) -> &'static str {
    let (en, ja) = match step {
        HopStep::Client => ("client", "クライアント"),
        HopStep::Node => ("node", "ノード"),
        HopStep::Controller => ("ingress controller", "Ingress コントローラー"),
        HopStep::Ingress => ("Ingress rule", "Ingress ルール"),
        HopStep::Service => ("Service", "Service"),
        HopStep::Endpoint => ("endpoint", "エンドポイント"),
        HopStep::Pod => ("Pod", "Pod"),
        HopStep::Tls => ("TLS", "TLS"),
        HopStep::Gateway => ("Gateway listener", "Gateway のリスナー"),
        HopStep::Route => ("HTTPRoute", "HTTPRoute"),
        HopStep::Filter => ("filter", "フィルター"),
        HopStep::Note => ("note", "補足"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// The text in the given language.
pub fn t(lang: Lang, text: Text) -> &'static str {
    let (en, ja) = text.pair();
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_every_language() {
        for lang in Lang::ALL {
            for text in Text::ALL {
                assert!(!t(lang, text).trim().is_empty(), "{text:?} in {lang:?}");
            }
            for step in STEPS {
                assert!(
                    !step_name(lang, step).trim().is_empty(),
                    "{step:?} in {lang:?}"
                );
            }
            for step in STEPS {
                assert!(
                    !step_name(lang, step).trim().is_empty(),
                    "{step:?} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn the_browser_preference_picks_the_language() {
        assert_eq!(Lang::preferred(["ja-JP", "en-US"]), Lang::Ja);
        assert_eq!(Lang::preferred(["fr-FR", "en"]), Lang::En);
        assert_eq!(Lang::preferred(["de"]), Lang::En);
    }
}
