//! A column of positions in a table of distinct values (a claim's date or
//! note), or [`NONE`] for none.
//!
//! Invariant: two bytes a position while every position fits in 16 bits
//! (a library's claims share a few thousand dates), four from the first
//! that does not; [`Narrow::get`] answers the same either way. Widening
//! copies the column once.

use crate::base::memory::prefetch;

/// Marks an absent date or note.
pub const NONE: u32 = u32::MAX;

/// A column of positions in a table of distinct values (dates, notes), or
/// [`NONE`]: two bytes each while every position fits in 16 bits, as when
/// a library's claims share a few thousand dates; four from the first
/// that does not.
#[derive(Debug, Clone)]
pub enum Narrow {
    Short(Vec<u16>),
    Wide(Vec<u32>),
}

/// [`NONE`] in a [`Narrow::Short`] column.
const SHORT_NONE: u16 = u16::MAX;

impl Default for Narrow {
    fn default() -> Self {
        Narrow::Short(Vec::new())
    }
}

impl Narrow {
    pub fn prefetch(&self, i: usize) {
        match self {
            Narrow::Short(column) => prefetch(column.as_ptr().wrapping_add(i)),
            Narrow::Wide(column) => prefetch(column.as_ptr().wrapping_add(i)),
        }
    }

    pub fn push(&mut self, at: u32) {
        match self {
            Narrow::Short(column) if at == NONE => column.push(SHORT_NONE),
            Narrow::Short(column) => match u16::try_from(at).ok().filter(|&a| a != SHORT_NONE) {
                Some(short) => column.push(short),
                None => {
                    let mut wide: Vec<u32> = column.iter().map(|&a| widen(a)).collect();
                    wide.push(at);
                    *self = Narrow::Wide(wide);
                }
            },
            Narrow::Wide(column) => column.push(at),
        }
    }

    pub fn get(&self, i: usize) -> u32 {
        match self {
            Narrow::Short(column) => widen(column[i]),
            Narrow::Wide(column) => column[i],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    pub fn len(&self) -> usize {
        match self {
            Narrow::Short(column) => column.len(),
            Narrow::Wide(column) => column.len(),
        }
    }

    pub fn shrink_to_fit(&mut self) {
        match self {
            Narrow::Short(column) => column.shrink_to_fit(),
            Narrow::Wide(column) => column.shrink_to_fit(),
        }
    }

    pub fn heap_bytes(&self) -> usize {
        match self {
            Narrow::Short(column) => column.capacity() * 2,
            Narrow::Wide(column) => column.capacity() * 4,
        }
    }
}

/// A position read from a [`Narrow::Short`] column.
fn widen(at: u16) -> u32 {
    if at == SHORT_NONE {
        NONE
    } else {
        u32::from(at)
    }
}

/// A date's or note's position in the table it is appended to, from its
/// position in its part.
pub fn remap(positions: &[u32], at: u32) -> u32 {
    if at == NONE {
        NONE
    } else {
        positions[at as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_column_widens_at_the_first_position_past_16_bits() {
        let values = [
            0,
            NONE,
            7,
            u32::from(SHORT_NONE) - 1,
            u32::from(SHORT_NONE),
            1 << 20,
            NONE,
            3,
        ];
        let mut column = Narrow::default();
        for (i, &v) in values.iter().enumerate() {
            column.push(v);
            let short = matches!(column, Narrow::Short(_));
            assert_eq!(short, i < 4, "after {i} values");
        }
        assert_eq!(column.iter().collect::<Vec<_>>(), values);
    }
}
