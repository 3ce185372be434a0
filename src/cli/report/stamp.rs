//! When a report was made: `--today DATE`, else `SOURCE_DATE_EPOCH` (seconds since
//! 1970, UTC), else the system clock, so that a report can be made again identically.

use crate::value::Date;

/// When the report was made, and where that date comes from.
pub(super) struct Stamp {
    pub date: Date,
    /// Hours, minutes and seconds (UTC); `None` when only a date was given.
    pub time: Option<(u32, u32, u32)>,
    source: StampSource,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum StampSource {
    /// `--today DATE`.
    Today,
    /// The `SOURCE_DATE_EPOCH` environment variable (seconds since 1970, UTC).
    SourceDateEpoch,
    /// The system clock.
    Clock,
}

impl Stamp {
    /// `--today` when given, else `SOURCE_DATE_EPOCH` when set, else the system clock.
    pub(super) fn of(today: Option<&str>, epoch: Option<&str>) -> Result<Stamp, String> {
        if let Some(t) = today {
            let date = Date::parse(t.trim())
                .ok_or_else(|| format!("`--today {t}` is not a date; write it as 2027-06-30"))?;
            return Ok(Stamp {
                date,
                time: None,
                source: StampSource::Today,
            });
        }
        if let Some(e) = epoch {
            let stamp = e
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|s| *s >= 0)
                .and_then(|s| Stamp::at(s, StampSource::SourceDateEpoch));
            return stamp.ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH is `{}`, not a number of seconds since 1970-01-01 (before the year 10000)",
                    crate::output::plain(e)
                )
            });
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Stamp::at(secs, StampSource::Clock).ok_or_else(|| "the system clock is wrong".into())
    }

    fn at(secs: i64, source: StampSource) -> Option<Stamp> {
        let date = day_after_1970(secs.div_euclid(86_400))?;
        let s = secs.rem_euclid(86_400) as u32;
        Some(Stamp {
            date,
            time: Some((s / 3600, s / 60 % 60, s % 60)),
            source,
        })
    }

    /// `2027-06-30 14:05:09 UTC`, or `2027-06-30` when only the date is known.
    pub(super) fn when(&self) -> String {
        match self.time {
            Some((h, m, s)) => format!("{} {h:02}:{m:02}:{s:02} UTC", self.date),
            None => self.date.to_string(),
        }
    }

    /// Where the date comes from, in words.
    pub(super) fn origin(&self) -> &'static str {
        match self.source {
            StampSource::Today => "the date given with --today",
            StampSource::SourceDateEpoch => "from SOURCE_DATE_EPOCH",
            StampSource::Clock => "the system clock",
        }
    }

    pub(super) fn source_key(&self) -> &'static str {
        match self.source {
            StampSource::Today => "today_option",
            StampSource::SourceDateEpoch => "source_date_epoch",
            StampSource::Clock => "clock",
        }
    }
}

/// The calendar day `days` days after 1970-01-01, found with the calendar arithmetic of
/// [`Date`] (its day numbers); `None` outside the years 0 to 9999.
fn day_after_1970(days: i64) -> Option<Date> {
    let number = |y: i32, m: u32, d: u32| Date::new(y, m, d).map(|d| d.day_number());
    let target = number(1970, 1, 1)?.checked_add(days)?;
    if target < number(0, 1, 1)? || target > number(9999, 12, 31)? {
        return None;
    }
    // A first guess at the year, then corrected by whole years.
    let mut year = (1970 + days.div_euclid(365)).clamp(0, 9999) as i32;
    while year > 0 && number(year, 1, 1)? > target {
        year -= 1;
    }
    while year < 9999 && number(year + 1, 1, 1)? <= target {
        year += 1;
    }
    let month = (1..=12)
        .rev()
        .find(|&m| number(year, m, 1).is_some_and(|n| n <= target))?;
    let day = target - number(year, month, 1)? + 1;
    Date::new(year, month, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_comes_from_today_then_source_date_epoch_then_the_clock() {
        let s = Stamp::of(Some("2027-06-30"), Some("0")).expect("a date");
        assert_eq!(s.when(), "2027-06-30");
        assert!(s.source == StampSource::Today);
        let s = Stamp::of(None, Some("1700000000")).expect("a time");
        assert_eq!(s.when(), "2023-11-14 22:13:20 UTC");
        assert!(s.source == StampSource::SourceDateEpoch);
        assert!(Stamp::of(None, None).is_ok_and(|s| s.source == StampSource::Clock));
        for bad in ["", "soon", "-1", "99999999999999", "1e9"] {
            assert!(Stamp::of(None, Some(bad)).is_err(), "{bad}");
        }
        assert!(Stamp::of(Some("2027-02-30"), None).is_err());
    }

    #[test]
    fn days_since_1970_give_the_calendar_day() {
        assert_eq!(day_after_1970(0), Date::new(1970, 1, 1));
        assert_eq!(day_after_1970(19_675), Date::new(2023, 11, 14));
        assert_eq!(day_after_1970(-1), Date::new(1969, 12, 31));
        assert_eq!(day_after_1970(11_016), Date::new(2000, 2, 29));
        assert_eq!(day_after_1970(2_932_896), Date::new(9999, 12, 31));
        assert_eq!(day_after_1970(2_932_897), None);
        assert_eq!(day_after_1970(i64::MIN), None);
        assert_eq!(day_after_1970(i64::MAX), None);
        // Every day of a few years, against the system's own count of today.
        let today = Date::today();
        let since = today.day_number() - Date::new(1970, 1, 1).map_or(0, |d| d.day_number());
        assert_eq!(day_after_1970(since), Some(today));
        let mut previous = day_after_1970(18_000);
        for n in 18_001..19_500 {
            let d = day_after_1970(n);
            assert!(d > previous, "{n}");
            previous = d;
        }
    }
}
