//! Sorting lists with one copy of the sorting code. Each call's comparison is passed on as a trait object, so the
//! sort itself is compiled once instead of once per list and key: with forty such sorts that was about 125 KB of
//! the browser app before optimisation. Hot paths over tens of thousands of rows (the PTL, the team's worklists)
//! keep their own sorts.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in the order they were in (a stable sort).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = stable_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| taken[index].take()));
}

/// Sorts `items` by the key `key` gives each, keeping items with equal keys in the order they were in.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in sorted order: the only instance of the standard library's sort behind this module.
#[inline(never)]
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut items, |item| item.0);
        assert_eq!(items, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        sort_by(&mut items, |a, b| b.1.cmp(&a.1));
        assert_eq!(items.iter().map(|i| i.1).collect::<String>(), "edcba");
    }

    #[test]
    fn empty_and_single_lists_are_left_alone() {
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
        let mut one = vec![String::from("only")];
        sort_by_key(&mut one, |s| s.clone());
        assert_eq!(one, vec!["only"]);
    }
}
