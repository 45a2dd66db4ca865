//! The native CLI: `kplay run [--seed N] [FILE|-]` runs a shell script on a fresh cluster and prints a transcript;
//! `kplay share [--bare] [FILE|-]` runs it as the page would and prints the share link's fragment.

use std::io::Read;
use std::process::ExitCode;

use kplay::shell::Shell;

const USAGE: &str = "usage: kplay run [--seed N] [--workers N] [FILE|-]\n       kplay share [--bare] [FILE|-]\n       kplay lesson check DIR|FILE\n       kplay lesson link FILE\n\n`run` runs each line of FILE (or standard input) in kplay's shell on a new cluster\n(a control plane and N workers, 2 unless told; at most 10) and prints\n`$ <line>` followed by what the line printed.\n\n`share` runs each line in the page's session (on the seed tutorial's end state, or\non a bare cluster) and prints the fragment of a link that replays it:\n#share=... after the address of a kplay page (index.html, embed.html, kplay.html).\n\n`lesson check` loads a lesson (DIR/lesson.yaml, or FILE) and runs it from its\nstart: before each step every check must fail, after the step's solution every\ncheck must hold. It prints each step and exits 1 when the lesson has a problem.\n`lesson link` prints the fragment of a link that opens the lesson: #lesson=...\n";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("share") => share(&args[1..]),
        Some("lesson") if args.len() == 3 => match args[1].as_str() {
            "check" => lesson_check(&args[2]),
            "link" => lesson_link(&args[2]),
            _ => {
                eprint!("{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> ExitCode {
    let mut seed = 1;
    let mut workers = 2;
    let mut source = None;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--seed" => match words.next().and_then(|s| s.parse().ok()) {
                Some(n) => seed = n,
                None => {
                    eprintln!("kplay: --seed needs a whole number");
                    return ExitCode::from(2);
                }
            },
            "--workers" => match words
                .next()
                .and_then(|s| s.parse::<u8>().ok())
                .filter(|n| (1..=10).contains(n))
            {
                Some(n) => workers = n,
                None => {
                    eprintln!("kplay: --workers needs a number from 1 to 10");
                    return ExitCode::from(2);
                }
            },
            path if source.is_none() => source = Some(path.to_string()),
            extra => return unexpected(extra),
        }
    }
    let script = match read_script(source.as_deref().unwrap_or("-")) {
        Ok(script) => script,
        Err(code) => return code,
    };
    let mut shell = Shell::with_workers(seed, workers);
    let mut transcript = String::new();
    for line in script.lines() {
        // Inside a here-document every line is input, blank or not; elsewhere blank lines are skipped, and a comment
        // is shown as typed, so a transcript can say what it expects.
        if !shell.awaiting_input() && line.trim().is_empty() {
            continue;
        }
        if !shell.awaiting_input() && line.trim_start().starts_with('#') {
            transcript.push_str(&format!("{}{}\n", shell.prompt(), line.trim_end()));
            continue;
        }
        let prompt = shell.prompt();
        // Output that did not end its line (curl printing a bare body) gets one, as zsh marks it, so every
        // prompt starts a line and the transcript reads back as a script.
        if !transcript.is_empty() && !transcript.ends_with('\n') {
            transcript.push('\n');
        }
        transcript.push_str(&format!("{prompt}{}\n", line.trim_end()));
        transcript.push_str(&shell.exec(line).combined());
    }
    if !transcript.is_empty() && !transcript.ends_with('\n') {
        transcript.push('\n');
    }
    print!("{transcript}");
    ExitCode::SUCCESS
}

/// `kplay share`: the script's lines run as typed in the page's terminal, then the link that replays them.
fn share(args: &[String]) -> ExitCode {
    use kplay::session::{share, MemoryStorage, Opening, Session};
    let mut opening = Opening::Seed;
    let mut source = None;
    for word in args {
        match word.as_str() {
            "--bare" => opening = Opening::Bare,
            path if source.is_none() => source = Some(path.to_string()),
            extra => return unexpected(extra),
        }
    }
    let script = match read_script(source.as_deref().unwrap_or("-")) {
        Ok(script) => script,
        Err(code) => return code,
    };
    let mut session = Session::new(opening, Box::new(MemoryStorage::default()));
    for line in script.lines() {
        let skipped = line.trim().is_empty() || line.trim_start().starts_with('#');
        if session.shell.awaiting_input() || !skipped {
            session.exec(line);
        }
    }
    println!(
        "#{}{}",
        share::FRAGMENT_KEY,
        share::encode(&session.snapshot(None))
    );
    ExitCode::SUCCESS
}

/// `kplay lesson link`: the fragment of a link that carries the lesson, once it loads.
fn lesson_link(source: &str) -> ExitCode {
    let Some((file, text)) = lesson_text(source) else {
        return ExitCode::FAILURE;
    };
    match kplay::lesson::load(&text) {
        Ok(_) => {
            println!("#{}", kplay::lesson::to_fragment(&text));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}:{}", file.display(), located(&error));
            ExitCode::FAILURE
        }
    }
}

/// A lesson's file (DIR/lesson.yaml, or FILE) and its text, or None after saying why it cannot be read.
fn lesson_text(source: &str) -> Option<(std::path::PathBuf, String)> {
    let path = std::path::Path::new(source);
    let file = if path.is_dir() {
        path.join("lesson.yaml")
    } else {
        path.to_path_buf()
    };
    let text = read_script(&file.to_string_lossy()).ok()?;
    Some((file, text))
}

/// ` message` or `LINE: message`, after the file name.
fn located(error: &kplay::lesson::LoadError) -> String {
    match error.line {
        Some(line) => format!("{line}: {}", error.message),
        None => format!(" {}", error.message),
    }
}

/// `kplay lesson check`: the lesson loads, and its solutions make each step's checks come true, none before.
fn lesson_check(source: &str) -> ExitCode {
    let Some((file, text)) = lesson_text(source) else {
        return ExitCode::FAILURE;
    };
    let lesson = match kplay::lesson::load(&text) {
        Ok(lesson) => lesson,
        Err(error) => {
            eprintln!("{}:{}", file.display(), located(&error));
            return ExitCode::FAILURE;
        }
    };
    let mut ok = true;
    for (report, step) in kplay::lesson::run::solve(&lesson).iter().zip(&lesson.steps) {
        let mark = if report.ok() { "ok" } else { "FAILED" };
        println!("step {}: {mark}", report.id);
        for i in &report.early {
            println!(
                "  check {} already holds before the step: {:?}",
                i + 1,
                step.checks[*i]
            );
        }
        for (i, unmet) in &report.never {
            println!(
                "  check {} does not hold after the solution: {unmet}",
                i + 1
            );
        }
        ok &= report.ok();
    }
    if ok {
        println!(
            "{}: {} steps, every check fails before its step and holds after it",
            lesson.id,
            lesson.steps.len()
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// An argument no command takes: say so with the usage, exit 2.
fn unexpected(extra: &str) -> ExitCode {
    eprintln!("kplay: unexpected argument '{extra}'\n\n{USAGE}");
    ExitCode::from(2)
}

/// The script's text, or the exit code after saying why it cannot be read.
fn read_script(source: &str) -> Result<String, ExitCode> {
    read_text(source).map_err(|message| {
        eprintln!("kplay: {message}");
        ExitCode::FAILURE
    })
}

fn read_text(source: &str) -> Result<String, String> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(source).map_err(|e| format!("cannot read {source}: {e}"))
    }
}
