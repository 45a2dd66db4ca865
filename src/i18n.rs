//! Every string the UI shows, in each language kplay speaks. kubectl and curl output stay as the real tools print them.

use serde::{Deserialize, Serialize};

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
    Applied,
    ErrorsKeepLastGood,
    Internet,
    ControlPlane,
    Worker,
    NoPods,
    LanguageName,
    SwitchLanguage,
    KubectlSays,
    ClusterTime,
    Play,
    Pause,
    Speed,
    Clock,
}

impl Text {
    pub const ALL: [Text; 18] = [
        Text::Tagline,
        Text::Manifests,
        Text::Topology,
        Text::Apply,
        Text::Applied,
        Text::ErrorsKeepLastGood,
        Text::Internet,
        Text::ControlPlane,
        Text::Worker,
        Text::NoPods,
        Text::LanguageName,
        Text::SwitchLanguage,
        Text::KubectlSays,
        Text::ClusterTime,
        Text::Play,
        Text::Pause,
        Text::Speed,
        Text::Clock,
    ];
}

/// The text in the given language.
pub fn t(lang: Lang, text: Text) -> &'static str {
    match lang {
        Lang::En => match text {
            Text::Tagline => "A Kubernetes cluster in your browser",
            Text::Manifests => "Manifests",
            Text::Topology => "Cluster topology",
            Text::Apply => "Apply",
            Text::Applied => "Applied",
            Text::ErrorsKeepLastGood => {
                "This file has errors. The cluster keeps its last good state until they are fixed."
            }
            Text::Internet => "Internet",
            Text::ControlPlane => "control plane",
            Text::Worker => "worker",
            Text::NoPods => "no pods",
            Text::LanguageName => "English",
            Text::SwitchLanguage => "日本語に切り替え",
            Text::KubectlSays => "What kubectl apply prints",
            Text::ClusterTime => "Cluster time since it was created",
            Text::Play => "▶ Play",
            Text::Pause => "Pause",
            Text::Speed => "Speed",
            Text::Clock => "cluster time",
        },
        Lang::Ja => match text {
            Text::Tagline => "ブラウザの中のKubernetesクラスタ",
            Text::Manifests => "マニフェスト",
            Text::Topology => "クラスタ構成",
            Text::Apply => "適用",
            Text::Applied => "適用しました",
            Text::ErrorsKeepLastGood => {
                "このファイルにはエラーがあります。修正されるまで、クラスタは最後に正しかった状態を保ちます。"
            }
            Text::Internet => "インターネット",
            Text::ControlPlane => "コントロールプレーン",
            Text::Worker => "ワーカー",
            Text::NoPods => "Podなし",
            Text::LanguageName => "日本語",
            Text::SwitchLanguage => "Switch to English",
            Text::KubectlSays => "kubectl apply の出力",
            Text::ClusterTime => "クラスタ作成からの経過時間",
            Text::Play => "▶ 再生",
            Text::Pause => "一時停止",
            Text::Speed => "速度",
            Text::Clock => "経過時間",
        },
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
        }
    }

    #[test]
    fn the_browser_preference_picks_the_language() {
        assert_eq!(Lang::preferred(["ja-JP", "en-US"]), Lang::Ja);
        assert_eq!(Lang::preferred(["fr-FR", "en"]), Lang::En);
        assert_eq!(Lang::preferred(["de"]), Lang::En);
    }
}
