//! Value types shared by the plan language and the rule language: exact decimals, money,
//! durations and calendar dates.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DurationUnit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl DurationUnit {
    /// Accepts singular and plural unit words (`day`, `days`, ...).
    pub fn parse(word: &str) -> Option<DurationUnit> {
        Some(match word.trim_end_matches('s') {
            "day" => DurationUnit::Day,
            "week" => DurationUnit::Week,
            "month" => DurationUnit::Month,
            "quarter" => DurationUnit::Quarter,
            "year" => DurationUnit::Year,
            _ => return None,
        })
    }

    /// Length in days: week = 7, month = 30.4375, quarter = 3 months, year = 12 months.
    pub fn days(self) -> Decimal {
        let month = Decimal::new(304375, 4);
        match self {
            DurationUnit::Day => Decimal::ONE,
            DurationUnit::Week => Decimal::from(7),
            DurationUnit::Month => month,
            DurationUnit::Quarter => month * Decimal::from(3),
            DurationUnit::Year => month * Decimal::from(12),
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            DurationUnit::Day => "day",
            DurationUnit::Week => "week",
            DurationUnit::Month => "month",
            DurationUnit::Quarter => "quarter",
            DurationUnit::Year => "year",
        }
    }
}

/// A duration as written (`18 months`), comparable through its length in days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Duration {
    #[serde(with = "crate::rulelang::serial::decimal")]
    pub amount: Decimal,
    pub unit: DurationUnit,
}

impl Duration {
    pub fn days(&self) -> Decimal {
        self.amount * self.unit.days()
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let amount = self.amount.normalize();
        let unit = self.unit.singular();
        if amount == Decimal::ONE {
            write!(f, "{amount} {unit}")
        } else {
            write!(f, "{amount} {unit}s")
        }
    }
}

/// A calendar day. Months and quarters are stored as their first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Today's date from the system clock (UTC).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let days = secs.div_euclid(86_400);
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day).unwrap_or_else(|| Date::new(1970, 1, 1).expect("a real day"))
    }

    /// A real calendar day, or `None` (`2026-13-01`, `2027-02-30`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY-Qn`; `None` when it is not a real date.
    pub fn parse(text: &str) -> Option<Date> {
        // `YYYY-MM-DD` and `YYYY-MM`, the usual shapes, read digit by digit.
        let digits = |part: &[u8]| {
            part.iter().try_fold(0u32, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        match text.as_bytes() {
            [y @ .., b'-', m1, m2] | [y @ .., b'-', m1, m2, b'-', _, _] if y.len() == 4 => {
                let day = match text.as_bytes().get(8..) {
                    Some(d) => digits(d),
                    None => Some(1),
                };
                if let (Some(year), Some(month), Some(day)) = (digits(y), digits(&[*m1, *m2]), day)
                {
                    return Date::new(year as i32, month, day);
                }
            }
            _ => {}
        }
        Date::parse_parts(text)
    }

    /// [`Date::parse`], in parts split at each `-` (every shape).
    fn parse_parts(text: &str) -> Option<Date> {
        let (year, rest) = text.split_once('-')?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        if let Some(q) = rest.strip_prefix('Q') {
            let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
            return Date::new(year, (q - 1) * 3 + 1, 1);
        }
        let mut parts = rest.split('-');
        let month = two_digits(parts.next()?)?;
        let day = match parts.next() {
            Some(d) => two_digits(d)?,
            None => 1,
        };
        if parts.next().is_some() {
            return None;
        }
        Date::new(year, month, day)
    }

    /// Days since 0000-03-01 (proleptic Gregorian), for differences between dates.
    pub fn day_number(&self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (self.year as i64 - 1, self.month as i64 + 9)
        } else {
            (self.year as i64, self.month as i64 - 3)
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + self.day as i64 - 1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn two_digits(s: &str) -> Option<u32> {
    if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Format an exact decimal for people: `1200000` -> `1,200,000`, trailing zeros dropped.
/// Written from the decimal's digits and scale (a finding's message may show several).
pub fn group_thousands(d: Decimal) -> String {
    let d = d.normalize();
    let magnitude = d.mantissa().unsigned_abs();
    let digits = match u64::try_from(magnitude) {
        Ok(small) => small.to_string(),
        Err(_) => magnitude.to_string(),
    };
    let scale = d.scale() as usize;
    // Digits before the point, and after it (none once normalized to a whole number).
    let (int, frac) = if digits.len() > scale {
        digits.split_at(digits.len() - scale)
    } else {
        ("0", digits.as_str())
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + scale + 3);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if scale > 0 {
        out.push('.');
        out.extend(std::iter::repeat('0').take(scale - frac.len()));
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates read digit by digit are those read in parts, for every shape near the usual
    /// ones: days and months out of range, leap days, signs, letters, quarters, lengths.
    #[test]
    fn dates_read_directly_are_those_read_in_parts() {
        let pieces = [
            "2024", "2023", "1900", "2000", "0000", "02", "13", "00", "29", "30", "31", "1", "+1",
            "Q2", "-", "x9", "é", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for text in [
                        format!("{a}-{b}-{c}"),
                        format!("{a}-{b}{c}"),
                        format!("{a}{b}-{c}"),
                    ] {
                        assert_eq!(Date::parse(&text), Date::parse_parts(&text), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2027-Q2"), Date::new(2027, 4, 1));
        assert_eq!(Date::parse("2027-03"), Date::new(2027, 3, 1));
        assert!(Date::parse("2026-13").is_none());
        assert!(Date::parse("2027-02-30").is_none());
        assert!(Date::parse("2028-02-29").is_some());
        let a = Date::parse("2026-03-01").unwrap();
        let b = Date::parse("2026-11-01").unwrap();
        assert_eq!(b.day_number() - a.day_number(), 245);
    }

    #[test]
    fn durations_compare_in_days() {
        let two_years = Duration {
            amount: Decimal::from(2),
            unit: DurationUnit::Year,
        };
        let months = Duration {
            amount: Decimal::from(24),
            unit: DurationUnit::Month,
        };
        assert_eq!(two_years.days(), months.days());
        assert_eq!(two_years.to_string(), "2 years");
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(Decimal::from(1_200_000)), "1,200,000");
        // The digits and scale give what the decimal's own text gives, grouped.
        let by_text = |d: Decimal| {
            let s = d.normalize().to_string();
            let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
            let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
            let mut out = sign.to_string();
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(ch);
            }
            frac.map_or(out.clone(), |f| format!("{out}.{f}"))
        };
        for text in [
            "0",
            "-0",
            "0.000",
            "-0.0",
            "1",
            "-1",
            "12",
            "123",
            "1234",
            "-1234.50",
            "999999",
            "1000000",
            "0.5",
            "-0.05",
            "0.0000001",
            "12345.678",
            "100.10",
            "7.00",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.1234567890123",
            "18446744073709551615",
            "18446744073709551616.5",
            "2400000.00",
        ] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(group_thousands(d), by_text(d), "{text}");
        }
        assert_eq!(group_thousands(Decimal::new(25, 1)), "2.5");
    }
}
