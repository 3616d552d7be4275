//! A tiny seeded random number generator (SplitMix64): the same seed gives the same demo data on every machine.
//!
//! Each part of the data draws from its own stream (`Rng::stream(seed, part, index)`), so patient 42 is the same
//! person whether the demo has 100 patients or 80,000, and adding patients does not reshuffle the clinics.

#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: spreads any 64-bit input over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The parts of the demo that draw their own streams.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Clinics = 1,
    Patient = 2,
    SecondPathway = 3,
    Referral = 4,
    Bookings = 5,
    Notes = 6,
    Tasks = 7,
    NhsNumbers = 8,
    Address = 9,
    Demographics = 10,
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// An independent stream for one item (`index`) of one part of the data.
    pub(crate) fn stream(seed: u64, part: Part, index: u64) -> Self {
        let part_key = mix(seed ^ (part as u64).wrapping_mul(GOLDEN_GAMMA));
        Rng::new(mix(part_key ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03)))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A number in `0..n`; `n` must not be zero.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0, "Rng::below needs a non-empty range");
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An index into a collection of `len` items; `len` must not be zero.
    pub(crate) fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A whole number in `low..=high` (returns `low` when `high < low`).
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        low + self.below((high - low) as u64 + 1) as i64
    }

    /// A fraction in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// One of `choices` with probability proportional to its weight.
    pub(crate) fn weighted<T: Copy>(&mut self, choices: &[(T, u32)]) -> T {
        let total: u32 = choices.iter().map(|(_, weight)| weight).sum();
        let mut roll = self.below(u64::from(total)) as u32;
        for &(choice, weight) in choices {
            if roll < weight {
                return choice;
            }
            roll -= weight;
        }
        choices[choices.len() - 1].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers_and_streams_differ() {
        let first: Vec<u64> = (0..5).map(|_| Rng::stream(7, Part::Patient, 3).next_u64()).collect();
        assert!(first.windows(2).all(|pair| pair[0] == pair[1]));
        assert_ne!(Rng::stream(7, Part::Patient, 3).next_u64(), Rng::stream(7, Part::Patient, 4).next_u64());
        assert_ne!(Rng::stream(7, Part::Patient, 3).next_u64(), Rng::stream(8, Part::Patient, 3).next_u64());
        assert_ne!(Rng::stream(7, Part::Patient, 3).next_u64(), Rng::stream(7, Part::Referral, 3).next_u64());
    }

    #[test]
    fn ranges_stay_inside_their_bounds_and_reach_both_ends() {
        let mut rng = Rng::new(1);
        let draws: Vec<i64> = (0..2_000).map(|_| rng.between(-3, 3)).collect();
        assert!(draws.iter().all(|d| (-3..=3).contains(d)));
        assert!(draws.contains(&-3) && draws.contains(&3));
        assert_eq!(rng.between(5, 2), 5);
        let heads = (0..10_000).filter(|_| rng.chance(0.25)).count();
        assert!((2_200..2_800).contains(&heads), "chance(0.25) gave {heads} in 10,000");
    }
}
