//! The grammar of written values: turns "nearly $6.5 billion", "the fifth", "March 1, 2001",
//! "70th anniversary" or "60,000-80,000" into a typed [`Value`], or into a [`ValueError`] whose
//! span points at the characters at fault.
//!
//! The grammar is small and hand-written (no regex) so that every error is precise. It is shared
//! by claim files, time scopes and the quote checker.

use crate::model::date::{DatePrecision, DateValue, Day, MAX_YEAR, MIN_YEAR, YearPart};
use crate::model::ids::EntityId;
use crate::model::lexer::{Token, TokenKind, lex};
use crate::model::lexicon::{self, Hedge};
use crate::model::number::{Amount, HedgeWord, NumberForm, WrittenNumber};
use crate::model::unit::{UnitId, Units};
use crate::model::value::{DateExpr, DateHedge, Measure, Value, ValueType};
use crate::suggest::did_you_mean;
use rust_decimal::Decimal;
use std::ops::Range;

thread_local! {
    /// Set while [`quietly`] runs: errors then skip their did-you-mean suggestions, which cost far
    /// more than parsing when text is scanned for values (most attempts fail, and nobody reads why).
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f` with errors that carry no did-you-mean suggestion: for scanning text, where failed
/// parses are expected and their messages are never shown.
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let before = QUIET.with(|q| q.replace(true));
    let out = f();
    QUIET.with(|q| q.set(before));
    out
}

/// A did-you-mean, unless errors are quiet.
fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
    if QUIET.with(std::cell::Cell::get) { None } else { did_you_mean(word, candidates) }
}

/// What kind of mistake a written value has; the loader maps each to a stable finding code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueErrorKind {
    /// The words do not form a value of the expected type.
    Syntax,
    /// A date that does not exist on the calendar (30 February).
    ImpossibleDate,
    /// A count below zero.
    NegativeCount,
    /// A unit the registry does not know.
    UnknownUnit,
    /// A currency the registry does not know.
    UnknownCurrency,
    /// A unit of the wrong dimension for the property (tonnes where money is expected).
    WrongDimension,
    /// An entity the vocabulary does not know.
    UnknownEntity,
    /// A number too large or too precise to represent exactly.
    TooLarge,
}

/// An error inside a written value, with a byte span relative to the written string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    /// The kind of mistake.
    pub kind: ValueErrorKind,
    /// Byte range inside the written string.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl ValueError {
    fn syntax(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Self {
        ValueError { kind: ValueErrorKind::Syntax, span, message: message.into(), help: Some(help.into()) }
    }
}

/// Resolves entity names and aliases to entities.
pub trait EntityResolver {
    /// The entity named `name`, or the closest known names for a did-you-mean.
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>>;
}

type Parsed<T> = Result<T, ValueError>;

/// A value and the byte range it was written at.
type Located<T> = (T, Range<usize>);

/// Parse a written value as the given type.
pub fn parse_value(text: &str, value_type: &ValueType, units: &Units, entities: &dyn EntityResolver) -> Parsed<Value> {
    if text.trim().is_empty() {
        return Err(ValueError::syntax(
            0..text.len(),
            "the value is empty",
            "write the value as the article states it",
        ));
    }
    let mut parser = Parser::new(text, units);
    let value = match value_type {
        ValueType::Count => parser.count_or_ordinal()?,
        ValueType::List(_) => parser.count_or_ordinal()?,
        ValueType::Quantity { dimension } => Value::Number(parser.quantity(dimension)?),
        ValueType::Percent => Value::Number(parser.percent()?),
        ValueType::Rank => Value::Number(parser.rank()?),
        ValueType::Date => parser.date_value()?,
        ValueType::Entity => {
            let trimmed = text.trim();
            let start = text.len() - text.trim_start().len();
            let span = start..start + trimmed.len();
            return match entities.resolve(trimmed) {
                Ok(id) => Ok(Value::Entity { id, span }),
                Err(suggestions) => Err(unknown_entity(trimmed, span, &suggestions)),
            };
        }
        ValueType::Text => return Ok(Value::Text(text.to_string())),
    };
    parser.expect_end(value_type)?;
    Ok(value)
}

/// Parse an amount with an optional unit or percent sign, whatever its dimension: "4.85
/// billion USD", "3.42 million metric ton", "38%", "60,000-80,000". For telling what a number in
/// running text measures before typing it.
pub fn parse_measure(text: &str, units: &Units) -> Parsed<Measure> {
    let mut parser = Parser::new(text, units);
    let measure = parser.measure()?;
    parser.expect_end(&ValueType::Count)?;
    Ok(measure)
}

/// The error for an entity name the vocabulary does not know.
pub fn unknown_entity(name: &str, span: Range<usize>, suggestions: &[String]) -> ValueError {
    ValueError {
        kind: ValueErrorKind::UnknownEntity,
        span,
        message: format!("unknown entity `{name}`"),
        help: Some(match suggestions.first() {
            Some(s) => format!("did you mean `{s}`? Entities are declared with [[entity]] in rules/"),
            None => "declare it with [[entity]] (id, name, aliases) in a file under rules/".to_string(),
        }),
    }
}

/// Parse a time-scope date ("2020", "April 2021", "March 1, 2001", "Q1 2024", "2019-2020"), or an
/// open period when the article gives only a bound ("by 2021", "before December 2021",
/// "since 2001", "after March 2001").
pub fn parse_date(text: &str) -> Parsed<DateValue> {
    let units = Units::default();
    let mut parser = Parser::new(text, &units);
    let open = match parser.peek().map(|t| t.lower()).as_deref() {
        Some("by" | "until" | "till") => Some((true, false)),
        Some("before") => Some((true, true)),
        Some("since") => Some((false, false)),
        Some("after") => Some((false, true)),
        _ => None,
    };
    if open.is_some() {
        parser.pos += 1;
    }
    let start = parser.here();
    let date = parser.date_range()?;
    parser.expect_end(&ValueType::Date)?;
    match open {
        None => Ok(date),
        Some((until, strict)) => {
            let open_date = if until { DateValue::until(date, strict) } else { DateValue::from(date, strict) };
            open_date
                .ok_or_else(|| ValueError::syntax(start.start..text.len(), "the period is empty", "check the date"))
        }
    }
}

/// Every number written in free text (digits, number words, ordinals, fractions), each with its
/// scale word applied: the numbers a quote states.
pub fn numbers_in(text: &str) -> Vec<WrittenNumber> {
    let units = Units::default();
    let mut parser = Parser::new(text, &units);
    let mut out = Vec::new();
    while !parser.at_end() {
        let start = parser.pos;
        if let Ok(Some(mut number)) = parser.number() {
            // "two-way trade", "one-sided": compound adjectives, not quantities.
            if number.form == NumberForm::Words
                && parser.peek().is_some_and(|t| t.kind == TokenKind::Dash && t.joined)
                && parser.peek_at(1).is_some_and(|t| {
                    t.joined && matches!(t.lower().as_str(), "way" | "sided" | "off" | "time" | "hand")
                })
            {
                continue;
            }
            while let Some(exponent) = parser.scale() {
                number.scale_exponent += exponent;
            }
            out.push(number);
        }
        if parser.pos == start {
            parser.pos += 1;
        }
    }
    out
}

/// Parse a relative change: "+2.3%", "-8.8%", "2.3% increase", "down 8.8%", "up $1 billion".
/// The returned measure is negative for decreases.
pub fn parse_change(text: &str, units: &Units) -> Parsed<Measure> {
    let mut parser = Parser::new(text, units);
    let mut negative = None;
    if let Some(tok) = parser.peek() {
        let word = tok.lower();
        if matches!(word.as_str(), "up" | "increase" | "increased" | "rise" | "rose" | "grew" | "growth") {
            negative = Some(false);
            parser.pos += 1;
            parser.eat_word("by");
        } else if matches!(
            word.as_str(),
            "down" | "decrease" | "decreased" | "fall" | "fell" | "drop" | "dropped" | "decline" | "declined"
        ) {
            negative = Some(true);
            parser.pos += 1;
            parser.eat_word("by");
        }
    }
    parser.eat_word("a");
    let mut measure = parser.measure()?;
    if let Some(tok) = parser.peek() {
        let word = tok.lower();
        let direction = match word.as_str() {
            "increase" | "rise" | "growth" | "gain" | "up" | "higher" | "more" => Some(false),
            "decrease" | "fall" | "drop" | "decline" | "down" | "lower" | "less" => Some(true),
            _ => None,
        };
        if let Some(down) = direction {
            parser.pos += 1;
            negative = Some(negative.unwrap_or(false) ^ down || down);
            // "on-year", "year-on-year", "from 2022" are context, not value.
            parser.skip_rest_words(&["on", "year", "from", "over", "compared", "with", "to", "than", "y", "o"]);
        }
    }
    if negative == Some(true) {
        measure.amount.negative = !measure.amount.negative;
    }
    parser.skip_rest_words(&["on", "year", "y", "o"]);
    parser.expect_end(&ValueType::Percent)?;
    Ok(measure)
}

/// Parse a period offset: "1 year", "a year", "two years", "12 months" (whole years only).
/// Returns the number of years.
pub fn parse_year_offset(text: &str) -> Parsed<i32> {
    let units = Units::default();
    let mut parser = Parser::new(text, &units);
    let n = if parser.eat_word("a").is_some() || parser.eat_word("an").is_some() {
        1
    } else {
        let number = parser.number()?.ok_or_else(|| {
            ValueError::syntax(
                parser.here(),
                "expected a number of years",
                "write the offset as \"1 year\" or \"a year\"",
            )
        })?;
        integer_of(&number).ok_or_else(|| {
            ValueError::syntax(number.span.clone(), "the offset must be a whole number of years", "write \"1 year\"")
        })?
    };
    let unit_span = parser.here();
    let years = match parser.next_word().as_deref() {
        Some("year" | "years") => n,
        Some("decade" | "decades") => n * 10,
        _ => return Err(ValueError::syntax(unit_span, "expected `year` or `years`", "write the offset as \"1 year\"")),
    };
    parser.eat_word("earlier");
    parser.eat_word("before");
    parser.eat_word("ago");
    parser.expect_end(&ValueType::Date)?;
    i32::try_from(years).map_err(|_| ValueError {
        kind: ValueErrorKind::TooLarge,
        span: 0..text.len(),
        message: "the offset is too large".into(),
        help: None,
    })
}

fn integer_of(number: &WrittenNumber) -> Option<i64> {
    let scaled = number.scaled()?;
    scaled
        .fract()
        .is_zero()
        .then(|| i64::try_from(scaled.trunc().mantissa() / 10_i128.pow(scaled.trunc().scale())).ok())
        .flatten()
}

/// A cursor over the tokens of a written value.
pub(crate) struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token<'a>>,
    pos: usize,
    units: &'a Units,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str, units: &'a Units) -> Self {
        Parser { src, tokens: lex(src), pos: 0, units }
    }

    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token<'a>> {
        self.tokens.get(self.pos + offset)
    }

    /// Span of the current token, or an empty span at the end.
    fn here(&self) -> Range<usize> {
        self.peek().map_or(self.src.len()..self.src.len(), |t| t.span.clone())
    }

    fn next_word(&mut self) -> Option<String> {
        let tok = self.peek()?;
        if tok.kind != TokenKind::Word {
            return None;
        }
        let word = tok.lower();
        self.pos += 1;
        Some(word)
    }

    fn eat_word(&mut self, word: &str) -> Option<Range<usize>> {
        let tok = self.peek()?;
        if tok.is_word(word) {
            let span = tok.span.clone();
            self.pos += 1;
            Some(span)
        } else {
            None
        }
    }

    fn eat_symbol(&mut self, c: char) -> Option<Range<usize>> {
        let tok = self.peek()?;
        if tok.is_symbol(c) {
            let span = tok.span.clone();
            self.pos += 1;
            Some(span)
        } else {
            None
        }
    }

    /// Eat a phrase of words ("more than"), returning its span.
    fn eat_phrase(&mut self, phrase: &str) -> Option<Range<usize>> {
        // No allocation: this runs for every hedge phrase at every number of every text.
        let mut count = 0;
        for (i, word) in phrase.split(' ').enumerate() {
            if !self.peek_at(i).is_some_and(|t| t.is_word(word)) {
                return None;
            }
            count = i + 1;
        }
        if count == 0 {
            return None;
        }
        let start = self.tokens[self.pos].span.start;
        let end = self.tokens[self.pos + count - 1].span.end;
        self.pos += count;
        Some(start..end)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn skip_rest_words(&mut self, allowed: &[&str]) {
        while let Some(tok) = self.peek() {
            let ok = (tok.kind == TokenKind::Word && allowed.contains(&tok.lower().as_str()))
                || tok.kind == TokenKind::Dash
                || (tok.kind == TokenKind::Number && allowed.contains(&"from"));
            if !ok {
                break;
            }
            self.pos += 1;
        }
    }

    /// Fail unless every token was consumed, with a did-you-mean for a stray word.
    fn expect_end(&self, value_type: &ValueType) -> Parsed<()> {
        let Some(tok) = self.peek() else { return Ok(()) };
        let span = tok.span.start..self.src.len();
        let message = format!("unexpected `{}` in a {} value", self.src[span.clone()].trim_end(), value_type.name());
        let help = if tok.kind == TokenKind::Word {
            let word = tok.lower();
            let mut candidates = Vec::new();
            if !QUIET.with(std::cell::Cell::get) {
                candidates = lexicon::known_words();
                candidates.extend(self.units.all_names());
            }
            match suggest(&word, candidates.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("a {} value is written like {}", value_type.name(), example_of(value_type)),
            }
        } else {
            format!("a {} value is written like {}", value_type.name(), example_of(value_type))
        };
        Err(ValueError::syntax(span, message, help))
    }

    // ---- numbers ----

    /// A single number: digits, cardinal words, digit or word ordinals, or a fraction in words.
    /// `Ok(None)` when no number starts here.
    pub(crate) fn number(&mut self) -> Parsed<Option<WrittenNumber>> {
        let Some(tok) = self.peek().cloned() else { return Ok(None) };
        match tok.kind {
            TokenKind::Number => {
                self.pos += 1;
                let digits: String = tok.text.chars().filter(|c| *c != ',').collect();
                let value = Decimal::from_str_exact(&digits).map_err(|_| ValueError {
                    kind: ValueErrorKind::TooLarge,
                    span: tok.span.clone(),
                    message: format!("`{}` has too many digits to represent exactly", tok.text),
                    help: Some("claimcheck keeps up to 28 significant digits; use a scale word (\"billion\")".into()),
                })?;
                // An ordinal suffix joined to the digits: "25th".
                if let Some(next) = self.peek()
                    && next.joined
                    && next.kind == TokenKind::Word
                    && lexicon::is_ordinal_suffix(&next.lower())
                {
                    let end = next.span.end;
                    self.pos += 1;
                    if value.scale() > 0 {
                        return Err(ValueError::syntax(
                            tok.span.start..end,
                            "an ordinal must be a whole number",
                            "write it like \"25th\"",
                        ));
                    }
                    return Ok(Some(WrittenNumber::exact(value, NumberForm::Ordinal, tok.span.start..end)));
                }
                // Half a unit of the last written digit: one more decimal place than written.
                let half_unit = Decimal::try_new(5, value.scale() + 1).map_err(|_| ValueError {
                    kind: ValueErrorKind::TooLarge,
                    span: tok.span.clone(),
                    message: format!("`{}` has too many decimal places to keep its precision", tok.text),
                    help: Some("claimcheck keeps up to 27 decimal places; round the number or use a scale word".into()),
                })?;
                Ok(Some(WrittenNumber {
                    value,
                    half_unit,
                    form: NumberForm::Digits,
                    scale_exponent: 0,
                    span: tok.span.clone(),
                }))
            }
            TokenKind::Word => self.number_words(),
            _ => Ok(None),
        }
    }

    /// Cardinal, ordinal and fraction words: "twenty-one", "seventieth", "one-third", "a dozen".
    fn number_words(&mut self) -> Parsed<Option<WrittenNumber>> {
        let start_pos = self.pos;
        let Some(first) = self.peek().cloned() else { return Ok(None) };
        let word = first.lower();
        let start = first.span.start;
        // "a third", "a quarter", "a half", "a dozen".
        if word == "a" || word == "an" {
            if let Some(next) = self.peek_at(1) {
                let next_word = next.lower();
                if let Some(denominator) =
                    lexicon::fraction_denominator(&next_word).filter(|_| next_word != "fifth" && next_word != "tenth")
                {
                    let end = next.span.end;
                    self.pos += 2;
                    return Ok(Some(fraction(1, denominator, start..end)));
                }
                if next_word == "dozen" {
                    let end = next.span.end;
                    self.pos += 2;
                    return Ok(Some(WrittenNumber::exact(Decimal::from(12), NumberForm::Words, start..end)));
                }
            }
            return Ok(None);
        }
        if word == "half" {
            self.pos += 1;
            return Ok(Some(fraction(1, 2, first.span.clone())));
        }
        if let Some(value) = lexicon::ordinal_word(&word) {
            self.pos += 1;
            return Ok(Some(WrittenNumber::exact(Decimal::from(value), NumberForm::Ordinal, first.span.clone())));
        }
        let Some(mut value) = lexicon::cardinal_word(&word) else { return Ok(None) };
        self.pos += 1;
        let mut end = first.span.end;
        // Tens followed by a unit: "twenty-one", "twenty one", "twenty-first".
        if (20..=90).contains(&value) && value % 10 == 0 {
            let offset = usize::from(self.peek().is_some_and(|t| t.kind == TokenKind::Dash));
            if let Some(next) = self.peek_at(offset) {
                let next_word = next.lower();
                if let Some(unit) = lexicon::cardinal_word(&next_word).filter(|u| (1..=9).contains(u)) {
                    end = next.span.end;
                    self.pos += offset + 1;
                    value += unit;
                } else if let Some(unit) = lexicon::ordinal_word(&next_word).filter(|u| (1..=9).contains(u)) {
                    end = next.span.end;
                    self.pos += offset + 1;
                    return Ok(Some(WrittenNumber::exact(
                        Decimal::from(value + unit),
                        NumberForm::Ordinal,
                        start..end,
                    )));
                }
            }
        }
        // Fractions: "one-third", "two thirds", "three-quarters".
        if (1..=9).contains(&value) {
            let offset = usize::from(self.peek().is_some_and(|t| t.kind == TokenKind::Dash && t.joined));
            if let Some(next) = self.peek_at(offset) {
                let next_word = next.lower();
                let plural_ok = value == 1 || next_word.ends_with('s');
                if let Some(denominator) = lexicon::fraction_denominator(&next_word)
                    && plural_ok
                    && (offset == 1 || value > 1 || next_word != "fifth")
                    && denominator > value
                {
                    end = next.span.end;
                    self.pos += offset + 1;
                    return Ok(Some(fraction(value, denominator, start..end)));
                }
            }
        }
        if self.pos == start_pos {
            return Ok(None);
        }
        Ok(Some(WrittenNumber::exact(Decimal::from(value), NumberForm::Words, start..end)))
    }

    /// A scale word after a number ("billion", "bn", "m"), returning its exponent.
    fn scale(&mut self) -> Option<u32> {
        let tok = self.peek()?;
        if tok.kind != TokenKind::Word {
            return None;
        }
        let word = tok.lower();
        // Single letters ("m", "b", "k") only count as scales when joined to the digits ("5.7m").
        if word.len() == 1 && !tok.joined {
            return None;
        }
        let exponent = lexicon::scale_word(&word)?;
        self.pos += 1;
        Some(exponent)
    }

    /// A number followed by an optional scale word.
    fn scaled_number(&mut self) -> Parsed<Option<WrittenNumber>> {
        let Some(mut number) = self.number()? else { return Ok(None) };
        let mut exponent = 0;
        while let Some(e) = self.scale() {
            exponent += e; // "one hundred million"
        }
        number.scale_exponent = exponent;
        self.reject_joined_letters(&number)?;
        if number.scaled().is_none() {
            return Err(ValueError {
                kind: ValueErrorKind::TooLarge,
                span: number.span.clone(),
                message: "the number is too large to represent exactly".into(),
                help: Some("claimcheck handles amounts up to about 7.9 × 10^28".into()),
            });
        }
        Ok(Some(number))
    }

    /// Letters glued to a number ("4.8S", "1O") that are neither a scale, a unit nor an ordinal
    /// suffix are a typo, most often a letter typed for a digit.
    fn reject_joined_letters(&self, number: &WrittenNumber) -> Parsed<()> {
        let Some(tok) = self.peek() else { return Ok(()) };
        if !(tok.joined && tok.kind == TokenKind::Word && number.form == NumberForm::Digits) {
            return Ok(());
        }
        let word = tok.lower();
        if self.units.by_name(&word).is_some()
            || lexicon::scale_word(&word).is_some()
            || matches!(word.as_str(), "pc" | "pct" | "percent")
        {
            return Ok(());
        }
        let look_alike = |c: char| match c.to_ascii_uppercase() {
            'O' => Some('0'),
            'I' | 'L' => Some('1'),
            'Z' => Some('2'),
            'S' => Some('5'),
            'B' => Some('8'),
            'G' => Some('6'),
            _ => None,
        };
        let first = tok.text.chars().next().unwrap_or(' ');
        let help = match look_alike(first) {
            Some(digit) => format!("did you mean the digit {digit}? A letter {first} follows the digits"),
            None => "separate the number from the word after it, or fix the typo".to_string(),
        };
        Err(ValueError::syntax(
            tok.span.start..tok.span.start + first.len_utf8(),
            format!("`{}{}` is not a number", &self.src[number.span.clone()], tok.text),
            help,
        ))
    }

    /// A hedge phrase, if one starts here.
    fn hedge(&mut self) -> Option<HedgeWord> {
        // "~1.5 million", "c. 1.5 million", "ca. 1.5 million": about.
        if let Some(tok) = self.peek().cloned() {
            if tok.is_symbol('~') {
                self.pos += 1;
                return Some(HedgeWord { hedge: Hedge::About, span: tok.span });
            }
            if (tok.is_word("c") || tok.is_word("ca") || tok.is_word("approx"))
                && let Some(dot) = self.peek_at(1).filter(|t| t.is_symbol('.') && t.joined)
            {
                let span = tok.span.start..dot.span.end;
                self.pos += 2;
                return Some(HedgeWord { hedge: Hedge::About, span });
            }
        }
        for (phrase, hedge) in Hedge::PHRASES {
            if let Some(span) = self.eat_phrase(phrase) {
                return Some(HedgeWord { hedge: *hedge, span });
            }
        }
        None
    }

    /// A currency written before the number: "$", "US$", "USD", "€".
    fn currency_prefix(&mut self) -> Option<(UnitId, Range<usize>)> {
        let tok = self.peek()?.clone();
        // "US$", "A$", "S$": a word joined to a "$".
        if tok.kind == TokenKind::Word
            && let Some(next) = self.peek_at(1)
            && next.joined
            && next.kind == TokenKind::Symbol
        {
            let combined = format!("{}{}", tok.lower(), next.text);
            if let Some(unit) = self.units.by_prefix(&combined) {
                let span = tok.span.start..next.span.end;
                self.pos += 2;
                return Some((unit, span));
            }
        }
        let text = tok.lower();
        let is_prefix_form = tok.kind == TokenKind::Symbol
            || (tok.kind == TokenKind::Word && self.peek_at(1).is_some_and(|n| n.kind == TokenKind::Number));
        if is_prefix_form && let Some(unit) = self.units.by_prefix(&text) {
            self.pos += 1;
            return Some((unit, tok.span.clone()));
        }
        None
    }

    /// A unit written after the number, matching the longest known name.
    fn unit_suffix(&mut self) -> Option<(UnitId, Range<usize>)> {
        // "km2", "m3": a unit word with its exponent digit joined to it.
        if let (Some(word), Some(digit)) = (self.peek(), self.peek_at(1))
            && word.kind == TokenKind::Word
            && digit.kind == TokenKind::Number
            && digit.joined
            && digit.text.len() == 1
            && let Some(unit) = self.units.by_name(&format!("{}{}", word.lower(), digit.text))
        {
            let span = word.span.start..digit.span.end;
            self.pos += 2;
            return Some((unit, span));
        }
        let max_words = self.units.max_name_words();
        for n in (1..=max_words).rev() {
            let toks: Vec<&Token<'_>> = (0..n).filter_map(|i| self.peek_at(i)).collect();
            if toks.len() < n || toks.iter().any(|t| t.kind == TokenKind::Number) {
                continue;
            }
            // The words as written, spacing folded: "U.S. dollars", "km²", "metric  tons".
            let written = &self.src[toks[0].span.start..toks[n - 1].span.end];
            let name = written.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ").replace(" - ", "-");
            if let Some(unit) = self.units.by_name(&name) {
                let span = toks[0].span.start..toks[n - 1].span.end;
                self.pos += n;
                return Some((unit, span));
            }
        }
        None
    }

    /// An amount: hedge, optional currency prefix, number or range, scale.
    fn amount(&mut self) -> Parsed<(Amount, Option<Located<UnitId>>)> {
        let mut hedge = self.hedge();
        // "over the past 40 years", "in the last ten years": the words between hedge and number.
        // There "over" means "throughout", not "more than": what lasted over the past 40 years
        // lasted at least 40 years.
        if self.eat_phrase("the past").or_else(|| self.eat_phrase("the last")).is_some()
            && let Some(word) = hedge.as_mut()
            && word.hedge == Hedge::MoreThan
        {
            word.hedge = Hedge::AtLeast;
        }
        let between = if hedge.is_none() { self.eat_word("between").or_else(|| self.eat_word("from")) } else { None };
        let mut negative = false;
        if let Some(tok) = self.peek() {
            if (tok.kind == TokenKind::Dash || tok.is_symbol('+'))
                && self.peek_at(1).is_some_and(|n| n.joined && (n.kind == TokenKind::Number || n.is_symbol('$')))
            {
                negative = tok.kind == TokenKind::Dash;
                self.pos += 1;
            }
        }
        let prefix = self.currency_prefix();
        // "hundreds", "thousands", "tens of thousands": a vague plural is the range of its order
        // of magnitude from two ("hundreds" is 200 to 999).
        if hedge.is_none()
            && between.is_none()
            && !negative
            && prefix.is_none()
            && let Some((low, high)) = self.vague_plural()
        {
            return Ok((Amount { low, high: Some(high), hedge: None, negative: false }, None));
        }
        let low = self.scaled_number()?.ok_or_else(|| self.expected_number())?;
        let mut high = None;
        let range_separator = if between.is_some() {
            self.eat_word("and").or_else(|| self.eat_word("to"))
        } else if self.peek().is_some_and(|t| t.kind == TokenKind::Dash) {
            let span = self.here();
            self.pos += 1;
            Some(span)
        } else {
            self.eat_word("to")
        };
        if let Some(separator) = range_separator {
            if let Some((unit, span)) = self.currency_prefix()
                && prefix.as_ref().is_some_and(|(p, _)| *p != unit)
            {
                return Err(ValueError::syntax(
                    span,
                    "the two ends of the range have different currencies",
                    "write one currency for the range",
                ));
            }
            let number = self.scaled_number()?.ok_or_else(|| {
                ValueError::syntax(
                    separator.clone(),
                    "a range needs a number after the dash",
                    "write a range as \"60,000-80,000\"",
                )
            })?;
            high = Some(number);
        } else if between.is_some() {
            return Err(ValueError::syntax(
                self.here(),
                "expected `and` to close the range",
                "write \"between 60,000 and 80,000\"",
            ));
        }
        // "$3-4 billion": a scale written only after the second number applies to both.
        let mut low = low;
        if let Some(h) = &high
            && low.scale_exponent == 0
            && h.scale_exponent > 0
        {
            low.scale_exponent = h.scale_exponent;
        }
        if let Some(h) = &high
            && low.scaled().zip(h.scaled()).is_some_and(|(l, hv)| l > hv)
        {
            return Err(ValueError::syntax(
                low.span.start..h.span.end,
                "the range runs backwards: its first number is larger than its second",
                "write the smaller number first, as in \"60,000-80,000\"",
            ));
        }
        self.finish_amount(low, high, hedge, negative, prefix)
    }

    fn finish_amount(
        &mut self,
        low: WrittenNumber,
        high: Option<WrittenNumber>,
        hedge: Option<HedgeWord>,
        negative: bool,
        prefix: Option<(UnitId, Range<usize>)>,
    ) -> Parsed<(Amount, Option<Located<UnitId>>)> {
        Ok((Amount { low, high, hedge, negative }, prefix))
    }

    fn expected_number(&self) -> ValueError {
        let span = self.here();
        match self.peek() {
            Some(tok) if tok.kind == TokenKind::Word => {
                let word = tok.lower();
                let mut candidates = Vec::new();
                if !QUIET.with(std::cell::Cell::get) {
                    candidates = lexicon::known_words();
                    candidates.extend(self.units.all_names());
                }
                let help = match suggest(&word, candidates.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "write the number in digits (\"4.85\") or words (\"three\")".into(),
                };
                ValueError::syntax(span, format!("expected a number, found `{}`", tok.text), help)
            }
            Some(tok) => ValueError::syntax(
                span,
                format!("expected a number, found `{}`", tok.text),
                "write the number in digits (\"4.85\") or words (\"three\")",
            ),
            None => ValueError::syntax(
                span,
                "expected a number",
                "write the number in digits (\"4.85\") or words (\"three\")",
            ),
        }
    }

    /// An amount with an optional unit or percent sign.
    fn measure(&mut self) -> Parsed<Measure> {
        let (amount, prefix) = self.amount()?;
        if let Some(span) = self
            .eat_symbol('%')
            .or_else(|| self.eat_word("percent"))
            .or_else(|| self.eat_phrase("per cent"))
            .or_else(|| self.eat_word("pct"))
            // "90pc", as British and Asian papers write it.
            .or_else(|| self.eat_word("pc"))
            // A change of a percentage: "+1.2 percentage points".
            .or_else(|| self.eat_phrase("percentage points"))
            .or_else(|| self.eat_phrase("percentage point"))
            .or_else(|| self.eat_word("pp"))
        {
            if let Some((_, prefix_span)) = prefix {
                return Err(ValueError::syntax(
                    prefix_span,
                    "a percentage cannot have a currency",
                    "remove the currency or the percent sign",
                ));
            }
            let _ = span;
            return Ok(Measure { amount, unit: None, unit_span: None, percent: true });
        }
        let suffix = self.unit_suffix();
        let (unit, unit_span) = match (prefix, suffix) {
            (Some((p, p_span)), Some((s, s_span))) => {
                if p != s {
                    return Err(ValueError::syntax(
                        s_span,
                        "the currency is written twice, differently",
                        "keep one currency, as in \"4.85 billion USD\"",
                    ));
                }
                (Some(p), Some(p_span.start..s_span.end))
            }
            (Some((p, span)), None) | (None, Some((p, span))) => (Some(p), Some(span)),
            (None, None) => (None, None),
        };
        let all_fractions = amount.numbers().all(|n| n.form == NumberForm::Fraction);
        Ok(Measure { amount, unit, unit_span, percent: all_fractions })
    }

    // ---- typed forms ----

    /// A count ("three", "144", "once", "seven times") or an ordinal ("fifth", "25th").
    fn count_or_ordinal(&mut self) -> Parsed<Value> {
        self.eat_word("the");
        let start = self.pos;
        if let Some(tok) = self.peek()
            && tok.kind == TokenKind::Dash
            && self.peek_at(1).is_some_and(|n| n.joined && n.kind == TokenKind::Number)
        {
            let span = tok.span.start..self.tokens[self.pos + 1].span.end;
            return Err(ValueError {
                kind: ValueErrorKind::NegativeCount,
                span,
                message: "a count cannot be negative".into(),
                help: Some("counts are whole numbers of things or events, zero or more".into()),
            });
        }
        // An ordinal on its own: "the fifth", "5th".
        if self.hedge_ahead().is_none()
            && let Some(number) = self.number()?
        {
            if number.form == NumberForm::Ordinal {
                // "the fifth visit", "fifth time": trailing nouns are allowed after an ordinal.
                self.skip_rest_words(&["time", "visit", "one", "event"]);
                return Ok(Value::Ordinal(number));
            }
            self.pos = start;
        }
        let measure = self.measure()?;
        if measure.percent || measure.unit.is_some() {
            let span = measure.unit_span.clone().unwrap_or_else(|| measure.amount.span());
            return Err(ValueError::syntax(
                span,
                "a count has no unit or percent sign",
                "write the count alone, as in \"7\" or \"seven\"",
            ));
        }
        for number in measure.amount.numbers() {
            if number.form == NumberForm::Fraction || !number.is_integer() {
                return Err(ValueError::syntax(
                    number.span.clone(),
                    "a count must be a whole number",
                    "write a whole number, as in \"3\" or \"three\"",
                ));
            }
        }
        if measure.amount.negative {
            return Err(ValueError {
                kind: ValueErrorKind::NegativeCount,
                span: measure.amount.span(),
                message: "a count cannot be negative".into(),
                help: Some("counts are whole numbers of things or events, zero or more".into()),
            });
        }
        self.eat_word("times").or_else(|| self.eat_word("time"));
        Ok(Value::Number(measure))
    }

    fn hedge_ahead(&mut self) -> Option<HedgeWord> {
        let start = self.pos;
        let hedge = self.hedge();
        self.pos = start;
        hedge
    }

    /// A quantity with a unit of `dimension` ("4.85 billion USD", "3.42 million metric ton").
    fn quantity(&mut self, dimension: &str) -> Parsed<Measure> {
        let measure = self.measure()?;
        if measure.percent {
            return Err(ValueError::syntax(
                measure.amount.span(),
                format!("expected a {dimension} amount, found a percentage"),
                "write the amount with its unit, as in \"4.85 billion USD\"",
            ));
        }
        match measure.unit {
            None => {
                let kind =
                    if dimension == "currency" { ValueErrorKind::UnknownCurrency } else { ValueErrorKind::UnknownUnit };
                if let Some(tok) = self.peek()
                    && tok.kind == TokenKind::Word
                {
                    let span = tok.span.start..self.src.len();
                    let written = self.src[span.clone()].trim().to_lowercase();
                    let names: Vec<&str> = if dimension == "currency" {
                        self.units.currency_names().collect()
                    } else {
                        self.units.all_names().collect()
                    };
                    let help = match suggest(&written, names.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`? Units are declared with [[unit]] in rules/"),
                        None => "declare the unit with [[unit]] in a file under rules/".into(),
                    };
                    let what = if dimension == "currency" { "currency" } else { "unit" };
                    let message = format!("unknown {what} `{}`", self.src[span.clone()].trim());
                    return Err(ValueError { kind, span, message, help: Some(help) });
                }
                let example = if dimension == "currency" {
                    "\"4.85 billion USD\" or \"$5.7 billion\""
                } else {
                    "\"3.42 million metric ton\""
                };
                Err(ValueError {
                    kind,
                    span: measure.amount.span(),
                    message: format!("the amount has no {}", if dimension == "currency" { "currency" } else { "unit" }),
                    help: Some(format!("write it with its unit, as in {example}")),
                })
            }
            Some(unit) => {
                let def = self.units.get(unit);
                if def.dimension != dimension {
                    return Err(ValueError {
                        kind: ValueErrorKind::WrongDimension,
                        span: measure.unit_span.clone().unwrap_or_else(|| measure.amount.span()),
                        message: format!(
                            "`{}` measures {}, but this property is measured in {dimension}",
                            def.display, def.dimension
                        ),
                        help: Some(format!("use a unit of {dimension}, or check the property")),
                    });
                }
                Ok(measure)
            }
        }
    }

    /// A percentage ("38%", "2.3 percent", "one-third").
    fn percent(&mut self) -> Parsed<Measure> {
        let measure = self.measure()?;
        if measure.percent {
            return Ok(measure);
        }
        let span = measure.unit_span.clone().unwrap_or_else(|| measure.amount.span());
        Err(ValueError::syntax(span, "a percentage needs a percent sign", "write it as \"38%\" or \"38 percent\""))
    }

    /// "dozens" (24 to 143), "hundreds" (200 to 999), "thousands", "millions", and "tens" or
    /// "hundreds" of thousands or millions, as the two ends of a range.
    fn vague_plural(&mut self) -> Option<(WrittenNumber, WrittenNumber)> {
        let order = |word: &str| match word {
            "dozens" => Some((24, 143)),
            "tens" => Some((20, 99)),
            "hundreds" => Some((200, 999)),
            "thousands" => Some((2_000, 9_999)),
            "millions" => Some((2_000_000, 999_999_999)),
            "billions" => Some((2_000_000_000, 999_999_999_999)),
            _ => None,
        };
        let first = self.peek()?.clone();
        let (mut low, mut high) = order(&first.lower())?;
        let mut end = first.span.end;
        let mut taken = 1;
        // "tens of thousands", "hundreds of millions": the second word multiplies.
        if matches!(first.lower().as_str(), "tens" | "hundreds")
            && self.peek_at(1).is_some_and(|t| t.lower() == "of")
            && let Some(second) = self.peek_at(2)
            && let Some(scale) = match second.lower().as_str() {
                "thousands" => Some(1_000i64),
                "millions" => Some(1_000_000),
                "billions" => Some(1_000_000_000),
                _ => None,
            }
        {
            low *= scale;
            high = (high + 1) * scale - 1;
            end = second.span.end;
            taken = 3;
        } else if first.lower() == "tens" {
            return None;
        }
        self.pos += taken;
        let span = first.span.start..end;
        Some((
            WrittenNumber::exact(Decimal::from(low), NumberForm::Words, span.clone()),
            WrittenNumber::exact(Decimal::from(high), NumberForm::Words, span),
        ))
    }

    /// A rank ("24th", "24", "largest", "second-largest", "the 25th largest").
    fn rank(&mut self) -> Parsed<Measure> {
        self.eat_word("the");
        self.eat_word("no");
        self.eat_symbol('.');
        let superlative = |t: &Token| crate::model::lexicon::is_superlative(&t.lower());
        if let Some(tok) = self.peek().cloned()
            && superlative(&tok)
            && !matches!(tok.lower().as_str(), "most" | "least")
        {
            self.pos += 1;
            return Ok(Measure::plain(Amount::exact(WrittenNumber::exact(
                Decimal::ONE,
                NumberForm::Ordinal,
                tok.span.clone(),
            ))));
        }
        let number = self.number()?.ok_or_else(|| {
            ValueError::syntax(self.here(), "expected a rank", "write a rank as \"24th\", \"24\" or \"second-largest\"")
        })?;
        if !number.is_integer() || number.value < Decimal::ONE {
            return Err(ValueError::syntax(
                number.span.clone(),
                "a rank is a whole number from 1",
                "write a rank as \"24th\"",
            ));
        }
        // "second-largest", "25th largest", "the third busiest", "the second most visited".
        if self.peek().is_some_and(|t| t.kind == TokenKind::Dash) && self.peek_at(1).is_some_and(superlative) {
            self.pos += 2;
        } else if self.peek().is_some_and(superlative) {
            self.pos += 1;
        }
        if self.tokens.get(self.pos - 1).is_some_and(|t| matches!(t.lower().as_str(), "most" | "least"))
            && self.peek().is_some_and(|t| t.kind == TokenKind::Word)
        {
            self.pos += 1;
        }
        let number = WrittenNumber { half_unit: Decimal::ZERO, ..number };
        Ok(Measure::plain(Amount::exact(number)))
    }

    /// A date-typed value: a date (with an optional hedge), an anniversary or an elapsed time.
    fn date_value(&mut self) -> Parsed<Value> {
        self.eat_word("the");
        let start = self.pos;
        // "70th anniversary", "the 30th".
        if let Some(number) = self.number()?
            && number.form == NumberForm::Ordinal
            && (self.eat_word("anniversary").is_some() || self.at_end())
        {
            return Ok(Value::Anniversary(number));
        }
        self.pos = start;
        // A date, possibly hedged.
        let hedge_start = self.here();
        let date_hedge = match self.peek().map(|t| t.lower()).as_deref() {
            Some("before") => Some(DateHedge::Before),
            Some("after") => Some(DateHedge::After),
            Some("by") => Some(DateHedge::By),
            Some("since" | "from") => Some(DateHedge::Since),
            Some("around" | "circa" | "about" | "approximately" | "c") => Some(DateHedge::About),
            _ => None,
        };
        if date_hedge.is_some() {
            self.pos += 1;
            self.eat_symbol('.');
        }
        let date_start = self.pos;
        match self.date_range() {
            Ok(date) => {
                let span = self.tokens[date_start].span.start..self.tokens[self.pos - 1].span.end;
                Ok(Value::Date(DateExpr { date, hedge: date_hedge.map(|h| (h, hedge_start)), span }))
            }
            Err(error) if error.kind != ValueErrorKind::Syntax => Err(error),
            Err(error) if date_hedge.is_some() => Err(error),
            Err(date_error) => {
                self.pos = start;
                // An elapsed time: "12 years since", "over 40 years", "seven decades".
                let Ok(measure) = self.measure() else { return Err(date_error) };
                match measure.unit {
                    Some(unit) if self.units.get(unit).dimension == "duration" => {
                        self.eat_word("since").or_else(|| self.eat_word("ago")).or_else(|| self.eat_word("old"));
                        Ok(Value::Elapsed(measure))
                    }
                    _ => Err(date_error),
                }
            }
        }
    }

    /// A date or a span of dates ("2019-2020", "from March 2001 to 2006").
    pub(crate) fn date_range(&mut self) -> Parsed<DateValue> {
        let from_word = self.eat_word("from").is_some() || self.eat_word("between").is_some();
        let first = self.date()?;
        let separator = if self.peek().is_some_and(|t| t.kind == TokenKind::Dash)
            && self.peek_at(1).is_some_and(|t| t.kind != TokenKind::Dash)
        {
            self.pos += 1;
            true
        } else {
            self.eat_word("to").or_else(|| self.eat_word("until")).or_else(|| self.eat_word("and")).is_some()
        };
        if !separator {
            if from_word {
                return Err(ValueError::syntax(
                    self.here(),
                    "expected `to` and the end of the period",
                    "write a span as \"from 2019 to 2020\"",
                ));
            }
            return Ok(first);
        }
        let second_start = self.here();
        let second = self.date()?;
        DateValue::span(first, second).ok_or_else(|| {
            ValueError::syntax(
                second_start.start..self.tokens[self.pos - 1].span.end,
                "the period ends before it starts",
                "write the earlier date first",
            )
        })
    }

    /// One date at any precision.
    fn date(&mut self) -> Parsed<DateValue> {
        self.eat_word("the");
        let Some(tok) = self.peek().cloned() else {
            return Err(ValueError::syntax(
                self.here(),
                "expected a date",
                "write a date as \"2012\", \"March 2001\" or \"March 1, 2001\"",
            ));
        };
        let word = tok.lower();
        match tok.kind {
            TokenKind::Number => self.date_from_number(),
            TokenKind::Word if lexicon::month_word(&word).is_some() => {
                self.pos += 1;
                self.eat_symbol('.');
                let month = lexicon::month_word(&word).unwrap_or(1);
                // "March 1, 2001" or "March 2001".
                let day_tok = self.peek().cloned();
                if let Some(day_tok) = day_tok.filter(|t| t.kind == TokenKind::Number && t.text.len() <= 2) {
                    self.pos += 1;
                    if self.peek().is_some_and(|t| t.joined && lexicon::is_ordinal_suffix(&t.lower())) {
                        self.pos += 1;
                    }
                    self.eat_symbol(',');
                    let (year, year_span) = self.year()?;
                    return self.make_day(year, month, &day_tok, tok.span.start..year_span.end);
                }
                self.eat_symbol(',');
                self.eat_word("of");
                let (year, _) = self.year()?;
                Ok(DateValue::month(year, month).unwrap_or_else(unreachable_date))
            }
            TokenKind::Word => self.date_from_words(&word, &tok),
            _ => Err(ValueError::syntax(
                tok.span.clone(),
                format!("expected a date, found `{}`", tok.text),
                "write a date as \"2012\", \"March 2001\" or \"March 1, 2001\"",
            )),
        }
    }

    fn make_day(&self, year: i32, month: u32, day_tok: &Token<'_>, span: Range<usize>) -> Parsed<DateValue> {
        let day: u32 = day_tok.text.parse().unwrap_or(0);
        match Day::from_ymd(year, month, day) {
            Some(d) => Ok(DateValue::day(d)),
            None => Err(ValueError {
                kind: ValueErrorKind::ImpossibleDate,
                span,
                message: format!(
                    "{} {day}, {year} does not exist: {} {year} has {} days",
                    crate::model::date::MONTH_NAMES[(month - 1) as usize],
                    crate::model::date::MONTH_NAMES[(month - 1) as usize],
                    crate::model::date::days_in_month(year, month)
                ),
                help: Some("check the date against the article".into()),
            }),
        }
    }

    /// Dates that start with digits: "2012", "2001-03-01", "2021-04", "30 January 1950", "1990s".
    fn date_from_number(&mut self) -> Parsed<DateValue> {
        let Some(tok) = self.peek().cloned() else { return Err(self.expected_date()) };
        // ISO: 2001-03-01 or 2001-03 (all joined).
        if tok.text.len() == 4
            && self.peek_at(1).is_some_and(|t| t.kind == TokenKind::Dash && t.joined)
            && self.peek_at(2).is_some_and(|t| t.kind == TokenKind::Number && t.joined && t.text.len() == 2)
        {
            let year = self.year_value(&tok)?;
            let month_tok = self.tokens[self.pos + 2].clone();
            let month: u32 = month_tok.text.parse().unwrap_or(0);
            if !(1..=12).contains(&month) {
                return Err(ValueError {
                    kind: ValueErrorKind::ImpossibleDate,
                    span: month_tok.span.clone(),
                    message: format!("there is no month {month}"),
                    help: Some("months run from 01 to 12".into()),
                });
            }
            if self.peek_at(3).is_some_and(|t| t.kind == TokenKind::Dash && t.joined)
                && let Some(day_tok) = self.peek_at(4).filter(|t| t.kind == TokenKind::Number && t.joined).cloned()
            {
                self.pos += 5;
                return self.make_day(year, month, &day_tok, tok.span.start..day_tok.span.end);
            }
            self.pos += 3;
            return Ok(DateValue::month(year, month).unwrap_or_else(unreachable_date));
        }
        // "30 January 1950", "1st of March 2001".
        if tok.text.len() <= 2 {
            let mut offset = 1;
            if self.peek_at(offset).is_some_and(|t| t.joined && lexicon::is_ordinal_suffix(&t.lower())) {
                offset += 1;
            }
            if self.peek_at(offset).is_some_and(|t| t.is_word("of")) {
                offset += 1;
            }
            if let Some(month) = self.peek_at(offset).and_then(|t| lexicon::month_word(&t.lower())) {
                self.pos += offset + 1;
                self.eat_symbol('.');
                self.eat_symbol(',');
                let (year, year_span) = self.year()?;
                return self.make_day(year, month, &tok, tok.span.start..year_span.end);
            }
        }
        // "1990s".
        if tok.text.len() == 4 && self.peek_at(1).is_some_and(|t| t.joined && (t.is_word("s") || t.text == "'s")) {
            let year = self.year_value(&tok)?;
            self.pos += 2;
            if year % 10 != 0 {
                return Err(ValueError::syntax(
                    tok.span.clone(),
                    "a decade starts at a year ending in 0",
                    "write a decade as \"the 1990s\"",
                ));
            }
            return Ok(DateValue::decade(year).unwrap_or_else(unreachable_date));
        }
        let (year, _) = self.year()?;
        Ok(DateValue::year(year).unwrap_or_else(unreachable_date))
    }

    /// Dates that start with words: "early 2020", "mid-2020", "the end of 2021", "Q1 2024",
    /// "the first quarter of 2024", "H2 2023", "the first half of 2024".
    fn date_from_words(&mut self, word: &str, tok: &Token<'_>) -> Parsed<DateValue> {
        let part = match word {
            "early" | "earlier" => {
                self.pos += 1;
                Some(YearPart::Early)
            }
            "mid" | "middle" | "midyear" => {
                self.pos += 1;
                if self.peek().is_some_and(|t| t.kind == TokenKind::Dash) {
                    self.pos += 1;
                }
                self.eat_word("of");
                Some(YearPart::Mid)
            }
            "late" | "later" => {
                self.pos += 1;
                Some(YearPart::Late)
            }
            "end" | "beginning" | "start" => {
                self.pos += 1;
                // "the end of 2021", "end-January 2025".
                if self.peek().is_some_and(|t| t.kind == TokenKind::Dash) {
                    self.pos += 1;
                }
                self.eat_word("of");
                Some(if word == "end" { YearPart::Late } else { YearPart::Early })
            }
            "q" | "h" if self.peek_at(1).is_some_and(|t| t.joined && t.kind == TokenKind::Number) => {
                let n: u8 = self.tokens[self.pos + 1].text.parse().unwrap_or(0);
                let valid = if word == "q" { (1..=4).contains(&n) } else { (1..=2).contains(&n) };
                if !valid {
                    return Err(ValueError::syntax(
                        tok.span.start..self.tokens[self.pos + 1].span.end,
                        format!("there is no {}{n}", word.to_uppercase()),
                        "quarters run Q1–Q4, halves H1–H2",
                    ));
                }
                self.pos += 2;
                Some(if word == "q" { YearPart::Quarter(n) } else { YearPart::Half(n) })
            }
            _ => {
                // "the first quarter of 2024", "the second half of 2023".
                if let Some(n) = lexicon::ordinal_word(word) {
                    let which = self.peek_at(1).map(|t| t.lower());
                    match which.as_deref() {
                        Some("quarter") if (1..=4).contains(&n) => {
                            self.pos += 2;
                            self.eat_word("of");
                            Some(YearPart::Quarter(n as u8))
                        }
                        Some("half") if (1..=2).contains(&n) => {
                            self.pos += 2;
                            self.eat_word("of");
                            Some(YearPart::Half(n as u8))
                        }
                        _ => None,
                    }
                } else {
                    None
                }
            }
        };
        let Some(part) = part else { return Err(self.expected_date()) };
        // "the end of September 2021", "early March 2001": a third of a month.
        if let Some(month) = self.peek().and_then(|t| lexicon::month_word(&t.lower()))
            && matches!(part, YearPart::Early | YearPart::Mid | YearPart::Late)
        {
            self.pos += 1;
            self.eat_symbol('.');
            self.eat_symbol(',');
            let (year, _) = self.year()?;
            let last_day = crate::model::date::days_in_month(year, month);
            let (from, to) = match part {
                YearPart::Early => (1, 10),
                YearPart::Mid => (11, 20),
                _ => (21, last_day),
            };
            let first = Day::from_ymd(year, month, from);
            let last = Day::from_ymd(year, month, to);
            return match (first, last) {
                (Some(first), Some(last)) => Ok(DateValue { first, last, precision: DatePrecision::Span }),
                _ => Ok(unreachable_date()),
            };
        }
        let (year, _) = self.year()?;
        Ok(DateValue::year_part(year, part).unwrap_or_else(unreachable_date))
    }

    fn expected_date(&self) -> ValueError {
        let span = self.here();
        let found = self.peek().map_or_else(|| "the end".to_string(), |t| format!("`{}`", t.text));
        let help = match self.peek().filter(|t| t.kind == TokenKind::Word) {
            Some(tok) => {
                let months = crate::model::date::MONTH_NAMES.map(str::to_lowercase);
                let candidates =
                    months.iter().map(String::as_str).chain(["early", "mid", "late", "end of", "quarter", "half"]);
                match suggest(&tok.lower(), candidates) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "write a date as \"2012\", \"March 2001\", \"March 1, 2001\" or \"early 2020\"".into(),
                }
            }
            None => "write a date as \"2012\", \"March 2001\", \"March 1, 2001\" or \"early 2020\"".into(),
        };
        ValueError::syntax(span, format!("expected a date, found {found}"), help)
    }

    /// A four-digit year.
    fn year(&mut self) -> Parsed<(i32, Range<usize>)> {
        let Some(tok) = self.peek().cloned() else {
            return Err(ValueError::syntax(
                self.here(),
                "expected a year",
                "write the year in four digits, as in \"2001\"",
            ));
        };
        if tok.kind != TokenKind::Number {
            return Err(ValueError::syntax(
                tok.span.clone(),
                format!("expected a year, found `{}`", tok.text),
                "write the year in four digits, as in \"2001\"",
            ));
        }
        if tok.text.len() != 4 {
            return Err(ValueError::syntax(
                tok.span.clone(),
                format!("`{}` is not a four-digit year", tok.text),
                "write the year in four digits, as in \"2001\"",
            ));
        }
        let year = self.year_value(&tok)?;
        self.pos += 1;
        Ok((year, tok.span.clone()))
    }

    fn year_value(&self, tok: &Token<'_>) -> Parsed<i32> {
        let year: Option<i32> = tok.text.parse().ok();
        match year {
            Some(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) && !tok.text.contains(['.', ',']) => Ok(y),
            _ => Err(ValueError::syntax(
                tok.span.clone(),
                format!("`{}` is not a year claimcheck can read", tok.text),
                "write the year in four digits, from 1 to 9999",
            )),
        }
    }
}

/// Construction of months, years and year parts can only fail for years out of range, which the
/// parser has already rejected; this placeholder keeps that path panic-free.
fn unreachable_date() -> DateValue {
    DateValue { first: Day(0), last: Day(0), precision: DatePrecision::Span }
}

/// A fraction n/d written in words, with the precision of its neighbourhood among simple
/// fractions: half the gap to the nearest fraction with denominator d + 1.
fn fraction(numerator: u32, denominator: u32, span: Range<usize>) -> WrittenNumber {
    let value = Decimal::from(numerator) / Decimal::from(denominator);
    let half_unit = Decimal::ONE / Decimal::from(2 * denominator * (denominator + 1));
    WrittenNumber {
        value: value.round_dp(12),
        half_unit: half_unit.round_dp(12),
        form: NumberForm::Fraction,
        scale_exponent: 0,
        span,
    }
}

fn example_of(value_type: &ValueType) -> &'static str {
    match value_type {
        ValueType::Count | ValueType::List(_) => "\"3\", \"three\", \"over 500\" or \"the fifth\"",
        ValueType::Quantity { .. } => "\"4.85 billion USD\", \"$5.7 billion\" or \"3.42 million metric ton\"",
        ValueType::Percent => "\"38%\", \"2.3 percent\" or \"one-third\"",
        ValueType::Rank => "\"24th\" or \"second-largest\"",
        ValueType::Date => "\"2012\", \"March 2001\", \"March 1, 2001\", \"early 2020\" or \"70th anniversary\"",
        ValueType::Entity => "an entity id or alias",
        ValueType::Text => "any text",
    }
}
