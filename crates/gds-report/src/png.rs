//! Just enough of PNG: the image size from the IHDR chunk, and base64 for `data:` URLs.

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Width and height in pixels, read from the IHDR chunk (PNG spec §11.2.2: the first chunk,
/// length 13, width and height as big-endian u32, both non-zero).
pub(crate) fn dimensions(png: &[u8]) -> Result<(u32, u32), String> {
    if png.len() < 24 {
        return Err(format!("{} bytes is too short for a PNG header", png.len()));
    }
    if png[..8] != SIGNATURE {
        return Err("the PNG signature is missing".into());
    }
    if &png[12..16] != b"IHDR" {
        return Err("the first chunk is not IHDR".into());
    }
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    let (w, h) = (be(16), be(20));
    if w == 0 || h == 0 {
        return Err(format!("the image is {w}×{h} pixels"));
    }
    Ok((w, h))
}

/// Standard base64 with padding (RFC 4648 §4).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn dimensions_come_from_ihdr() {
        let mut png = SIGNATURE.to_vec();
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&800u32.to_be_bytes());
        png.extend_from_slice(&500u32.to_be_bytes());
        assert_eq!(dimensions(&png), Ok((800, 500)));
        assert!(dimensions(b"GIF89a").is_err());
        png[19] = 0;
        png[18] = 0;
        png[17] = 0;
        png[16] = 0;
        assert!(dimensions(&png).unwrap_err().contains("0×500"));
    }
}
