//! `$(( ... ))`: bash's integer arithmetic, the part scripts use: numbers, variables (with or without `$`, unset is
//! 0), `+ - * / %`, parentheses, unary minus, and the comparisons `< <= > >= == !=` (1 or 0).

/// The value of an expression, reading variables with `var`; Err is bash's message.
pub(in crate::shell) fn eval(expr: &str, var: &dyn Fn(&str) -> String) -> Result<i64, String> {
    let tokens = tokens(expr, var)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        expr,
    };
    let value = parser.comparison()?;
    match parser.tokens.get(parser.at) {
        None => Ok(value),
        Some(token) => Err(parser.error(&token.text())),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(i64),
    Op(&'static str),
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Number(n) => n.to_string(),
            Token::Op(op) => op.to_string(),
        }
    }
}

const OPERATORS: [&str; 13] = [
    "<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "%", "(", ")",
];

fn tokens(expr: &str, var: &dyn Fn(&str) -> String) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut rest = expr.trim_start();
    while !rest.is_empty() {
        if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            out.push(Token::Op(op));
            rest = &rest[op.len()..];
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                .unwrap_or(rest.len());
            if end == 0 {
                return Err(format!("bash: {expr}: syntax error: invalid arithmetic operator (error token is \"{rest}\")\n"));
            }
            let word = &rest[..end];
            out.push(Token::Number(number(word, var, expr)?));
            rest = &rest[end..];
        }
        rest = rest.trim_start();
    }
    Ok(out)
}

/// A number, or a variable whose value is one (unset or empty is 0).
fn number(word: &str, var: &dyn Fn(&str) -> String, expr: &str) -> Result<i64, String> {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return word.parse().map_err(|_| {
            format!("bash: {expr}: value too great for base (error token is \"{word}\")\n")
        });
    }
    let value = var(word.trim_start_matches('$'));
    match value.trim() {
        "" => Ok(0),
        text => text.parse().map_err(|_| {
            format!("bash: {text}: syntax error: operand expected (error token is \"{text}\")\n")
        }),
    }
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    expr: &'a str,
}

impl Parser<'_> {
    fn error(&self, token: &str) -> String {
        format!(
            "bash: {}: syntax error: operand expected (error token is \"{token}\")\n",
            self.expr.trim()
        )
    }

    fn eat(&mut self, ops: &[&str]) -> Option<&'static str> {
        match self.tokens.get(self.at) {
            Some(Token::Op(op)) if ops.contains(op) => {
                self.at += 1;
                Some(op)
            }
            _ => None,
        }
    }

    fn comparison(&mut self) -> Result<i64, String> {
        let mut left = self.sum()?;
        while let Some(op) = self.eat(&["<=", ">=", "==", "!=", "<", ">"]) {
            let right = self.sum()?;
            let holds = match op {
                "<=" => left <= right,
                ">=" => left >= right,
                "==" => left == right,
                "!=" => left != right,
                "<" => left < right,
                _ => left > right,
            };
            left = i64::from(holds);
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<i64, String> {
        let mut left = self.product()?;
        while let Some(op) = self.eat(&["+", "-"]) {
            let right = self.product()?;
            left = if op == "+" {
                left.wrapping_add(right)
            } else {
                left.wrapping_sub(right)
            };
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<i64, String> {
        let mut left = self.unary()?;
        while let Some(op) = self.eat(&["*", "/", "%"]) {
            let right = self.unary()?;
            left = match op {
                "*" => left.wrapping_mul(right),
                _ if right == 0 => {
                    return Err(format!(
                        "bash: {}: division by 0 (error token is \"{right}\")\n",
                        self.expr.trim()
                    ))
                }
                "/" => left.wrapping_div(right),
                _ => left.wrapping_rem(right),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<i64, String> {
        if self.eat(&["-"]).is_some() {
            return Ok(self.unary()?.wrapping_neg());
        }
        if self.eat(&["+"]).is_some() {
            return self.unary();
        }
        if self.eat(&["("]).is_some() {
            let value = self.comparison()?;
            return match self.eat(&[")"]) {
                Some(_) => Ok(value),
                None => Err(self.error(")")),
            };
        }
        match self.tokens.get(self.at) {
            Some(Token::Number(n)) => {
                self.at += 1;
                Ok(*n)
            }
            Some(token) => Err(self.error(&token.text())),
            None => Err(self.error("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::eval;

    #[test]
    fn arithmetic_as_bash_does_it() {
        let var = |name: &str| {
            if name == "i" {
                "4".to_string()
            } else {
                String::new()
            }
        };
        assert_eq!(eval("1+2*3", &var), Ok(7));
        assert_eq!(eval("(1+2)*3", &var), Ok(9));
        assert_eq!(eval("$i * 2", &var), Ok(8));
        assert_eq!(eval("i % 3 - -1", &var), Ok(2));
        assert_eq!(eval("unset + 1", &var), Ok(1));
        assert_eq!(eval("i > 3", &var), Ok(1));
        assert_eq!(
            eval("1/0", &var),
            Err("bash: 1/0: division by 0 (error token is \"0\")\n".to_string())
        );
        assert!(eval("1 +", &var).is_err());
    }
}
