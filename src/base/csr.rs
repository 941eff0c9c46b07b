//! Compressed sparse rows: many short lists (an entity's claims, the claims
//! it makes, its mentions) kept as one array of items and one array of where
//! each row starts, instead of a `Vec` a row.
//!
//! Row `r`'s items are `items[first[r]..first[r + 1]]`; `first` has one more
//! entry than there are rows, starts at 0 and never decreases. Rows are laid
//! out in two passes: count each row's items, then place each item at its
//! row's next free place ([`Cursors`]), so that items keep, within a row,
//! the order they were given in. Positions are `u32`: the loader keeps the
//! items of every table below 2³² (claims below 2³¹, two incidences each).
//!
//! Cost: O(rows + items) time, 8 bytes a row while laying out and 4 after.

/// Where the next item of each row goes, while the rows are filled.
#[derive(Debug)]
pub struct Cursors {
    first: Vec<u32>,
    next: Vec<u32>,
}

impl Cursors {
    /// Cursors for rows of the given sizes, `counts[r + 1]` items for row
    /// `r` (`counts[0]` is 0), summed in place into where each row starts.
    pub fn from_counts(mut counts: Vec<u32>) -> Cursors {
        debug_assert_eq!(counts.first().copied(), Some(0), "counts start at 0");
        for r in 1..counts.len() {
            counts[r] += counts[r - 1];
        }
        let rows = counts.len() - 1;
        Cursors {
            next: counts[..rows].to_vec(),
            first: counts,
        }
    }

    /// Where each row starts, and the end of the last.
    pub fn first(&self) -> &[u32] {
        &self.first
    }

    /// The place of row `r`'s next item, which is then taken.
    #[inline]
    pub fn place(&mut self, r: usize) -> usize {
        let at = self.next[r];
        debug_assert!(
            at < self.first[r + 1],
            "row {r} given more items than counted"
        );
        self.next[r] += 1;
        at as usize
    }

    /// Where each row starts, once every row is full.
    pub fn finish(self) -> Vec<u32> {
        debug_assert!(
            self.next
                .iter()
                .zip(&self.first[1..])
                .all(|(n, end)| n == end),
            "a row was given fewer items than counted"
        );
        self.first
    }
}

/// The rows of `items` (each its row and itself) among `rows` rows, each
/// row's items in the order given: `(first, items)`. `items` is walked
/// twice, to count and to place; `blank` fills the array before.
pub fn rows_of<T: Copy>(
    rows: usize,
    blank: T,
    items: impl Iterator<Item = (usize, T)> + Clone,
) -> (Vec<u32>, Vec<T>) {
    let mut counts = vec![0u32; rows + 1];
    for (r, _) in items.clone() {
        counts[r + 1] += 1;
    }
    let mut cursors = Cursors::from_counts(counts);
    let mut laid = vec![blank; cursors.first()[rows] as usize];
    for (r, item) in items {
        laid[cursors.place(r)] = item;
    }
    (cursors.finish(), laid)
}

/// The rows at which to cut compressed sparse rows `first` into about
/// `parts` parts holding about as many items each, to work on them in
/// parallel: ascending, from 0, without the end.
pub fn row_parts(first: &[u32], parts: usize) -> Vec<usize> {
    let rows = first.len() - 1;
    let total = first[rows] as usize;
    let per_part = total.div_ceil(parts.max(1)).max(1);
    let mut cuts = vec![0];
    for (r, &start) in first.iter().enumerate().take(rows).skip(1) {
        if start as usize >= cuts.len() * per_part {
            cuts.push(r);
        }
    }
    cuts
}

/// `items` cut at each of `cuts` (ascending, the first 0) into consecutive
/// slices, the last running to the end.
pub fn split_at<'a, T>(mut items: &'a mut [T], cuts: &[usize]) -> Vec<&'a mut [T]> {
    debug_assert!(
        cuts.first() == Some(&0) && cuts.is_sorted(),
        "cuts ascend from 0"
    );
    let mut parts = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (part, rest) = items.split_at_mut(w[1] - w[0]);
        parts.push(part);
        items = rest;
    }
    parts.push(items);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Laid out in rows, the items are what grouping them by row in the
        /// order given holds.
        #[test]
        fn rows_hold_each_rows_items_in_the_order_given(
            rows in 0usize..20,
            items in proptest::collection::vec((0usize..20, proptest::num::u16::ANY), 0..100),
        ) {
            let items: Vec<(usize, u16)> = items.into_iter().filter(|&(r, _)| r < rows).collect();
            let (first, laid) = rows_of(rows, 0, items.iter().copied());
            proptest::prop_assert_eq!(first.len(), rows + 1);
            for r in 0..rows {
                let expected: Vec<u16> = items.iter().filter(|i| i.0 == r).map(|i| i.1).collect();
                proptest::prop_assert_eq!(&laid[first[r] as usize..first[r + 1] as usize], expected.as_slice());
            }
        }

        /// The parts cover every row once, in order, and split the items
        /// where the cuts say.
        #[test]
        fn parts_cut_the_rows_in_order(
            sizes in proptest::collection::vec(0u32..30, 1..40),
            parts in 0usize..10,
        ) {
            let mut first = vec![0];
            for s in &sizes {
                first.push(first.last().copied().unwrap_or(0) + s);
            }
            let cuts = row_parts(&first, parts);
            proptest::prop_assert_eq!(cuts[0], 0);
            proptest::prop_assert!(cuts.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert!(cuts.len() <= parts.max(1) + 1);
            let at: Vec<usize> = cuts.iter().map(|&r| first[r] as usize).collect();
            let mut items: Vec<u32> = (0..first[sizes.len()]).collect();
            let expected = items.clone();
            let split = split_at(&mut items, &at);
            proptest::prop_assert_eq!(split.len(), cuts.len());
            let joined: Vec<u32> = split.into_iter().flat_map(|p| p.iter().copied()).collect();
            proptest::prop_assert_eq!(joined, expected);
        }
    }
}
