//! The search language: words, `"phrases"`, prefixes `bau*`, `AND`/`OR`/`NOT` (also `UND`,
//! `ODER`, `NICHT`, `-wort`), brackets, and field filters `az:`, `jahr:1987`, `jahr:1980..1990`,
//! `typ:`, `amt:`, `plan:632`, `personenbezug:ja|nein`, `vertraulichkeit:offen` (or its code `003`). Parsing gives a tree; [`crate::search`] turns it into tantivy queries.

use crate::{IndexError, Result};
use aktenscan_model::Confidentiality;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Word(String),
    Prefix(String),
    Phrase(String),
    Filter(Filter),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

/// A field filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Aktenzeichen(String),
    Years(u64, u64),
    DocType(String),
    Office(String),
    Plan(String),
    /// Whether the record holds personal data (Personenbezug).
    PersonalData(bool),
    /// The record's Vertraulichkeitsstufe (it narrows what the searcher may see, never widens it).
    Confidentiality(Confidentiality),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Quoted(String),
    Bare(String),
}

fn lex(input: &str) -> Result<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                out.push(if c == '(' { Tok::Open } else { Tok::Close });
            }
            '"' | '„' | '“' | '”' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('"' | '“' | '”') => break,
                        Some(c) => s.push(c),
                        None => {
                            return Err(IndexError::Query(
                                "a phrase is missing its closing quote (\")".into(),
                            ))
                        }
                    }
                }
                // `az:"…"`: the quoted value belongs to the field before it.
                if let Some(Tok::Bare(prev)) = out.last_mut() {
                    if prev.ends_with(':') {
                        prev.push_str(&s);
                        continue;
                    }
                }
                out.push(Tok::Quoted(s));
            }
            _ => {
                let mut s = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '„' | '“' | '”') {
                        break;
                    }
                    s.push(c);
                    chars.next();
                }
                out.push(Tok::Bare(s));
            }
        }
    }
    Ok(out)
}

/// Parses a query; an empty or malformed query is an error that says what is wrong.
pub fn parse(input: &str) -> Result<Node> {
    let toks = lex(input)?;
    if toks.is_empty() {
        return Err(IndexError::Query("the query is empty".into()));
    }
    let mut p = Parser { toks, at: 0 };
    let node = p.or()?;
    match p.toks.get(p.at) {
        None => Ok(node),
        Some(Tok::Close) => Err(IndexError::Query(
            "a closing bracket ')' has no opening one".into(),
        )),
        Some(t) => Err(IndexError::Query(format!("unexpected {t:?}"))),
    }
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

fn is_keyword(t: Option<&Tok>, words: &[&str]) -> bool {
    matches!(t, Some(Tok::Bare(w)) if words.contains(&w.as_str()))
}

const OR: &[&str] = &["OR", "ODER", "|"];
const AND: &[&str] = &["AND", "UND", "&"];
const NOT: &[&str] = &["NOT", "NICHT"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn or(&mut self) -> Result<Node> {
        let mut items = vec![self.and()?];
        while is_keyword(self.peek(), OR) {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node> {
        let mut items = vec![self.unary()?];
        loop {
            match self.peek() {
                None | Some(Tok::Close) => break,
                t if is_keyword(t, OR) => break,
                t if is_keyword(t, AND) => {
                    self.at += 1;
                    items.push(self.unary()?);
                }
                _ => items.push(self.unary()?),
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn unary(&mut self) -> Result<Node> {
        let Some(tok) = self.peek().cloned() else {
            return Err(IndexError::Query(
                "the query ends where a word was expected".into(),
            ));
        };
        self.at += 1;
        match tok {
            Tok::Open => {
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(IndexError::Query("a bracket '(' is not closed".into()));
                }
                self.at += 1;
                Ok(inner)
            }
            Tok::Close => Err(IndexError::Query(
                "a closing bracket ')' has no opening one".into(),
            )),
            Tok::Quoted(s) if s.trim().is_empty() => {
                Err(IndexError::Query("a phrase \"\" is empty".into()))
            }
            Tok::Quoted(s) => Ok(Node::Phrase(s)),
            Tok::Bare(w) if NOT.contains(&w.as_str()) => Ok(Node::Not(Box::new(self.unary()?))),
            Tok::Bare(w) if AND.contains(&w.as_str()) || OR.contains(&w.as_str()) => Err(
                IndexError::Query(format!("'{w}' needs a word on both sides")),
            ),
            Tok::Bare(w) => match w.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => {
                    self.at -= 1;
                    self.toks[self.at] = Tok::Bare(rest.to_string());
                    Ok(Node::Not(Box::new(self.unary()?)))
                }
                _ => word(&w),
            },
        }
    }
}

fn word(w: &str) -> Result<Node> {
    if let Some((field, value)) = w.split_once(':') {
        let value = value.trim();
        let filter = match field.to_lowercase().as_str() {
            "az" | "aktenzeichen" => Some(Filter::Aktenzeichen(value.to_string())),
            "jahr" | "year" => Some(years(value)?),
            "typ" | "type" => Some(Filter::DocType(value.to_string())),
            "amt" | "office" => Some(Filter::Office(value.to_string())),
            "plan" => Some(Filter::Plan(value.to_string())),
            "personenbezug" | "personal" => Some(Filter::PersonalData(yes_no(field, value)?)),
            "vertraulichkeit" | "confidentiality" => Some(
                Filter::Confidentiality(value.replace(['-', '_'], " ").parse().map_err(|_| {
                    IndexError::Query(format!(
                        "'{field}:{value}': use offen, NfD, vertraulich, geheim or streng-geheim (or the code 001–005)"
                    ))
                })?),
            ),
            _ => None,
        };
        if let Some(filter) = filter {
            if value.is_empty() {
                return Err(IndexError::Query(format!("'{field}:' needs a value")));
            }
            return Ok(Node::Filter(filter));
        }
    }
    match w.strip_suffix('*') {
        Some(p) if p.chars().any(char::is_alphanumeric) => Ok(Node::Prefix(p.to_string())),
        Some(_) => Err(IndexError::Query(
            "'*' needs letters before it, as in bau*".into(),
        )),
        None => Ok(Node::Word(w.to_string())),
    }
}

fn yes_no(field: &str, v: &str) -> Result<bool> {
    match v.to_lowercase().as_str() {
        "ja" | "yes" | "1" | "true" => Ok(true),
        "nein" | "no" | "0" | "false" => Ok(false),
        _ => Err(IndexError::Query(format!(
            "'{field}:{v}': use {field}:ja or {field}:nein"
        ))),
    }
}

fn years(v: &str) -> Result<Filter> {
    let year = |s: &str| {
        s.trim()
            .parse::<u64>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| {
                IndexError::Query(format!(
                    "jahr: '{s}' is not a year (use jahr:1987 or jahr:1980..1990)"
                ))
            })
    };
    match v.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (year(a)?, year(b)?);
            if a > b {
                return Err(IndexError::Query(format!(
                    "jahr:{v}: the first year is after the second"
                )));
            }
            Ok(Filter::Years(a, b))
        }
        None => year(v).map(|y| Filter::Years(y, y)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word(s.into())
    }

    #[test]
    fn words_are_anded_and_or_binds_weaker() {
        assert_eq!(
            parse("Straßenreinigung 1998").ok(),
            Some(Node::And(vec![w("Straßenreinigung"), w("1998")]))
        );
        assert_eq!(
            parse("a b OR c").ok(),
            Some(Node::Or(vec![Node::And(vec![w("a"), w("b")]), w("c")]))
        );
        assert_eq!(
            parse("bau* NOT (x ODER y)").ok(),
            Some(Node::And(vec![
                Node::Prefix("bau".into()),
                Node::Not(Box::new(Node::Or(vec![w("x"), w("y")])))
            ]))
        );
        assert_eq!(parse("-x").ok(), Some(Node::Not(Box::new(w("x")))));
    }

    #[test]
    fn phrases_and_filters() {
        assert_eq!(
            parse("\"Antrag auf Baugenehmigung\"").ok(),
            Some(Node::Phrase("Antrag auf Baugenehmigung".into()))
        );
        assert_eq!(
            parse("jahr:1980..1990").ok(),
            Some(Node::Filter(Filter::Years(1980, 1990)))
        );
        assert_eq!(
            parse("az:\"632.10/1987-014\"").ok(),
            Some(Node::Filter(Filter::Aktenzeichen("632.10/1987-014".into())))
        );
        assert_eq!(parse("Az.:").ok(), Some(w("Az.:")));
        assert_eq!(
            parse("personenbezug:nein").ok(),
            Some(Node::Filter(Filter::PersonalData(false)))
        );
        assert_eq!(
            parse("vertraulichkeit:streng-geheim").ok(),
            Some(Node::Filter(Filter::Confidentiality(
                Confidentiality::StrengGeheim
            )))
        );
        assert_eq!(
            parse("vertraulichkeit:003").ok(),
            Some(Node::Filter(Filter::Confidentiality(
                Confidentiality::Offen
            )))
        );
    }

    #[test]
    fn malformed_queries_say_what_is_wrong() {
        for (q, says) in [
            ("", "empty"),
            ("(bau", "not closed"),
            ("bau)", "no opening"),
            ("\"bau", "closing quote"),
            ("bau OR", "ends"),
            ("jahr:neunzehn", "not a year"),
            ("jahr:1990..1980", "after"),
            ("*", "letters"),
            ("AND bau", "both sides"),
            ("personenbezug:vielleicht", "personenbezug:ja"),
            ("vertraulichkeit:halb", "streng-geheim"),
        ] {
            match parse(q) {
                Err(IndexError::Query(m)) => assert!(m.contains(says), "{q}: {m}"),
                other => panic!("{q}: {other:?}"),
            }
        }
    }
}
