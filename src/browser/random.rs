//! Random numbers from the browser: ids for feedback answers, and the jitter
//! of the feedback queue's retries.

/// 16 bytes from the browser's secure random source.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // Only very old browsers lack crypto; Math.random is still unique enough here.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// A number in `0..2^53` from `Math.random`: enough to spread retries apart.
pub fn random_u64() -> u64 {
    (js_sys::Math::random() * (1u64 << 53) as f64) as u64
}
