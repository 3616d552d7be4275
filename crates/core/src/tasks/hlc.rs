//! A hybrid logical clock (HLC): the stamp on every task-field write, so that "the last writer wins" means the
//! same thing on every device and on the server, even when a device's clock is wrong.
//!
//! A stamp is (wall clock in ms, counter, node). Each device keeps its latest stamp: a local edit `tick`s it, and
//! every stamp seen from elsewhere (a pulled task) is merged in with `receive`. Stamps only ever grow, even when
//! the wall clock goes backwards, and an edit made after seeing another edit always has the larger stamp, so a
//! secretary who saw a colleague's change and then changed it again always wins over that change.
//!
//! Stored as text that sorts in the same order as the stamps: `00000001795310400000-0000000000-device-a`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One stamp. Ordered by wall clock, then counter, then node (the device's client id), so two devices can never
/// produce equal stamps for different writes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Hlc {
    /// Milliseconds since 1970 as the device's clock read them (or as far ahead as a stamp it has seen).
    pub wall_ms: u64,
    /// Distinguishes events within one millisecond, or while the wall clock lags behind a stamp already seen.
    pub counter: u32,
    /// The client id of the device that made the stamp.
    pub node: String,
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.wall_ms, self.counter, &self.node).cmp(&(other.wall_ms, other.counter, &other.node))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hlc {
    /// A device's clock before its first event.
    pub fn start(node: impl Into<String>) -> Hlc {
        Hlc { wall_ms: 0, counter: 0, node: node.into() }
    }

    /// The stamp for a local event (an edit on this device) at wall-clock time `now_ms`. Always greater than
    /// `self`, even if the wall clock has gone backwards.
    pub fn tick(&self, now_ms: u64) -> Hlc {
        if now_ms > self.wall_ms {
            Hlc { wall_ms: now_ms, counter: 0, node: self.node.clone() }
        } else {
            self.bumped(self.wall_ms, self.counter)
        }
    }

    /// This device's clock after seeing `remote` (a stamp on a pulled task) at `now_ms`. Greater than both
    /// `self` and `remote`, so every later local edit is ordered after what was seen.
    pub fn receive(&self, remote: &Hlc, now_ms: u64) -> Hlc {
        let wall = self.wall_ms.max(remote.wall_ms).max(now_ms);
        let local = (wall == self.wall_ms).then_some(self.counter);
        let seen = (wall == remote.wall_ms).then_some(remote.counter);
        match local.max(seen) {
            Some(counter) => self.bumped(wall, counter),
            None => Hlc { wall_ms: wall, counter: 0, node: self.node.clone() },
        }
    }

    /// The next stamp after (wall, counter) on this node. A full counter moves on by a millisecond rather than
    /// wrapping, so stamps still never go backwards.
    fn bumped(&self, wall_ms: u64, counter: u32) -> Hlc {
        match counter.checked_add(1) {
            Some(counter) => Hlc { wall_ms, counter, node: self.node.clone() },
            None => Hlc { wall_ms: wall_ms.saturating_add(1), counter: 0, node: self.node.clone() },
        }
    }
}

impl fmt::Display for Hlc {
    /// Zero-padded so that comparing the text compares the stamps.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:020}-{:010}-{}", self.wall_ms, self.counter, self.node)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a clock stamp: expected 20 digits, a hyphen, 10 digits, a hyphen and a device id. The stored \
     task may be damaged; pull it again from the server."
)]
pub struct HlcParseError(pub String);

impl FromStr for Hlc {
    type Err = HlcParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || HlcParseError(text.to_string());
        let mut parts = text.splitn(3, '-');
        let (wall, counter, node) = match (parts.next(), parts.next(), parts.next()) {
            (Some(wall), Some(counter), Some(node)) => (wall, counter, node),
            _ => return Err(error()),
        };
        let digits = |part: &str, width: usize| part.len() == width && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(wall, 20) || !digits(counter, 10) {
            return Err(error());
        }
        Ok(Hlc {
            wall_ms: wall.parse().map_err(|_| error())?,
            counter: counter.parse().map_err(|_| error())?,
            node: node.to_string(),
        })
    }
}

impl From<Hlc> for String {
    fn from(stamp: Hlc) -> String {
        stamp.to_string()
    }
}

impl TryFrom<String> for Hlc {
    type Error = HlcParseError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(wall_ms: u64, counter: u32, node: &str) -> Hlc {
        Hlc { wall_ms, counter, node: node.to_string() }
    }

    #[test]
    fn ticks_follow_the_wall_clock_when_it_moves_forward() {
        let clock = Hlc::start("a").tick(1_000);
        assert_eq!(clock, stamp(1_000, 0, "a"));
        assert_eq!(clock.tick(1_500), stamp(1_500, 0, "a"));
    }

    #[test]
    fn a_clock_set_back_never_makes_an_earlier_stamp() {
        let clock = Hlc::start("a").tick(10_000);
        let after_reset = clock.tick(2_000);
        assert!(after_reset > clock);
        assert_eq!(after_reset, stamp(10_000, 1, "a"));
        let again = after_reset.tick(2_001);
        assert_eq!(again, stamp(10_000, 2, "a"));
        // Once the wall clock passes the old high point, the counter starts again.
        assert_eq!(again.tick(10_001), stamp(10_001, 0, "a"));
    }

    #[test]
    fn two_events_in_one_millisecond_are_ordered() {
        let first = Hlc::start("a").tick(5);
        let second = first.tick(5);
        assert!(second > first);
    }

    #[test]
    fn after_seeing_a_stamp_from_a_fast_clock_local_edits_come_after_it() {
        // Device b's clock runs an hour fast; device a sees one of its stamps.
        let remote = stamp(3_600_000 + 1_000, 7, "b");
        let local = Hlc::start("a").tick(1_000);
        let merged = local.receive(&remote, 1_200);
        assert_eq!(merged, stamp(3_601_000, 8, "a"));
        let edit = merged.tick(1_300);
        assert!(edit > remote && edit > merged);
    }

    #[test]
    fn receive_uses_the_wall_clock_when_it_is_ahead_of_both() {
        let merged = stamp(100, 3, "a").receive(&stamp(200, 9, "b"), 500);
        assert_eq!(merged, stamp(500, 0, "a"));
    }

    #[test]
    fn receive_with_equal_walls_takes_the_larger_counter() {
        assert_eq!(stamp(100, 3, "a").receive(&stamp(100, 9, "b"), 50), stamp(100, 10, "a"));
        assert_eq!(stamp(100, 12, "a").receive(&stamp(100, 9, "b"), 50), stamp(100, 13, "a"));
        assert_eq!(stamp(100, 12, "a").receive(&stamp(90, 30, "b"), 50), stamp(100, 13, "a"));
    }

    #[test]
    fn a_full_counter_moves_on_a_millisecond() {
        let full = stamp(100, u32::MAX, "a");
        let next = full.tick(0);
        assert_eq!(next, stamp(101, 0, "a"));
        assert!(next > full);
    }

    #[test]
    fn the_node_breaks_ties() {
        assert!(stamp(100, 1, "a") < stamp(100, 1, "b"));
        assert!(stamp(100, 1, "z") < stamp(100, 2, "a"));
        assert!(stamp(99, 9, "z") < stamp(100, 0, "a"));
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_the_stamps() {
        let stamps = [
            stamp(0, 0, "a"),
            stamp(9, 0, "a"),
            stamp(10, 0, "a"),
            stamp(10, 2, "a"),
            stamp(10, 10, "a"),
            stamp(10, 10, "a-2"),
            stamp(10, 10, "b"),
            stamp(1_795_310_400_000, 0, "device-a"),
            stamp(u64::MAX, u32::MAX, "z"),
        ];
        for pair in stamps.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(pair[0].to_string() < pair[1].to_string(), "{} {}", pair[0], pair[1]);
        }
        for s in &stamps {
            assert_eq!(&s.to_string().parse::<Hlc>().unwrap(), s);
        }
        assert_eq!(stamp(1_795_310_400_000, 3, "device-a").to_string(), "00000001795310400000-0000000003-device-a");
        let json = serde_json::to_string(&stamp(5, 1, "n")).unwrap();
        assert_eq!(json, "\"00000000000000000005-0000000001-n\"");
        assert_eq!(serde_json::from_str::<Hlc>(&json).unwrap(), stamp(5, 1, "n"));
    }

    #[test]
    fn damaged_text_is_refused() {
        for bad in ["", "12-3-a", "0000000000000000000x-0000000000-a", "00000000000000000005-0000000001"] {
            let err = bad.parse::<Hlc>().unwrap_err();
            assert!(err.to_string().contains("not a clock stamp"), "{err}");
        }
    }
}
