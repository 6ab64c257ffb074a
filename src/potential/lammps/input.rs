//! LAMMPS input lines: `#` comments (outside quotes), `&` continuation, words split at
//! white space with "..." or '...' quoting.

/// One command: its words and the (first) line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub line: u64,
    pub words: Vec<String>,
}

/// Splits `text` into commands; an unterminated quote is an error (line, message).
pub fn commands(text: &str) -> Result<Vec<Command>, (u64, String)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 0;
    for (k, raw) in text.lines().enumerate() {
        let line = k as u64 + 1;
        if pending.is_empty() {
            start = line;
        }
        let trimmed = raw.trim_end();
        if let Some(head) = trimmed.strip_suffix('&') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(trimmed);
        let words = split(&pending).map_err(|m| (start, m))?;
        pending.clear();
        if !words.is_empty() {
            out.push(Command { line: start, words });
        }
    }
    if !pending.is_empty() {
        let words = split(&pending).map_err(|m| (start, m))?;
        if !words.is_empty() {
            out.push(Command { line: start, words });
        }
    }
    Ok(out)
}

/// Words of one logical line, up to a `#` outside quotes.
fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        if c == '#' {
            break;
        }
        let mut word = String::new();
        if c == '"' || c == '\'' {
            chars.next();
            loop {
                match chars.next() {
                    Some(q) if q == c => break,
                    Some(x) => word.push(x),
                    None => return Err(format!("the quote {c} is not closed")),
                }
            }
        } else {
            while let Some(&x) = chars.peek() {
                if x.is_whitespace() {
                    break;
                }
                word.push(x);
                chars.next();
            }
        }
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_quotes_and_continuation() {
        let text = "# header\n\nunits lj # trailing\npair_coeff 1 1 \"4*(1/r)^12 # not a comment\" &\n   2.5\nmass * 1\n";
        let c = commands(text).expect("test value");
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].line, 3);
        assert_eq!(c[0].words, ["units", "lj"]);
        assert_eq!(c[1].line, 4);
        assert_eq!(
            c[1].words,
            ["pair_coeff", "1", "1", "4*(1/r)^12 # not a comment", "2.5"]
        );
        assert_eq!(c[2].words, ["mass", "*", "1"]);
        assert_eq!(commands("a 'b c").expect_err("an error").0, 1);
    }
}
