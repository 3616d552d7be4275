//! When to try again after the server could not be reached: 1 s, doubling each failure, up to 60 s, with
//! jitter so many desks coming back online at once do not all knock at the same moment.

pub const FIRST_DELAY_MS: u32 = 1_000;
pub const MAX_DELAY_MS: u32 = 60_000;

/// The wait before retry number `attempt` (0 for the first retry); `jitter` is a random number in [0, 1)
/// and takes up to a quarter off.
pub fn delay_ms(attempt: u32, jitter: f64) -> u32 {
    let base = if attempt >= 16 { MAX_DELAY_MS } else { FIRST_DELAY_MS.saturating_mul(1 << attempt).min(MAX_DELAY_MS) };
    let jitter = jitter.clamp(0.0, 1.0);
    (f64::from(base) * (1.0 - 0.25 * jitter)).round() as u32
}

/// Failures in a row, and the wait they call for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backoff {
    pub failures: u32,
}

impl Backoff {
    /// Note a failure and return how long to wait before the next try.
    pub fn failed(&mut self, jitter: f64) -> u32 {
        let delay = delay_ms(self.failures, jitter);
        self.failures = self.failures.saturating_add(1);
        delay
    }

    pub fn succeeded(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_one_second_doubling_to_a_minute_with_jitter() {
        assert_eq!(delay_ms(0, 0.0), 1_000);
        assert_eq!(delay_ms(1, 0.0), 2_000);
        assert_eq!(delay_ms(5, 0.0), 32_000);
        assert_eq!(delay_ms(6, 0.0), MAX_DELAY_MS);
        assert_eq!(delay_ms(60, 0.0), MAX_DELAY_MS);
        assert_eq!(delay_ms(0, 1.0), 750);
        assert!(delay_ms(3, 0.5) < delay_ms(3, 0.0));
        let mut backoff = Backoff::default();
        assert_eq!(backoff.failed(0.0), 1_000);
        assert_eq!(backoff.failed(0.0), 2_000);
        assert_eq!(backoff.failed(0.0), 4_000);
        backoff.succeeded();
        assert_eq!(backoff.failed(0.0), 1_000);
    }
}
