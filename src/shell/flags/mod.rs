//! kubectl's flags, one table per command, read as pflag reads them and refused in kubectl's words.

mod dry_run;

pub(super) use dry_run::{dry_run_deprecated, DryRun};

/// A flag kplay reads. Each verb's table lists the ones it takes; what a flag is called is written once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flag {
    Filename,
    Output,
    Namespace,
    AllNamespaces,
    Selector,
    FieldSelector,
    ShowLabels,
    NoHeaders,
    Replicas,
    Overwrite,
    IgnoreDaemonsets,
    For,
    Timeout,
    All,
    ToRevision,
    /// `--template`: the Go template of `-o go-template`.
    Template,
    /// `kubectl expose`'s flags.
    Port,
    TargetPort,
    Type,
    Name,
    Protocol,
    /// `kubectl exec -i -t -c`.
    Stdin,
    Tty,
    Container,
    /// `kubectl logs -f`: logs print what there is and return, so following changes nothing.
    Follow,
    /// `kubectl delete`'s `--grace-period`, `--force`, `--now` and `--wait`.
    GracePeriod,
    /// `kubectl patch -p, --patch`.
    Patch,
    /// `kubectl expose --external-name`, for `--type=ExternalName`.
    ExternalName,
    /// `kubectl explain --recursive`.
    Recursive,
    /// `kubectl get -w, --watch`.
    Watch,
    /// `kubectl get --sort-by`.
    SortBy,
    /// `kubectl config set-context --current` and `config view --minify` (kplay has one context, so it is minified).
    Current,
    Minify,
    /// `kubectl apply --server-side`, and `--force-conflicts` and `--field-manager`, read and left (kplay keeps no
    /// field owners, so nothing conflicts).
    ServerSide,
    ForceConflicts,
    FieldManager,
    /// `--dry-run[=client|server|none]`.
    DryRun,
    /// `kubectl create deployment` and `kubectl run`: `--image` (repeatable for create deployment).
    Image,
    /// `kubectl run`'s `-l, --labels`, `--env` (repeatable), `--restart`, `--command` (Entrypoint: the words after
    /// `--` replace the image's command rather than give it arguments) and `--rm`.
    Labels,
    Env,
    Restart,
    Entrypoint,
    Rm,
    /// `kubectl port-forward --address`: only localhost is modelled, so its value is read and left.
    Address,
    Force,
    Now,
    Wait,
}

/// Whether a flag is followed by a value or stands alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Takes {
    Value,
    Bool,
    /// A value given only inline (`--dry-run=server`); alone, the flag means this (pflag's NoOptDefVal).
    Optional(&'static str),
}

impl Flag {
    /// Long name, shorthand, and whether it takes a value, as kubectl v1.34 declares them.
    fn spec(self) -> (&'static str, Option<char>, Takes) {
        match self {
            Flag::Filename => ("filename", Some('f'), Takes::Value),
            Flag::Output => ("output", Some('o'), Takes::Value),
            Flag::Namespace => ("namespace", Some('n'), Takes::Value),
            Flag::AllNamespaces => ("all-namespaces", Some('A'), Takes::Bool),
            Flag::Selector => ("selector", Some('l'), Takes::Value),
            Flag::FieldSelector => ("field-selector", None, Takes::Value),
            Flag::ShowLabels => ("show-labels", None, Takes::Bool),
            Flag::NoHeaders => ("no-headers", None, Takes::Bool),
            Flag::Replicas => ("replicas", None, Takes::Value),
            Flag::Overwrite => ("overwrite", None, Takes::Bool),
            Flag::IgnoreDaemonsets => ("ignore-daemonsets", None, Takes::Bool),
            Flag::For => ("for", None, Takes::Value),
            Flag::Timeout => ("timeout", None, Takes::Value),
            Flag::All => ("all", None, Takes::Bool),
            Flag::ToRevision => ("to-revision", None, Takes::Value),
            Flag::Follow => ("follow", Some('f'), Takes::Bool),
            Flag::Template => ("template", None, Takes::Value),
            Flag::Port => ("port", None, Takes::Value),
            Flag::TargetPort => ("target-port", None, Takes::Value),
            Flag::Type => ("type", None, Takes::Value),
            Flag::Name => ("name", None, Takes::Value),
            Flag::Protocol => ("protocol", None, Takes::Value),
            Flag::Stdin => ("stdin", Some('i'), Takes::Bool),
            Flag::Tty => ("tty", Some('t'), Takes::Bool),
            Flag::Container => ("container", Some('c'), Takes::Value),
            Flag::GracePeriod => ("grace-period", None, Takes::Value),
            Flag::Address => ("address", None, Takes::Value),
            Flag::DryRun => ("dry-run", None, Takes::Optional("unchanged")),
            Flag::Patch => ("patch", Some('p'), Takes::Value),
            Flag::ExternalName => ("external-name", None, Takes::Value),
            Flag::Recursive => ("recursive", None, Takes::Bool),
            Flag::Watch => ("watch", Some('w'), Takes::Bool),
            Flag::SortBy => ("sort-by", None, Takes::Value),
            Flag::Current => ("current", None, Takes::Bool),
            Flag::Minify => ("minify", None, Takes::Bool),
            Flag::ServerSide => ("server-side", None, Takes::Bool),
            Flag::ForceConflicts => ("force-conflicts", None, Takes::Bool),
            Flag::FieldManager => ("field-manager", None, Takes::Value),
            Flag::Image => ("image", None, Takes::Value),
            Flag::Labels => ("labels", Some('l'), Takes::Value),
            Flag::Env => ("env", None, Takes::Value),
            Flag::Restart => ("restart", None, Takes::Value),
            Flag::Entrypoint => ("command", None, Takes::Bool),
            Flag::Rm => ("rm", None, Takes::Bool),
            Flag::Force => ("force", None, Takes::Bool),
            Flag::Now => ("now", None, Takes::Bool),
            Flag::Wait => ("wait", None, Takes::Bool),
        }
    }

    fn long(self) -> &'static str {
        self.spec().0
    }
}

/// Flags every kubectl command takes (kubectl's persistent flags that kplay reads).
const GLOBAL: &[Flag] = &[Flag::Namespace];

/// The flags of each command kplay runs, by its path after `kubectl`. A command with subcommands has a row for each
/// (`rollout undo`) and one for itself, used when the subcommand is missing or unknown.
// One row per command reads as the table it is, so rustfmt leaves it alone.
#[rustfmt::skip]
const COMMANDS: &[(&str, &[Flag])] = &[
    ("apply", &[Flag::Filename, Flag::Output, Flag::Selector, Flag::All, Flag::Overwrite, Flag::Timeout, Flag::DryRun,
        Flag::ServerSide, Flag::ForceConflicts, Flag::FieldManager]),
    ("create", &[Flag::Filename, Flag::Output, Flag::Selector, Flag::DryRun]),
    ("create deployment", &[Flag::Image, Flag::Replicas, Flag::Port, Flag::DryRun, Flag::Output]),
    ("create namespace", &[Flag::DryRun, Flag::Output]),
    ("create ns", &[Flag::DryRun, Flag::Output]),
    ("run", &[Flag::Image, Flag::Port, Flag::Labels, Flag::Env, Flag::Restart, Flag::Entrypoint, Flag::Rm,
        Flag::Stdin, Flag::Tty, Flag::DryRun, Flag::Output]),
    ("get", &[Flag::Filename, Flag::Output, Flag::AllNamespaces, Flag::Selector, Flag::FieldSelector, Flag::ShowLabels,
        Flag::NoHeaders, Flag::Template, Flag::Watch, Flag::SortBy]),
    ("delete", &[Flag::Filename, Flag::Output, Flag::AllNamespaces, Flag::Selector, Flag::FieldSelector, Flag::All,
        Flag::Timeout, Flag::GracePeriod, Flag::Force, Flag::Now, Flag::Wait]),
    ("describe", &[Flag::Filename, Flag::AllNamespaces, Flag::Selector]),
    ("scale", &[Flag::Filename, Flag::Output, Flag::Selector, Flag::Replicas, Flag::All, Flag::Timeout]),
    ("set", &[]),
    ("set image", &[Flag::Filename, Flag::Output, Flag::Selector, Flag::All]),
    ("label", &[Flag::Filename, Flag::Output, Flag::AllNamespaces, Flag::Selector, Flag::FieldSelector, Flag::Overwrite,
        Flag::All]),
    ("annotate", &[Flag::Filename, Flag::Output, Flag::AllNamespaces, Flag::Selector, Flag::FieldSelector,
        Flag::Overwrite, Flag::All]),
    ("rollout", &[]),
    ("rollout status", &[Flag::Filename, Flag::Selector, Flag::Timeout]),
    ("rollout history", &[Flag::Filename, Flag::Output, Flag::Selector]),
    ("rollout undo", &[Flag::Filename, Flag::Output, Flag::Selector, Flag::ToRevision]),
    ("rollout restart", &[Flag::Filename, Flag::Output, Flag::Selector]),
    ("cordon", &[Flag::Selector]),
    ("uncordon", &[Flag::Selector]),
    ("drain", &[Flag::Selector, Flag::IgnoreDaemonsets, Flag::Timeout]),
    ("logs", &[Flag::Follow, Flag::Selector]),
    ("wait", &[Flag::Filename, Flag::Output, Flag::AllNamespaces, Flag::Selector, Flag::FieldSelector, Flag::For,
        Flag::Timeout, Flag::All]),
    ("exec", &[Flag::Filename, Flag::Stdin, Flag::Tty, Flag::Container]),
    ("version", &[Flag::Output]),
    ("cluster-info", &[]),
    ("proxy", &[Flag::Port]),
    ("port-forward", &[Flag::Address]),
    ("explain", &[Flag::Recursive]),
    ("config", &[Flag::Current, Flag::Minify, Flag::Output]),
    ("edit", &[Flag::Filename, Flag::Output]),
    ("patch", &[Flag::Filename, Flag::Patch, Flag::Type, Flag::DryRun, Flag::Output]),
    ("expose", &[Flag::Filename, Flag::Output, Flag::Port, Flag::TargetPort, Flag::Type, Flag::Name, Flag::Protocol,
        Flag::Template, Flag::DryRun, Flag::ExternalName]),
    ("api-resources", &[Flag::Output, Flag::NoHeaders]),
];

/// Flags and positional arguments of one kubectl invocation.
#[derive(Debug, Default, Clone)]
pub(super) struct Args {
    pub(super) positional: Vec<String>,
    pub(super) files: Vec<String>,
    pub(super) output: Option<String>,
    pub(super) namespace: Option<String>,
    pub(super) all_namespaces: bool,
    pub(super) selector: Option<String>,
    pub(super) field_selector: Option<String>,
    pub(super) show_labels: bool,
    pub(super) no_headers: bool,
    pub(super) replicas: Option<String>,
    pub(super) overwrite: bool,
    pub(super) ignore_daemonsets: bool,
    pub(super) to_revision: Option<u64>,
    pub(super) wait_for: Option<String>,
    pub(super) timeout: Option<String>,
    pub(super) all: bool,
    pub(super) template: Option<String>,
    pub(super) port: Option<String>,
    pub(super) target_port: Option<String>,
    /// `--type`: a Service's type for `expose`, the kind of patch for `patch`.
    pub(super) type_value: Option<String>,
    /// `kubectl patch -p`.
    pub(super) patch: Option<String>,
    /// `kubectl expose --external-name`.
    pub(super) external_name: Option<String>,
    /// `kubectl explain --recursive`.
    pub(super) recursive: bool,
    /// `kubectl get -w`.
    pub(super) watch: bool,
    /// `kubectl get --sort-by`.
    pub(super) sort_by: Option<String>,
    /// `kubectl config set-context --current`.
    pub(super) current: bool,
    /// `kubectl apply --server-side`.
    pub(super) server_side: bool,
    pub(super) name: Option<String>,
    pub(super) protocol: Option<String>,
    pub(super) stdin: bool,
    pub(super) tty: bool,
    pub(super) container: Option<String>,
    /// `kubectl delete --grace-period` (-1, kubectl's default, keeps the object's own), `--force`, `--now`,
    /// `--wait` (None: kubectl's default, true).
    pub(super) grace_period: Option<i64>,
    pub(super) force: bool,
    pub(super) now: bool,
    pub(super) wait: Option<bool>,
    pub(super) dry_run: DryRun,
    /// `--image` (create deployment takes several), `kubectl run`'s `--labels`, `--env`, `--restart`, `--command`,
    /// `--rm`.
    pub(super) images: Vec<String>,
    pub(super) labels: Option<String>,
    pub(super) env: Vec<String>,
    pub(super) restart: Option<String>,
    pub(super) command_flag: bool,
    pub(super) rm: bool,
    /// Everything after `--`, for `exec`.
    pub(super) command: Vec<String>,
}

/// A command's path after `kubectl` (`get`, `rollout undo`) and the flags it takes, or None for a verb kplay does
/// not know (which kubectl refuses as an unknown command before it reads any flag).
pub(super) fn command(verb: &str, words: &[String]) -> Option<(&'static str, &'static [Flag])> {
    let sub = subcommand(words).map(|sub| format!("{verb} {sub}"));
    let row = |path: &str| COMMANDS.iter().find(|(p, _)| *p == path).copied();
    sub.as_deref().and_then(row).or_else(|| row(verb))
}

/// The first word that is neither a flag nor the namespace flag's value: the subcommand, for commands that have them.
fn subcommand(words: &[String]) -> Option<&str> {
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word == "-n" || word == "--namespace" {
            words.next();
        } else if !word.starts_with('-') {
            return Some(word);
        }
    }
    None
}

impl Args {
    /// Reads `words` as pflag does for the command at `path` taking `flags`. Err is the whole message kubectl prints.
    pub(super) fn parse(path: &str, flags: &[Flag], words: &[String]) -> Result<Args, String> {
        let mut args = Args::default();
        let mut reader = Reader {
            flags,
            words: words.iter(),
        };
        while let Some(word) = reader.words.next() {
            let found = if word == "--" {
                args.command = reader.words.by_ref().cloned().collect();
                continue;
            } else if let Some(long) = word.strip_prefix("--") {
                reader.long(long)
            } else if word.len() > 1 && word.starts_with('-') {
                reader.shorthands(&word[1..])
            } else {
                args.positional.push(word.clone());
                continue;
            };
            let set = found.and_then(|found| {
                found
                    .into_iter()
                    .try_for_each(|(flag, value)| args.set(flag, value))
            });
            if let Err(problem) = set {
                return Err(format!(
                    "error: {problem}\nSee 'kubectl {path} --help' for usage.\n"
                ));
            }
        }
        Ok(args)
    }

    pub(super) fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }

    /// Records one flag; a boolean's value is "true" unless written out (`--all=false`).
    fn set(&mut self, flag: Flag, value: String) -> Result<(), String> {
        let on = || parse_bool(flag, &value);
        match flag {
            Flag::Filename => self.files.push(value),
            Flag::Output => self.output = Some(value),
            Flag::Namespace => self.namespace = Some(value),
            Flag::AllNamespaces => self.all_namespaces = on()?,
            Flag::Selector => self.selector = Some(value),
            Flag::FieldSelector => self.field_selector = Some(value),
            Flag::ShowLabels => self.show_labels = on()?,
            Flag::NoHeaders => self.no_headers = on()?,
            Flag::Replicas => self.replicas = Some(value),
            Flag::Overwrite => self.overwrite = on()?,
            Flag::IgnoreDaemonsets => self.ignore_daemonsets = on()?,
            Flag::For => self.wait_for = Some(value),
            Flag::Timeout => self.timeout = Some(value),
            Flag::All => self.all = on()?,
            Flag::ToRevision => {
                self.to_revision = Some(value.parse().map_err(|_| {
                    invalid(
                        flag,
                        &value,
                        &format!("strconv.ParseInt: parsing \"{value}\": invalid syntax"),
                    )
                })?)
            }
            Flag::Follow => {
                on()?;
            }
            Flag::Template => self.template = Some(value),
            Flag::Port => self.port = Some(value),
            Flag::TargetPort => self.target_port = Some(value),
            Flag::Type => self.type_value = Some(value),
            Flag::Name => self.name = Some(value),
            Flag::Protocol => self.protocol = Some(value),
            Flag::Stdin => self.stdin = on()?,
            Flag::Tty => self.tty = on()?,
            Flag::Container => self.container = Some(value),
            Flag::GracePeriod => {
                self.grace_period = Some(value.parse().map_err(|_| {
                    invalid(
                        flag,
                        &value,
                        &format!("strconv.ParseInt: parsing \"{value}\": invalid syntax"),
                    )
                })?)
            }
            Flag::Force => self.force = on()?,
            Flag::Address => {}
            Flag::DryRun => self.dry_run = DryRun::parse(&value)?,
            Flag::Patch => self.patch = Some(value),
            Flag::ExternalName => self.external_name = Some(value),
            Flag::Recursive => self.recursive = on()?,
            Flag::Watch => self.watch = on()?,
            Flag::SortBy => self.sort_by = Some(value),
            Flag::Current => self.current = on()?,
            Flag::Minify => {
                on()?;
            }
            Flag::ServerSide => self.server_side = on()?,
            Flag::ForceConflicts => {
                on()?;
            }
            Flag::FieldManager => {}
            Flag::Image => self.images.push(value),
            Flag::Labels => self.labels = Some(value),
            Flag::Env => self.env.push(value),
            Flag::Restart => self.restart = Some(value),
            Flag::Entrypoint => self.command_flag = on()?,
            Flag::Rm => self.rm = on()?,
            Flag::Now => self.now = on()?,
            Flag::Wait => self.wait = Some(on()?),
        }
        Ok(())
    }
}

/// Walks one command's words, finding each flag in its table or the global one.
struct Reader<'a> {
    flags: &'a [Flag],
    words: std::slice::Iter<'a, String>,
}

impl Reader<'_> {
    fn find(&self, wanted: impl Fn(Flag) -> bool) -> Option<Flag> {
        self.flags
            .iter()
            .chain(GLOBAL)
            .copied()
            .find(|f| wanted(*f))
    }

    /// `--name`, `--name=value` or `--name value`.
    fn long(&mut self, word: &str) -> Result<Vec<(Flag, String)>, String> {
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (word, None),
        };
        let Some(flag) = self.find(|f| f.long() == name) else {
            return Err(format!("unknown flag: --{name}"));
        };
        let value = match (flag.spec().2, inline) {
            (_, Some(value)) => value,
            (Takes::Bool, None) => "true".to_string(),
            (Takes::Optional(alone), None) => alone.to_string(),
            (Takes::Value, None) => self
                .words
                .next()
                .cloned()
                .ok_or_else(|| format!("flag needs an argument: --{name}"))?,
        };
        Ok(vec![(flag, value)])
    }

    /// `-A`, `-oyaml`, `-o=yaml`, `-o yaml`, or booleans run together (`-Af` is `-A -f`): a shorthand that takes a
    /// value takes the rest of the word, else the next word.
    fn shorthands(&mut self, letters: &str) -> Result<Vec<(Flag, String)>, String> {
        let mut found = Vec::new();
        let mut rest = letters;
        while let Some(c) = rest.chars().next() {
            rest = &rest[c.len_utf8()..];
            let Some(flag) = self.find(|f| f.spec().1 == Some(c)) else {
                return Err(format!("unknown shorthand flag: '{c}' in -{letters}"));
            };
            let inline = rest.strip_prefix('=').unwrap_or(rest);
            let value = match flag.spec().2 {
                Takes::Bool if rest.starts_with('=') => inline.to_string(),
                Takes::Bool => {
                    found.push((flag, "true".to_string()));
                    continue;
                }
                Takes::Value if !inline.is_empty() || rest.starts_with('=') => inline.to_string(),
                Takes::Optional(_) if rest.starts_with('=') => inline.to_string(),
                Takes::Optional(alone) => alone.to_string(),
                Takes::Value => self
                    .words
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("flag needs an argument: '{c}' in -{letters}"))?,
            };
            found.push((flag, value));
            break;
        }
        Ok(found)
    }
}

/// Go's `strconv.ParseBool`, as pflag reads a boolean flag's written-out value.
fn parse_bool(flag: Flag, value: &str) -> Result<bool, String> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(invalid(
            flag,
            value,
            &format!("strconv.ParseBool: parsing \"{value}\": invalid syntax"),
        )),
    }
}

/// pflag's message for a value its flag cannot hold; the flag is named with its shorthand when it has one.
fn invalid(flag: Flag, value: &str, why: &str) -> String {
    let name = match flag.spec() {
        (long, Some(short), _) => format!("-{short}, --{long}"),
        (long, None, _) => format!("--{long}"),
    };
    format!("invalid argument \"{value}\" for \"{name}\" flag: {why}")
}

#[cfg(test)]
mod tests;
