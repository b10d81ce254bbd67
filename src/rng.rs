//! The per-instance random number generator of the state machines.
//!
//! Identifiers a gateway invents (Call-IDs, tags, branches, stanza ids)
//! come from a generator seeded by the caller, never from a global or
//! operating-system source: the same seed and the same inputs give the
//! same outputs, which makes every exchange reproducible in tests. The
//! embedder seeds each instance from a real entropy source in production
//! (RFC 3261 §19.3 wants at least 32 random bits in a tag, and Call-IDs
//! and branches that do not repeat).
//!
//! The generator is xoshiro256** (Blackman and Vigna), a small,
//! well-studied non-cryptographic generator; identifiers need to be
//! unique and unguessable enough for SIP, not secret.

/// xoshiro256** seeded with 32 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator from a 32-byte seed. The seed's four words are run
    /// through SplitMix64 (as the xoshiro authors recommend), so that
    /// simple seeds (all bytes equal, mostly zero) still give a
    /// well-mixed state; the all-zero state, which xoshiro cannot leave,
    /// cannot result.
    pub(crate) fn new(seed: [u8; 32]) -> Self {
        let mut s = [0u64; 4];
        let mut x = 0u64;
        for (i, chunk) in seed.chunks_exact(8).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            x ^= u64::from_le_bytes(b);
            s[i] = splitmix64(&mut x);
        }
        Rng { s }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// `n` lower-case hexadecimal digits (4 bits of randomness each).
    pub(crate) fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(n);
        let mut bits = 0u64;
        for i in 0..n {
            if i % 16 == 0 {
                bits = self.next_u64();
            }
            out.push(HEX[(bits & 15) as usize] as char);
            bits >>= 4;
        }
        out
    }

    /// A SIP tag: 16 hex digits (64 bits, RFC 3261 §19.3 asks for 32).
    pub(crate) fn tag(&mut self) -> String {
        self.hex(16)
    }

    /// A Via branch: the RFC 3261 magic cookie and 64 random bits.
    pub(crate) fn branch(&mut self) -> String {
        format!("z9hG4bK{}", self.hex(16))
    }

    /// A Call-ID: 128 random bits, then `@` and the gateway's host.
    pub(crate) fn call_id(&mut self, host: &str) -> String {
        format!("{}@{host}", self.hex(32))
    }
}

/// One SplitMix64 step (Steele, Lea and Flood).
fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_distinct() {
        let mut a = Rng::new([7; 32]);
        let mut b = Rng::new([7; 32]);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        let mut sorted = xs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
        let mut c = Rng::new([8; 32]);
        assert_ne!(c.next_u64(), xs[0]);
        let mut z = Rng::new([0; 32]);
        assert_ne!(z.next_u64(), z.next_u64());
    }

    #[test]
    fn identifier_shapes() {
        let mut r = Rng::new([1; 32]);
        let t = r.tag();
        assert_eq!(t.len(), 16);
        assert!(t.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(r.branch().starts_with("z9hG4bK"));
        let c = r.call_id("gw.example.com");
        assert!(c.ends_with("@gw.example.com") && c.len() == 32 + 15);
    }
}
