//! German date forms in recognised text: `21.04.1987`, `21.4.87`, `21. April 1987`,
//! `21. Apr. 1987`, Roman months of old records (`21. IV. 1887`) and ISO `1987-04-21`.

use aktenscan_model::PartialDate;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A date found in a line: the date and the bytes it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct DateHit {
    pub date: PartialDate,
    pub range: Range<usize>,
}

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{4}|\d{2})\b").expect("date pattern")
});
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})\.\s*(januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|jan|feb|febr|mär|mrz|apr|jun|jul|aug|sep|sept|okt|nov|dez)\b\.?\s*(\d{4})\b",
    )
    .expect("named month pattern")
});
static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s?\.\s?(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\s?\.\s?(\d{4}|\d{2})\b")
        .expect("roman month pattern")
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("iso pattern"));

fn month_of_name(name: &str) -> Option<u8> {
    let n = name.to_lowercase();
    let months = [
        ("jan", 1),
        ("jän", 1),
        ("feb", 2),
        ("mär", 3),
        ("mae", 3),
        ("mrz", 3),
        ("apr", 4),
        ("mai", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("okt", 10),
        ("nov", 11),
        ("dez", 12),
    ];
    months
        .iter()
        .find(|(p, _)| n.starts_with(p))
        .map(|(_, m)| *m)
}

fn month_of_roman(r: &str) -> Option<u8> {
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    ROMAN.iter().position(|x| *x == r).map(|i| i as u8 + 1)
}

/// A two-digit year as an archive means it: up to this year's two digits in this century, the
/// rest in the last (`87` → 1987, `05` → 2005 in 2026).
fn full_year(year: &str, this_year: i32) -> Option<u16> {
    let y: i32 = year.parse().ok()?;
    let full = match year.len() {
        4 => y,
        2 => {
            let century = this_year / 100 * 100;
            if y <= this_year % 100 {
                century + y
            } else {
                century - 100 + y
            }
        }
        _ => return None,
    };
    (1500..=this_year + 1)
        .contains(&full)
        .then_some(full as u16)
}

fn date(year: u16, month: u8, day: u8) -> Option<PartialDate> {
    format!("{year:04}-{month:02}-{day:02}").parse().ok()
}

/// Every date in `text`, in order; `this_year` decides two-digit years and refuses the future.
pub fn find(text: &str, this_year: i32) -> Vec<DateHit> {
    let mut hits: Vec<DateHit> = Vec::new();
    let mut push = |range: Range<usize>, d: Option<PartialDate>| {
        if let Some(date) = d {
            if !hits
                .iter()
                .any(|h| h.range.start < range.end && range.start < h.range.end)
            {
                hits.push(DateHit { date, range });
            }
        }
    };
    for c in ISO.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let d = (|| {
            let y = full_year(&c[1], this_year)?;
            date(y, c[2].parse().ok()?, c[3].parse().ok()?)
        })();
        push(m, d);
    }
    for c in NAMED.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let d = (|| {
            let y = full_year(&c[3], this_year)?;
            date(y, month_of_name(&c[2])?, c[1].parse().ok()?)
        })();
        push(m, d);
    }
    for c in ROMAN.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let d = (|| {
            let y = full_year(&c[3], this_year)?;
            date(y, month_of_roman(&c[2])?, c[1].parse().ok()?)
        })();
        push(m, d);
    }
    for c in NUMERIC.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let d = (|| {
            let y = full_year(&c[3], this_year)?;
            date(y, c[2].parse().ok()?, c[1].parse().ok()?)
        })();
        push(m, d);
    }
    hits.sort_by_key(|h| h.range.start);
    hits
}

/// A date as a sortable key.
pub fn key(d: PartialDate) -> (u16, u8, u8) {
    (d.year(), d.month().unwrap_or(0), d.day().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<String> {
        find(text, 2026)
            .iter()
            .map(|h| h.date.to_string())
            .collect()
    }

    #[test]
    fn german_forms_are_read() {
        assert_eq!(dates("Schkopau, den 21.04.1987"), ["1987-04-21"]);
        assert_eq!(dates("am 21.4.87 eingegangen"), ["1987-04-21"]);
        assert_eq!(dates("Schkopau, den 18. November 1921."), ["1921-11-18"]);
        assert_eq!(dates("vom 4. Dez. 1908"), ["1908-12-04"]);
        assert_eq!(dates("Merseburg, am 3. IV. 1887"), ["1887-04-03"]);
        assert_eq!(dates("Stand 2005-03-01"), ["2005-03-01"]);
        assert_eq!(dates("bis 01.02.05"), ["2005-02-01"]);
        assert_eq!(
            dates("09.03.1987 632.10/1987-014 Frau Müller 23.03.1987"),
            ["1987-03-09", "1987-03-23"]
        );
    }

    #[test]
    fn what_is_no_date_is_not_read() {
        assert!(dates("Konto-Nr. 5432-17-881").is_empty());
        assert!(
            dates("32.13.1987 und 31.02.1990").is_empty(),
            "impossible days"
        );
        assert!(dates("Flurstück 112/4, 864 qm").is_empty());
        assert!(dates("am 01.01.2090").is_empty(), "the future");
        assert!(dates("§ 6 Abs. 4 GO").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_printed_date_is_read_back(y in 1850u16..2026, m in 1u8..=12, d in 1u8..=28) {
            let text = format!("Schkopau, den {d:02}.{m:02}.{y}");
            let want = format!("{y:04}-{m:02}-{d:02}");
            proptest::prop_assert_eq!(dates(&text), vec![want]);
        }
    }
}
