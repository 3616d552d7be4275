//! How long the waiting pathways have waited, counted into week bands for the PTL's chart.
//!
//! Bands follow the national time bands (pathway-rules.md §1.8): a band "a-b" holds waits of more than 7a and
//! at most 7b days, except the first, which starts at 0 days. So 7 days is in 0-1 and 8 days in 1-2. The last
//! band is open-ended: "52+" holds every wait over 52 weeks (365 days or more), never 364.

use super::facts::RowFacts;

/// How to cut the weeks-waited axis: bands `width_weeks` wide, then one open band from `last_from_weeks` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekBands {
    width_weeks: u32,
    last_from_weeks: u32,
}

/// The band settings asked for cannot make a chart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistributionError {
    #[error("a band must be at least 1 week wide (asked for {0}); choose 1, 2 or 4 weeks")]
    ZeroWidth(u32),
    #[error(
        "the open last band must start at or after the first band's width ({width} weeks) and at most 520 weeks \
         (asked for {last_from} weeks); 52 is usual"
    )]
    LastBandOutOfRange { width: u32, last_from: u32 },
}

impl WeekBands {
    /// One band per week: 0-1, 1-2, ... 51-52, 52+.
    pub const WEEKLY: WeekBands = WeekBands { width_weeks: 1, last_from_weeks: 52 };
    /// Four-week bands: 0-4, 4-8, ... 48-52, 52+.
    pub const FOUR_WEEKLY: WeekBands = WeekBands { width_weeks: 4, last_from_weeks: 52 };

    pub fn new(width_weeks: u32, last_from_weeks: u32) -> Result<Self, DistributionError> {
        if width_weeks == 0 {
            return Err(DistributionError::ZeroWidth(width_weeks));
        }
        if last_from_weeks < width_weeks || last_from_weeks > 520 {
            return Err(DistributionError::LastBandOutOfRange { width: width_weeks, last_from: last_from_weeks });
        }
        Ok(WeekBands { width_weeks, last_from_weeks })
    }

    pub fn width_weeks(self) -> u32 {
        self.width_weeks
    }

    pub fn last_from_weeks(self) -> u32 {
        self.last_from_weeks
    }

    /// Bands before the open last one.
    fn closed_bands(self) -> usize {
        self.last_from_weeks.div_ceil(self.width_weeks) as usize
    }

    /// The band a wait of `days` falls in (negative days, a data error, count as 0).
    fn index_for(self, days: i64) -> usize {
        if days > 7 * i64::from(self.last_from_weeks) {
            return self.closed_bands();
        }
        let upper_week = ((days.max(0) + 6) / 7).max(1);
        ((upper_week - 1) / i64::from(self.width_weeks)) as usize
    }
}

impl Default for WeekBands {
    fn default() -> Self {
        WeekBands::WEEKLY
    }
}

/// One bar of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionBand {
    pub from_week: u32,
    /// `None` for the open last band ("52+").
    pub to_week: Option<u32>,
    pub count: u32,
}

impl DistributionBand {
    /// "0-4", "52+".
    pub fn label(&self) -> String {
        match self.to_week {
            Some(to) => format!("{}-{}", self.from_week, to),
            None => format!("{}+", self.from_week),
        }
    }

    /// Every wait in this band is over 18 weeks (the band starts at or after week 18).
    pub fn over_18_weeks(&self) -> bool {
        self.from_week >= 18
    }
}

/// Counts of waiting pathways per weeks-waited band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    pub bands: Vec<DistributionBand>,
    pub settings: WeekBands,
    /// Pathways counted: those with a running RTT clock.
    pub waiting: u32,
    /// Of those, waiting 126 days or fewer.
    pub within_18_weeks: u32,
    /// Of those, waiting more than 52 weeks (365 days or more).
    pub over_52_weeks: u32,
}

impl Distribution {
    /// Counts the running RTT clocks among `rows`; stopped clocks and rows without one are left out.
    pub(crate) fn compute<'a>(rows: impl IntoIterator<Item = &'a RowFacts>, settings: WeekBands) -> Self {
        let closed = settings.closed_bands();
        let mut bands: Vec<DistributionBand> = (0..=closed)
            .map(|i| {
                let from_week = i as u32 * settings.width_weeks;
                let to_week = (i < closed).then(|| (from_week + settings.width_weeks).min(settings.last_from_weeks));
                let from_week = if i == closed { settings.last_from_weeks } else { from_week };
                DistributionBand { from_week, to_week, count: 0 }
            })
            .collect();
        let (mut waiting, mut within_18_weeks, mut over_52_weeks) = (0, 0, 0);
        for row in rows.into_iter().filter(|row| row.running()) {
            waiting += 1;
            within_18_weeks += u32::from(row.within_18_weeks());
            over_52_weeks += u32::from(row.over_weeks(52));
            bands[settings.index_for(i64::from(row.days_waited))].count += 1;
        }
        Distribution { bands, settings, waiting, within_18_weeks, over_52_weeks }
    }

    /// The band with the most pathways (the first such, if tied); `None` when nobody is waiting.
    pub fn busiest_band(&self) -> Option<&DistributionBand> {
        self.bands.iter().filter(|band| band.count > 0).rev().max_by_key(|band| band.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_band_edges_follow_the_national_bands() {
        let bands = WeekBands::WEEKLY;
        assert_eq!(bands.index_for(0), 0);
        assert_eq!(bands.index_for(7), 0, "7 days is in 0-1");
        assert_eq!(bands.index_for(8), 1, "8 days is in 1-2");
        assert_eq!(bands.index_for(126), 17, "126 days is in 17-18");
        assert_eq!(bands.index_for(127), 18);
        assert_eq!(bands.index_for(364), 51, "364 days is in 51-52, not 52+");
        assert_eq!(bands.index_for(365), 52, "365 days is 52+");
        assert_eq!(bands.index_for(5000), 52);
        assert_eq!(bands.index_for(-3), 0);
    }

    #[test]
    fn four_week_bands_and_a_partial_last_closed_band() {
        let four = WeekBands::FOUR_WEEKLY;
        assert_eq!(four.closed_bands(), 13);
        assert_eq!(four.index_for(28), 0, "28 days is in 0-4");
        assert_eq!(four.index_for(29), 1, "29 days is in 4-8");
        assert_eq!(four.index_for(364), 12);
        assert_eq!(four.index_for(365), 13);
        let five = WeekBands::new(5, 52).unwrap();
        let dist = Distribution::compute(std::iter::empty(), five);
        let labels: Vec<String> = dist.bands.iter().map(DistributionBand::label).collect();
        assert_eq!(labels.first().map(String::as_str), Some("0-5"));
        assert_eq!(&labels[labels.len() - 2..], ["50-52", "52+"]);
    }

    #[test]
    fn band_settings_are_checked() {
        assert_eq!(WeekBands::new(0, 52), Err(DistributionError::ZeroWidth(0)));
        assert!(WeekBands::new(8, 4).is_err());
        assert!(WeekBands::new(2, 104).is_ok());
    }
}
