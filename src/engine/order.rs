//! Stable sorting through one instance of the standard library's sort.
//!
//! Each call of `slice::sort_by` with its own closure makes the compiler build the whole sort again (about 4 KB of
//! wasm each, 22 copies in the page). These sort the positions of the items with one shared comparator, a `&dyn Fn`,
//! and then move the items into that order: the same stable order as `sort_by`, with one sort in the binary.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` stably by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = items;
        let mut order: Vec<usize> = (0..items.len()).collect();
        sort_positions(&mut order, &|a, b| compare(&items[a], &items[b]));
        order
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` stably in their own order, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

/// Sorts `items` stably by the key `key` gives, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// A map of `pairs`, as `collect` makes it (of equal keys the last pair wins), built by inserting each pair:
/// collecting into a `BTreeMap` sorts the pairs first, with a copy of the sort for every call site.
pub fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// A set of `items`, as `collect` makes it, built by inserting each (see `map_from`).
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The one sort: positions by a comparator of positions. clippy.toml sends every other sort here.
#[allow(clippy::disallowed_methods)]
fn sort_positions(order: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_as_the_standard_sort_does() {
        let words = [
            "pear", "fig", "apple", "kiwi", "plum", "date", "lime", "", "yam", "fig",
        ];
        let mut ours: Vec<(usize, &str)> = words.iter().copied().enumerate().collect();
        let mut std = ours.clone();
        sort_by_key(&mut ours, |(_, w)| w.len());
        #[allow(clippy::disallowed_methods)]
        std.sort_by_key(|(_, w)| w.len());
        assert_eq!(ours, std);
        assert_eq!(ours[0], (7, ""));
        // Equal keys keep their order: fig (1), yam (8), fig (9).
        assert_eq!(&ours[1..4], &[(1, "fig"), (8, "yam"), (9, "fig")]);
    }

    #[test]
    fn maps_and_sets_are_what_collect_makes() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4)];
        assert_eq!(
            map_from(pairs),
            pairs.into_iter().collect::<BTreeMap<_, _>>()
        );
        assert_eq!(map_from(pairs)["b"], 3);
        let items = ["pear", "fig", "pear", "apple"];
        assert_eq!(set_from(items), items.into_iter().collect::<BTreeSet<_>>());
    }

    #[test]
    fn sorts_by_a_comparator_and_handles_empty_and_owned_items() {
        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, |a, b| a.cmp(b));
        assert!(empty.is_empty());
        let mut names: Vec<String> = ["b-2", "a-10", "b-1", "a-9"].map(String::from).to_vec();
        sort_by(&mut names, |a, b| b.cmp(a));
        assert_eq!(names, ["b-2", "b-1", "a-9", "a-10"]);
        sort(&mut names);
        assert_eq!(names, ["a-10", "a-9", "b-1", "b-2"]);
    }
}
