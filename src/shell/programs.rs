//! The programs of the learner's machine around kubectl: curl, openssl, minikube, the text tools, the files'
//! `ls` and `cat`, `sleep` (which lets cluster time pass), `echo`, `seq`, `help` and `clear`.

use crate::engine::Millis;
use crate::shell::{curl, kubectl, proxy, secrets, sorting, text, Output, Shell, CLEAR_SCREEN};

impl Shell {
    /// A program of the learner's machine.
    pub(super) fn run_outside(&mut self, words: &[String], stdin: Option<String>) -> Output {
        let Some((program, args)) = words.split_first() else {
            return Output::default();
        };
        match program.as_str() {
            "kubectl" | "k" => kubectl::run(self, args, stdin),
            "kplay" => self.kplay(args),
            "curl" => curl::curl(self, args, None),
            "minikube" => proxy::minikube(self, args),
            "openssl" => secrets::openssl(self, args),
            "sleep" => self.sleep(args),
            "ls" => Output::out(
                self.files
                    .keys()
                    .map(|name| format!("{name}\n"))
                    .collect::<String>(),
            ),
            "cat" if args.is_empty() => Output::out(stdin.unwrap_or_default()),
            "head" | "tail" | "grep" | "wc" => {
                text::filter(program, args, &self.input(args, stdin))
            }
            "sort" => sorting::sort(args, &self.input(args, stdin)),
            "uniq" => sorting::uniq(args, &self.input(args, stdin)),
            "tr" => sorting::tr(args, &stdin.unwrap_or_default()),
            "cat" => self.cat(args),
            "echo" => echo(args),
            // `export NAME=...` was an assignment; `export NAME` marks a variable this shell already shares.
            "export" => Output::default(),
            "unset" => {
                for name in args {
                    self.vars.remove(name);
                }
                Output::default()
            }
            "seq" => seq(args),
            "true" => Output::default(),
            "false" => {
                let mut output = Output::default();
                output.set_status(1);
                output
            }
            "help" => Output::out(HELP),
            // What `clear` writes: the terminal moves home and erases the screen and its scrollback.
            "clear" => Output::out(CLEAR_SCREEN),
            other => Output::err(format!("bash: {other}: command not found\n")),
        }
    }

    fn sleep(&mut self, args: &[String]) -> Output {
        let seconds = args
            .first()
            .and_then(|a| a.trim_end_matches('s').parse::<f64>().ok());
        match seconds {
            Some(s) if (0.0..=86_400.0).contains(&s) => {
                self.advance((s * 1000.0).round() as Millis);
                Output::default()
            }
            _ => Output::err(format!(
                "sleep: invalid time interval '{}'\n",
                args.first().map_or("", String::as_str)
            )),
        }
    }

    /// What a filter reads: the file it names last, or its standard input.
    fn input(&self, args: &[String], stdin: Option<String>) -> String {
        let named = args
            .iter()
            .rev()
            .find(|a| !a.starts_with('-') && self.files.contains_key(*a));
        match named {
            Some(file) => self.files[file].clone(),
            None => stdin.unwrap_or_default(),
        }
    }

    fn cat(&self, args: &[String]) -> Output {
        let mut output = Output::default();
        for name in args {
            match self.files.get(name) {
                Some(text) => output.push_out(text.clone()),
                None => output.push_err(format!("cat: {name}: No such file or directory\n")),
            }
        }
        output
    }
}

/// `echo [-n] WORDS`: the words and, unless `-n`, a newline.
fn echo(args: &[String]) -> Output {
    match args.split_first() {
        Some((flag, rest)) if flag == "-n" => Output::out(rest.join(" ")),
        _ => Output::out(format!("{}\n", args.join(" "))),
    }
}

/// `seq LAST`, `seq FIRST LAST` or `seq FIRST STEP LAST`, as loops over requests use it; at most 10,000 numbers.
fn seq(args: &[String]) -> Output {
    let numbers: Option<Vec<i64>> = args.iter().map(|a| a.parse().ok()).collect();
    let (first, step, last) = match numbers.as_deref() {
        Some([last]) => (1, 1, *last),
        Some([first, last]) => (*first, 1, *last),
        Some([first, step, last]) if *step != 0 => (*first, *step, *last),
        _ => {
            let word = args.iter().find(|a| a.parse::<i64>().is_err());
            return Output::err(match word {
                Some(word) => format!("seq: invalid floating point argument: '{word}'\nTry 'seq --help' for more information.\n"),
                None => "seq: missing operand\nTry 'seq --help' for more information.\n".to_string(),
            });
        }
    };
    let mut text = String::new();
    let mut n = first;
    for _ in 0..10_000 {
        if (step > 0 && n > last) || (step < 0 && n < last) {
            break;
        }
        text.push_str(&format!("{n}\n"));
        n += step;
    }
    Output::out(text)
}

const HELP: &str = "\
kplay shell: a Kubernetes cluster in your browser.

  kubectl apply -f FILE        create or update the objects in FILE
  kubectl get TYPE[,TYPE] [NAME] [-o wide|name]
  kubectl delete TYPE NAME     delete an object (also TYPE/NAME)
  kubectl describe|scale|set image|label|annotate|rollout|cordon|drain|logs ...
  kubectl create deployment|expose|run|patch|edit|explain|proxy|port-forward|config ...
  kubectl get ... -o jsonpath=...|go-template=...|custom-columns=...   kubectl get -w (Ctrl+C stops it)
  ls, cat FILE, echo           the files you can apply; cat <<EOF > FILE writes one
  sleep N                      let N seconds of cluster time pass
  kplay node stop|start NAME   make a node fail and recover (also: kplay node add|remove)
  clear                        clear the terminal
";
