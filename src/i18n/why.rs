//! The traces' explanations (`engine::traffic::Msg`) in Japanese. English is the engine's own text; names, numbers,
//! addresses and Kubernetes' words (`{0}`, `{1}`...) stay as they are.

use crate::engine::why::{Language, Msg, Why};
use crate::i18n::Lang;

/// An explanation in `lang`.
pub fn explain(lang: Lang, why: &Why) -> String {
    match lang {
        Lang::En => why.to_string(),
        Lang::Ja => why.render(&JAPANESE),
    }
}

/// Japanese: its templates, sentences ended with 。, list items joined with 、.
const JAPANESE: Language = Language {
    template: japanese,
    sentences: "。",
    items: "、",
};

/// The Japanese template of a message.
pub fn japanese(msg: Msg) -> &'static str {
    match msg {
        Msg::ClientOutside => "クラスター外のクライアントから {0} {1}://{2}:{3}{4}",
        Msg::ClientFromPod => "{6} の pod/{5} から {0} {1}://{2}:{3}{4}",
        Msg::ClusterIpFromOutside => "{0} は service/{1} の ClusterIP で、クラスター内からしか接続できません。外部からは Ingress、NodePort、LoadBalancer のいずれかを経由します",
        Msg::PodIpFromOutside => "{0} は Pod の IP アドレスです。Pod のネットワークにはクラスターの外から接続できません",
        Msg::NoSuchAddress => "クラスター内に {0} というアドレスを持つものはありません",
        Msg::MachineDown => "マシンが停止しています",
        Msg::NodeDown => "ノード {0} が停止しているため、{1} からは応答がありません",
        Msg::HostPort => "ポート {0} は pod/{1} の hostPort です",
        Msg::HostPortNotRunning => "pod/{0} が hostPort {1} を持っていますが、実行中ではありません",
        Msg::NodePort => "ポート {0} は service/{1} の NodePort で、kube-proxy が転送します",
        Msg::NothingOnPort => "ポート {0} で待ち受けているものはありません",
        Msg::NothingOnNode => "{0}:{1} で待ち受けているものはありません（hostPort も NodePort もありません）",
        Msg::ControllerGone => "Ingress コントローラーがなくなりました",
        Msg::Traefik1Serves => "{0} の Traefik が class traefik の Ingress を {1} 個扱っています。（実際のクラスターの Traefik 1.7 は extensions/v1beta1 の Ingress しか読みません。これは Kubernetes 1.22 で削除されたため、チュートリアルが動くように kplay では networking.k8s.io/v1 の Ingress を読ませています）",
        Msg::TraefikServes => "{1} の Traefik（{0}）が class traefik の Ingress を {2} 個扱っています",
        Msg::SkipsMissingServices => "{0} は、Service が存在しないため {1} を外します（Traefik はそのパスを設定から外します。Kubernetes 仕様モードならルールを残して 503 を返します）",
        Msg::SkipsEmptyServices => "{0} は、Service に ready 状態のエンドポイントがないため {1} を飛ばします（allowEmptyServices がオフ）。Traefik 1.x と Kubernetes 仕様モードならルールを残して 503 を返します",
        Msg::ModesDiffer => "ここは Ingress の解釈モードによって結果が変わります。いまのモード（{0}）では {1} を選び、{2} では {3} を選びます",
        Msg::ModeSpec => "Kubernetes の仕様",
        Msg::ModeTraefik => "Traefik",
        Msg::TraefikGateways => "{1} の Traefik（{0}）が Kubernetes Gateway プロバイダーとして、自分のクラスの Gateway を {2} 個扱っています",
        Msg::NoIngressProvider => "ポート {0} を受け付ける Gateway のリスナーがなく、この Traefik は Ingress プロバイダー（--providers.kubernetesingress）を動かしていないため、404 を返します",
        Msg::RouteNotAttached => "httproute/{0} は gateway/{1} を指定していますが、つながっていません（{2}。status.parents を見てください）。そのため、このルートのルールはリクエストを受けません",
        Msg::RouteOtherHosts => "httproute/{0} が扱うのは {1} で、{2} ではありません",
        Msg::GatewayListener => "gateway/{1} のリスナー {0}（ポート {2}、ホスト名 {3}）がホスト {4} を受け付けます",
        Msg::NoListenerForHost => "Traefik が動かす Gateway には、ポート {0} でホスト {1} を受け付けるリスナーがないため、Traefik は 404 を返します",
        Msg::NoRouteMatches => "リスナー {0} につながる HTTPRoute に、ホスト {1} とパス {2} に一致するものがないため、Traefik は 404 を返します",
        Msg::RouteRuleMatches => "httproute/{0} のルール {1} が一致します（{2}、ホスト {3}）",
        Msg::RouteAt => "httproute/{0} のルール {1}（{2}）",
        Msg::LowerPrecedence => "次のルールも一致しましたが、Gateway API の優先順位（ホスト、PathPrefix より Exact、長いプレフィックス、メソッド、ヘッダー、クエリパラメーター、古いルート、名前の順）で後になります：{0}",
        Msg::RouteWeights => "ルール {0} は重み（{1}）で振り分けます。このリクエストは {2} に送ります（{4} 回に {3} 回）",
        Msg::BackendWeight => "{0} {1}",
        Msg::NoBackends => "ルールに送り先がない（backendRefs がない、または重みがすべて 0）ため、Traefik は {0} を返します",
        Msg::BackendUnresolved => "{0}。このバックエンドに割り当てられた分のリクエストには、Traefik が 500 を返します",
        Msg::FilterRedirect => "RequestRedirect：Traefik が {0} と Location {1} を返します",
        Msg::FilterRewrite => "URLRewrite：バックエンドにはホスト {0}、パス {1} として届きます",
        Msg::FilterRequestHeaders => "RequestHeaderModifier：{0}",
        Msg::FilterResponseHeaders => "ResponseHeaderModifier：{0}",
        Msg::FilterUnsupported => "Traefik の Gateway プロバイダーは {0} フィルターを読み込まないため、500 を返します",
        Msg::RuleIndex => "ルール {0} のパス {1}",
        Msg::RuleAt => "ingress/{0} の {1}",
        Msg::RuleOf => "ingress/{0} の {1}（{2} {3}）",
        Msg::NoRule => "ルールなし",
        Msg::RuleMatches => "{0}: host {1} と path {2}（{3}）が {4} に一致します",
        Msg::DefaultBackend => "host {0} と path {1} に一致するルールはなく、ingress/{2} の defaultBackend に送ります",
        Msg::NoRuleMatches => "host {0} と path {1} に一致する Ingress のルールがなく、defaultBackend を持つ Ingress もありません",
        Msg::IgnoredIngress => "この Ingress なら一致しますが、Traefik は無視します: {0}",
        Msg::OtherClassAnnotation => "アノテーション {0}: {1} は traefik ではなく、ほかのコントローラーのクラスを指しています",
        Msg::UnknownClassName => "spec.ingressClassName に指定された IngressClass「{0}」はありません（kubectl get ingressclass で一覧できます）",
        Msg::OtherControllerClass => "spec.ingressClassName に指定された IngressClass「{0}」はコントローラー {1} のもので、Traefik のものではありません",
        Msg::NoSuchService => "{1} に {0} という Service はありません（あるのは: {2}）",
        Msg::NoSuchServicePort => "ポート {0} がありません（あるポート: {1}）",
        Msg::NoTlsEntryPoint => "Traefik にはポート {0} のエントリーポイントがありません。Pod は hostPort を開けていますが、Traefik をそこで待ち受けさせる引数がありません（Traefik 1.x: --entrypoints=Name:https Address::443 TLS、v2 以降: --entrypoints.websecure.address=:443）",
        Msg::TlsEntryPlainRequest => "ポート {0} は TLS のエントリーポイントですが、リクエストは平文の HTTP です",
        Msg::PlainEntryTlsRequest => "ポート {0} は平文 HTTP のエントリーポイントで、TLS には対応していません",
        Msg::NoSni => "（なし: URL のホストが IP アドレスなので、SNI は送られません）",
        Msg::SecretCertificate => "SNI {0}: Traefik はこの Secret の証明書 {1} を提示します",
        Msg::SecretCertificateUnread => "SNI {0}: Traefik はこの Secret の証明書 {1} を提示します（kplay は実際の証明書を読めないため、Ingress の tls.hosts をその名前とみなします）",
        Msg::DefaultCertificate => "SNI {0}: 扱っている Ingress の tls Secret にこの名前の証明書がないため、Traefik は既定の証明書（{1}）を提示します。これを信頼するクライアントはありません",
        Msg::HandshakePlainHttp => "サーバーがハンドシェイクに平文の HTTP で応答しました",
        Msg::SelfSigned => "証明書が自己署名で、信頼されていません",
        Msg::NameMismatch => "証明書は {0} を対象としていません",
        Msg::ServiceGone => "service {0} がなくなりました",
        Msg::ServiceNoPort => "ポート {0} がありません",
        Msg::ServiceNoPortReason => "service/{0} にポート {1} がありません",
        Msg::NoReadyEndpoints => "service/{0} に ready 状態のエンドポイントがありません",
        Msg::Picked => "Service のポート {0} は、セレクター {1} に一致する Pod に通信を振り分けます。ready 状態のエンドポイントは {2} 個で、{3} が {5} 上の {4} を選びました",
        Msg::PickedAgain => "Service のポート {0} は、セレクター {1} に一致する Pod に通信を振り分けます。ready 状態のエンドポイントは {2} 個で、{3} が {5} 上の {4} を選びました（sessionAffinity ClientIP: {6} が前回も使ったもの）",
        Msg::PickedToKeep => "Service のポート {0} は、セレクター {1} に一致する Pod に通信を振り分けます。ready 状態のエンドポイントは {2} 個で、{3} が {5} 上の {4} を選びました（sessionAffinity ClientIP: 以後 {6} はここに固定）",
        Msg::EndpointNamedPort => "targetPort {2}（containerPort {1}）により {0}:{1} へ",
        Msg::EndpointPort => "targetPort {1} により {0}:{1} へ",
        Msg::LocalNoEndpoint => "externalTrafficPolicy Local: ノード {0} に ready 状態のエンドポイントがないため、リクエストは破棄されます",
        Msg::ScaledToZero => "セレクター {0} に一致する Pod はありません。それを動かす deployment/{1} の replicas が 0 です",
        Msg::SelectsNoPod => "セレクター {0} に一致する Pod はありません",
        Msg::SelectsNoPodHere => "セレクター {0} に一致する Pod はありません。ここの Pod のラベルは {1} です",
        Msg::NoneReady => "セレクター {0} に一致する Pod は {1} 個ありますが、ready 状態のものはありません",
        Msg::PodGone => "pod {0} がなくなりました",
        Msg::ItsNodeDown => "ノード {0} が停止しています",
        Msg::OnDownNode => "pod/{0} は停止したノードの上にあります",
        Msg::NotAnswering => "{0} のため、応答しません",
        Msg::PodIs => "pod/{0} は {1} です",
        Msg::PlainHttpNotTls => "ポート {0} は TLS ではなく平文の HTTP で応答します",
        Msg::NothingOnPodPort => "ポート {0} で待ち受けているものはありません: {1}",
        Msg::ListensOn => "{0} は {1} で待ち受けます",
        Msg::NoContainerPort => "{0} は containerPort を宣言していません",
        Msg::PodNothingListening => "pod/{0} にはポート {1} で待ち受けているものがありません",
        Msg::Answered => "コンテナ {0}（{1}）が {2} を返しました",
        Msg::DidYouMean => "`{0}` のことですか？",
        Msg::NotAscii => "値に ASCII ではない文字 \"{0}\"（U+{1}）が含まれています。打ち直してください",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn places(template: &str) -> BTreeSet<String> {
        template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(n, _)| n.to_string()))
            .collect()
    }

    #[test]
    fn every_message_has_the_same_places_in_both_languages() {
        for &msg in Msg::ALL {
            assert_eq!(places(msg.english()), places(japanese(msg)), "{msg:?}");
        }
    }

    #[test]
    fn japanese_nests_and_keeps_names() {
        use crate::engine::why::why;
        let why = why!(Msg::IgnoredIngress, why!(Msg::UnknownClassName, "nginx"));
        assert_eq!(
            explain(Lang::Ja, &why),
            "この Ingress なら一致しますが、Traefik は無視します: spec.ingressClassName に指定された IngressClass「nginx」はありません（kubectl get ingressclass で一覧できます）"
        );
        assert_eq!(explain(Lang::En, &why), why.to_string());
    }
}
