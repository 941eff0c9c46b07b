//! Turning bytes read from files into `String`s, checked once.
//!
//! The loader checks gigabytes this way at a library's size (the claims,
//! the texts and their folded forms), so the check is `simdutf8`'s, with
//! the standard library's only to say where bytes that are not UTF-8 start.
//! Invariant: a `String` is made only from bytes one of the two has found
//! to be UTF-8.

#![allow(unsafe_code)]

/// `bytes` as a `String` when they are UTF-8; otherwise the standard
/// library's error, which says where the first bad byte is.
pub fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just found `bytes` to be UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The check agrees with the standard library's on any bytes.
        #[test]
        fn bytes_are_utf8_exactly_when_the_standard_library_says_so(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            text in "\\PC{0,20}",
        ) {
            for bytes in [bytes, text.into_bytes()] {
                let std = String::from_utf8(bytes.clone());
                match (utf8(bytes), std) {
                    (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                    (Err(a), Err(b)) => proptest::prop_assert_eq!(a.utf8_error(), b.utf8_error()),
                    (a, b) => proptest::prop_assert!(false, "{:?} against {:?}", a, b),
                }
            }
        }
    }
}
