//! Generated names as Kubernetes makes them: pod-template hashes and random suffixes from the seeded RNG.

use rand_core::RngCore;

/// The alphabet Kubernetes draws generated names from: no vowels, no look-alike characters.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.String(n)` of apimachinery: `n` characters from [`ALPHANUMS`], five random bits per character, rejecting
/// values past the alphabet's end.
pub fn random_suffix(rng: &mut impl RngCore, n: usize) -> String {
    let mut out = String::with_capacity(n);
    while out.len() < n {
        let mut bits = rng.next_u64();
        for _ in 0..12 {
            let index = (bits & 0x1f) as usize;
            bits >>= 5;
            if index < ALPHANUMS.len() {
                out.push(char::from(ALPHANUMS[index]));
                if out.len() == n {
                    break;
                }
            }
        }
    }
    out
}

/// The longest base the API server's name generator keeps (63 characters for a name, less 5 random ones).
const MAX_GENERATED_BASE: usize = 58;

/// A `generateName` name as the API server's `SimpleNameGenerator` makes it: the base cut to 58 characters, then 5
/// random characters, so a pod of a long-named ReplicaSet still has a name of at most 63.
pub fn generated(base: &str, rng: &mut impl RngCore) -> String {
    let cut = base
        .char_indices()
        .nth(MAX_GENERATED_BASE)
        .map_or(base, |(at, _)| &base[..at]);
    format!("{cut}{}", random_suffix(rng, 5))
}

/// `rand.SafeEncodeString`: maps each byte onto [`ALPHANUMS`] so hashes never spell words.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| char::from(ALPHANUMS[usize::from(b) % ALPHANUMS.len()]))
        .collect()
}

/// FNV-1a, 32 bits: the hash the Deployment controller applies to a pod template.
pub fn fnv32a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The `pod-template-hash` label value of a template, given its canonical serialisation.
pub fn pod_template_hash(canonical: &str) -> String {
    safe_encode(&fnv32a(canonical.as_bytes()).to_string())
}

/// A version-4 UUID drawn from the seeded RNG.
pub fn uuid(rng: &mut impl RngCore) -> String {
    let mut b = [0u8; 16];
    rng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_core::SeedableRng;

    #[test]
    fn suffixes_use_the_kubernetes_alphabet() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..100 {
            let s = random_suffix(&mut rng, 5);
            assert_eq!(s.len(), 5);
            assert!(s.bytes().all(|b| ALPHANUMS.contains(&b)), "{s}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_names() {
        let a = random_suffix(&mut ChaCha8Rng::seed_from_u64(1), 5);
        let b = random_suffix(&mut ChaCha8Rng::seed_from_u64(1), 5);
        assert_eq!(a, b);
    }

    #[test]
    fn fnv_matches_the_reference_vectors() {
        assert_eq!(fnv32a(b""), 0x811c_9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c_292c);
        assert_eq!(fnv32a(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn template_hashes_look_like_kubernetes_ones() {
        let hash = pod_template_hash("{\"labels\":{\"app\":\"nginx\"}}");
        assert!((6..=10).contains(&hash.len()), "{hash}");
        assert!(hash.bytes().all(|b| ALPHANUMS.contains(&b)));
    }
}
