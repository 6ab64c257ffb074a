//! Formulas in r as LAMMPS `pair_style lepton` takes them (the Lepton library's syntax):
//! numbers (1e-3), r, + - * / ^ (right-associative, binding tighter than unary minus),
//! parentheses, functions, and `;`-separated definitions (`4*e*(s/r)^12; e=1; s=0.8`).
//! A formula is parsed once into a tree with constants folded and constant powers
//! specialised, then evaluated on f64 (energies) or on jets (four derivatives).

use std::collections::HashMap;

use crate::potential::jet::{Jet, Scalar};

/// The functions a formula may call (one argument unless noted).
pub const FUNCTIONS: &str =
    "sqrt exp log sin cos tan sinh cosh tanh square cube recip abs step, pow(x,y) min(x,y) max(x,y)";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Func {
    Sqrt,
    Exp,
    Log,
    Sin,
    Cos,
    Tan,
    Sinh,
    Cosh,
    Tanh,
    Square,
    Cube,
    Recip,
    Abs,
    Step,
}

impl Func {
    fn named(name: &str) -> Option<Func> {
        Some(match name {
            "sqrt" => Func::Sqrt,
            "exp" => Func::Exp,
            "log" => Func::Log,
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "sinh" => Func::Sinh,
            "cosh" => Func::Cosh,
            "tanh" => Func::Tanh,
            "square" => Func::Square,
            "cube" => Func::Cube,
            "recip" => Func::Recip,
            "abs" => Func::Abs,
            "step" => Func::Step,
            _ => return None,
        })
    }

    fn eval<T: Scalar>(self, x: T) -> T {
        let one = T::constant(1.0);
        match self {
            Func::Sqrt => x.sqrt(),
            Func::Exp => x.exp(),
            Func::Log => x.ln(),
            Func::Sin => x.sin(),
            Func::Cos => x.cos(),
            Func::Tan => x.sin() / x.cos(),
            Func::Sinh => (x.exp() - (-x).exp()) * T::constant(0.5),
            Func::Cosh => (x.exp() + (-x).exp()) * T::constant(0.5),
            Func::Tanh => {
                let e2 = (x * T::constant(2.0)).exp();
                (e2 - one) / (e2 + one)
            }
            Func::Square => x * x,
            Func::Cube => x * x * x,
            Func::Recip => one / x,
            Func::Abs => {
                if x.value() < 0.0 {
                    -x
                } else {
                    x
                }
            }
            // Lepton: step(x) = 1 for x >= 0, else 0.
            Func::Step => T::constant(if x.value() >= 0.0 { 1.0 } else { 0.0 }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Binary {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Min,
    Max,
}

/// A compiled formula: a tree over r.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Const(f64),
    R,
    Neg(Box<Node>),
    Call(Func, Box<Node>),
    Bin(Binary, Box<Node>, Box<Node>),
    /// x^n for a constant integer n (Lepton multiplies too).
    PowI(Box<Node>, i32),
    /// x^c for a constant non-integer c.
    PowF(Box<Node>, f64),
}

impl Node {
    fn eval<T: Scalar>(&self, r: T) -> T {
        match self {
            Node::Const(c) => T::constant(*c),
            Node::R => r,
            Node::Neg(a) => -a.eval(r),
            Node::Call(f, a) => f.eval(a.eval(r)),
            Node::PowI(a, n) => a.eval(r).powi(*n),
            Node::PowF(a, c) => a.eval(r).powf(*c),
            Node::Bin(op, a, b) => {
                let (x, y) = (a.eval(r), b.eval(r));
                match op {
                    Binary::Add => x + y,
                    Binary::Sub => x - y,
                    Binary::Mul => x * y,
                    Binary::Div => x / y,
                    // x^y = exp(y ln x) where y depends on r.
                    Binary::Pow => (y * x.ln()).exp(),
                    Binary::Min => pick(x, y, x.value() <= y.value()),
                    Binary::Max => pick(x, y, x.value() >= y.value()),
                }
            }
        }
    }

    fn constant(&self) -> Option<f64> {
        match self {
            Node::Const(c) => Some(*c),
            _ => None,
        }
    }

    /// Builds op(a, b), folding constants and specialising constant exponents.
    fn binary(op: Binary, a: Node, b: Node) -> Node {
        if let (Some(_), Some(_)) = (a.constant(), b.constant()) {
            let folded = Node::Bin(op, Box::new(a), Box::new(b));
            return Node::Const(if op == Binary::Pow {
                constant_power(&folded)
            } else {
                folded.eval(0.0)
            });
        }
        match (op, b.constant()) {
            (Binary::Pow, Some(c)) if c == c.round() && c.abs() <= 1024.0 => {
                Node::PowI(Box::new(a), c as i32)
            }
            (Binary::Pow, Some(c)) => Node::PowF(Box::new(a), c),
            _ => Node::Bin(op, Box::new(a), Box::new(b)),
        }
    }

    fn unary(f: Option<Func>, a: Node) -> Node {
        match (f, a.constant()) {
            (None, Some(c)) => Node::Const(-c),
            (Some(f), Some(c)) => Node::Const(f.eval(c)),
            (None, None) => Node::Neg(Box::new(a)),
            (Some(f), None) => Node::Call(f, Box::new(a)),
        }
    }
}

/// a^b of two constants as Lepton does it (powf; exact for integer exponents via powi).
fn constant_power(node: &Node) -> f64 {
    let Node::Bin(_, a, b) = node else {
        unreachable!("constant_power takes a binary node")
    };
    let (x, y) = (a.eval(0.0), b.eval(0.0));
    if y == y.round() && y.abs() <= 1024.0 {
        x.powi(y as i32)
    } else {
        x.powf(y)
    }
}

fn pick<T>(x: T, y: T, first: bool) -> T {
    if first {
        x
    } else {
        y
    }
}

/// A parsed formula phi(r).
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    root: Node,
}

impl Formula {
    /// Parses `text` (whitespace allowed). Errors say what was expected where.
    pub fn parse(text: &str) -> Result<Formula, String> {
        let condensed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut parts = condensed.split(';');
        let main = parts.next().unwrap_or("");
        let mut definitions = HashMap::new();
        for def in parts.filter(|d| !d.is_empty()) {
            let (name, body) = def
                .split_once('=')
                .ok_or_else(|| format!("definition '{def}' is not name=expression"))?;
            if !is_identifier(name) || name == "r" {
                return Err(format!("'{name}' cannot be defined (a name other than r)"));
            }
            definitions.insert(name.to_owned(), body.to_owned());
        }
        let root = Parser::new(main, &definitions, Vec::new())?.parse_all()?;
        Ok(Formula { root })
    }

    /// phi(r).
    #[inline]
    pub fn value(&self, r: f64) -> f64 {
        self.root.eval(r)
    }

    /// [phi, phi', phi'', phi''', phi''''] at r.
    #[inline]
    pub fn derivatives(&self, r: f64) -> [f64; 5] {
        self.root.eval(Jet::variable(r)).derivatives()
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Symbol(char),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                    i += 1;
                }
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let s = &text[start..i];
            let v = s
                .parse::<f64>()
                .map_err(|_| format!("'{s}' is not a number"))?;
            tokens.push(Token::Number(v));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            tokens.push(Token::Name(text[start..i].to_owned()));
        } else if "+-*/^(),".contains(c) {
            tokens.push(Token::Symbol(c));
            i += 1;
        } else {
            return Err(format!("unexpected character '{c}'"));
        }
    }
    Ok(tokens)
}

/// Precedence climbing with Lepton's levels: + - (0), * / (1), unary - (2), ^ (3).
struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    definitions: &'a HashMap<String, String>,
    /// Definitions being expanded (to detect a definition that uses itself).
    expanding: Vec<String>,
}

impl<'a> Parser<'a> {
    fn new(
        text: &str,
        definitions: &'a HashMap<String, String>,
        expanding: Vec<String>,
    ) -> Result<Self, String> {
        if text.is_empty() {
            return Err("empty formula".into());
        }
        Ok(Self {
            tokens: tokenize(text)?,
            at: 0,
            definitions,
            expanding,
        })
    }

    fn parse_all(mut self) -> Result<Node, String> {
        let node = self.expression(0)?;
        match self.tokens.get(self.at) {
            None => Ok(node),
            Some(t) => Err(format!("unexpected {} after a complete formula", show(t))),
        }
    }

    fn peek_symbol(&self) -> Option<char> {
        match self.tokens.get(self.at) {
            Some(Token::Symbol(c)) => Some(*c),
            _ => None,
        }
    }

    fn expect(&mut self, symbol: char) -> Result<(), String> {
        if self.peek_symbol() == Some(symbol) {
            self.at += 1;
            Ok(())
        } else {
            let found = self.tokens.get(self.at).map_or("the end".into(), show);
            Err(format!("expected '{symbol}', found {found}"))
        }
    }

    fn expression(&mut self, min_level: u8) -> Result<Node, String> {
        let mut left = self.operand()?;
        while let Some(c) = self.peek_symbol() {
            let (op, level) = match c {
                '+' => (Binary::Add, 0),
                '-' => (Binary::Sub, 0),
                '*' => (Binary::Mul, 1),
                '/' => (Binary::Div, 1),
                '^' => (Binary::Pow, 3),
                _ => break,
            };
            if level < min_level {
                break;
            }
            self.at += 1;
            // Left-associative: the right side binds strictly tighter, except for ^.
            let right = self.expression(if op == Binary::Pow { 3 } else { level + 1 })?;
            left = Node::binary(op, left, right);
        }
        Ok(left)
    }

    fn operand(&mut self) -> Result<Node, String> {
        let token = self
            .tokens
            .get(self.at)
            .cloned()
            .ok_or("the formula ends where a number, r or '(' was expected")?;
        self.at += 1;
        match token {
            Token::Number(v) => Ok(Node::Const(v)),
            Token::Symbol('-') => Ok(Node::unary(None, self.expression(2)?)),
            Token::Symbol('(') => {
                let inner = self.expression(0)?;
                self.expect(')')?;
                Ok(inner)
            }
            Token::Name(name) if self.peek_symbol() == Some('(') => self.call(&name),
            Token::Name(name) => self.variable(&name),
            Token::Symbol(c) => Err(format!("unexpected '{c}'")),
        }
    }

    fn call(&mut self, name: &str) -> Result<Node, String> {
        self.expect('(')?;
        let mut args = vec![self.expression(0)?];
        while self.peek_symbol() == Some(',') {
            self.at += 1;
            args.push(self.expression(0)?);
        }
        self.expect(')')?;
        let two = |op: Binary, mut args: Vec<Node>| {
            let b = args.pop().expect("two arguments");
            let a = args.pop().expect("two arguments");
            Node::binary(op, a, b)
        };
        match (name, args.len()) {
            ("pow", 2) => Ok(two(Binary::Pow, args)),
            ("min", 2) => Ok(two(Binary::Min, args)),
            ("max", 2) => Ok(two(Binary::Max, args)),
            (_, 1) if Func::named(name).is_some() => {
                Ok(Node::unary(Func::named(name), args.pop().expect("one")))
            }
            _ => Err(format!(
                "unknown function {name} with {} argument(s) (supported: {FUNCTIONS})",
                args.len()
            )),
        }
    }

    fn variable(&mut self, name: &str) -> Result<Node, String> {
        if name == "r" {
            return Ok(Node::R);
        }
        let Some(body) = self.definitions.get(name) else {
            return Err(format!(
                "unknown name '{name}' (the variable is r; constants are defined after ';' as name=value)"
            ));
        };
        if self.expanding.iter().any(|n| n == name) {
            return Err(format!("the definition of '{name}' uses itself"));
        }
        let mut expanding = self.expanding.clone();
        expanding.push(name.to_owned());
        Parser::new(body, self.definitions, expanding)?.parse_all()
    }
}

fn show(t: &Token) -> String {
    match t {
        Token::Number(v) => format!("the number {v}"),
        Token::Name(n) => format!("'{n}'"),
        Token::Symbol(c) => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, r: f64) -> f64 {
        Formula::parse(text).expect(text).value(r)
    }

    #[test]
    fn precedence_and_associativity_as_lepton() {
        assert_eq!(value("1+2*3", 0.0), 7.0);
        assert_eq!(value("2^3^2", 0.0), 512.0);
        assert_eq!(value("-2^2", 0.0), -4.0);
        assert_eq!(value("8/4/2", 0.0), 1.0);
        assert_eq!(value("10-4-3", 0.0), 3.0);
        assert_eq!(value("(1+2)*3", 0.0), 9.0);
        assert_eq!(value("2*-r", 3.0), -6.0);
        assert_eq!(value("1e-3*r + 2.5E+1", 2.0), 25.002);
        assert_eq!(value("r^-2", 2.0), 0.25);
        assert_eq!(value("pow(r, 1.5)", 4.0), 8.0);
        assert_eq!(value("sqrt(r)*exp(0)*log(exp(2))", 9.0), 6.0);
        assert_eq!(value("max(r,2)+min(r,2)+abs(-r)+step(r-5)", 3.0), 8.0);
        assert_eq!(value("a*r^2; a = 2*b; b=1.5", 2.0), 12.0);
    }

    #[test]
    fn constants_are_folded() {
        let f = Formula::parse("4*1.5*(0.8/r)^12").expect("test value");
        let Node::Bin(Binary::Mul, a, b) = &f.root else {
            panic!("{:?}", f.root)
        };
        assert_eq!(**a, Node::Const(6.0));
        assert!(matches!(**b, Node::PowI(_, 12)));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let err = |t: &str| Formula::parse(t).expect_err("an error");
        assert!(err("4*(1/r").contains("expected ')'"), "{}", err("4*(1/r"));
        assert!(err("x*r").contains("unknown name 'x'"));
        assert!(err("erf(r)").contains("unknown function erf"));
        assert!(err("r*").contains("ends where"));
        assert!(err("r $ 2").contains("unexpected character '$'"));
        assert!(err("a*r; a=a").contains("uses itself"));
        assert!(err("1.2.3*r").contains("not a number"));
        assert!(err("").contains("empty"));
        assert!(err("(r)(r)").contains("after a complete formula"));
        assert!(
            err("r r").contains("unknown name 'rr'"),
            "Lepton drops white space"
        );
    }

    /// Derivatives of a formula with r-dependent exponent and every operation against
    /// the closed form of its derivative chain: f = r^r = exp(r ln r).
    #[test]
    fn variable_exponent() {
        let d = Formula::parse("r^r").expect("test value").derivatives(1.5);
        let f = 1.5f64.powf(1.5);
        let l = 1.5f64.ln() + 1.0;
        // f' = f (ln r + 1); f'' = f ((ln r + 1)^2 + 1/r)
        assert!((d[1] - f * l).abs() < 1e-14 * f);
        assert!((d[2] - f * (l * l + 1.0 / 1.5)).abs() < 1e-13 * f);
    }
}
