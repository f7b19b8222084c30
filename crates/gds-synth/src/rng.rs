//! Random streams: one ChaCha8 generator per (seed, year, commune, dataset, chunk), so the
//! output does not depend on the number of threads or on the order work is scheduled in.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The independent streams of the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// Census persons.
    Persons = 1,
    /// Labour force survey sample and answers.
    LabourForce = 2,
    /// Births.
    Births = 3,
    /// Deaths.
    Deaths = 4,
    /// Marriages.
    Marriages = 5,
    /// Leaders (the roster is followed over the years).
    Leaders = 6,
    /// Council deputies.
    Council = 7,
    /// Party committee members.
    Party = 8,
    /// Enterprises (the pool is followed over the years).
    Enterprises = 9,
    /// Gender-based violence cases.
    Gbv = 10,
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of one stream. `commune` is the commune index + 1 (0 = district-wide);
/// `year` is 0 for streams that span years.
pub fn stream(seed: u64, year: i32, commune: usize, which: Stream, chunk: u64) -> ChaCha8Rng {
    let mut h = splitmix(seed);
    for v in [year as i64 as u64, commune as u64, which as u64, chunk] {
        h = splitmix(h ^ splitmix(v));
    }
    let mut key = [0u8; 32];
    for (i, part) in key.chunks_mut(8).enumerate() {
        h = splitmix(h ^ (i as u64));
        part.copy_from_slice(&h.to_le_bytes());
    }
    ChaCha8Rng::from_seed(key)
}
