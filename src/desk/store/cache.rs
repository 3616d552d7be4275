//! The records this page has read whole, kept in memory so that a screen opened again, or read again after one
//! record changed, does not read and decode tens of thousands of records from IndexedDB (about 2.5 s for a
//! 40,000-patient trust's pathways, patients and appointments).
//!
//! The cache belongs to one open [`super::Store`] (one person's database), so one person's records never show to
//! another. It holds a kind only whole and only as committed:
//! - a read of every record of a kind ([`super::records::all`]) fills it, unless a transaction that wrote that kind
//!   committed while the read was under way (each kind's *generation* counts those commits): then the read is used
//!   once and not kept;
//! - every committed write transaction applies the records it put and deleted (always noted, whether the kind is
//!   held or not, so the order in which a read and a write finish never matters);
//! - another tab's change drops the kinds it names ([`RecordCache::forget`]): they are read again when next asked.
//!
//! Each pathway also keeps its clocks as of a date, worked out once from exactly that record (see
//! [`RecordCache::clocks`]): a record replaced by a write starts without them, so only pathways whose events
//! changed are evaluated again.

use std::any::Any;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use chrono::NaiveDate;
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::record::{Record, RecordKey, RecordKind};

use super::StoreNames;

/// One write a transaction made to a record store, applied to the cache once it has committed.
#[derive(Debug, Clone)]
pub enum Change {
    Put(Box<Record>),
    Delete(RecordKey),
    Clear(RecordKind),
}

/// A record held in memory, with what has been worked out from it.
#[derive(Debug)]
struct Entry {
    record: Record,
    /// A pathway's clocks and the date they were worked out for.
    clocks: Cell<Option<(NaiveDate, PathwayClocks)>>,
}

impl Entry {
    fn new(record: Record) -> Entry {
        Entry { record, clocks: Cell::new(None) }
    }

    /// A pathway's clocks on `as_of`, worked out once for that date.
    fn clocks_on(&self, as_of: NaiveDate) -> PathwayClocks {
        let Record::Pathway(pathway) = &self.record else {
            return PathwayClocks::compute(&[], false, as_of);
        };
        match self.clocks.get() {
            Some((date, clocks)) if date == as_of => clocks,
            _ => {
                let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, as_of);
                self.clocks.set(Some((as_of, clocks)));
                clocks
            }
        }
    }
}

/// What a derived value was worked out from: the date and the generation of each kind it read. A write to any of
/// those kinds, or a new day, gives another stamp, and the value is worked out again.
pub type Stamp = (NaiveDate, Vec<u64>);

/// The kinds held whole, in key order (as IndexedDB returns them), each kind's count of committed writes, and
/// values worked out from them (a list built once, kept while what it was built from stays the same).
#[derive(Default)]
pub struct RecordCache {
    held: HashMap<RecordKind, BTreeMap<String, Entry>>,
    generations: HashMap<RecordKind, u64>,
    worked_out: HashMap<&'static str, (Stamp, Rc<dyn Any>)>,
}

impl std::fmt::Debug for RecordCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordCache").field("held", &self.held.keys().collect::<Vec<_>>()).finish()
    }
}

impl RecordCache {
    /// How many committed transactions have written `kind`: a read records it before it starts.
    pub fn generation(&self, kind: RecordKind) -> u64 {
        self.generations.get(&kind).copied().unwrap_or(0)
    }

    /// The stamp of a value worked out on `as_of` from the records of `kinds` as they are now.
    pub fn stamp(&self, kinds: &[RecordKind], as_of: NaiveDate) -> Stamp {
        (as_of, kinds.iter().map(|kind| self.generation(*kind)).collect())
    }

    /// The value kept as `name`, if it was worked out with this stamp.
    pub fn worked_out<T: Clone + 'static>(&self, name: &str, stamp: &Stamp) -> Option<T> {
        let (kept, value) = self.worked_out.get(name)?;
        (kept == stamp).then(|| value.downcast_ref::<T>().cloned()).flatten()
    }

    /// Keep `value` as `name`, worked out with `stamp` (taken before the records were read).
    pub fn keep_worked_out<T: 'static>(&mut self, name: &'static str, stamp: Stamp, value: T) {
        self.worked_out.insert(name, (stamp, Rc::new(value)));
    }

    pub fn holds(&self, kind: RecordKind) -> bool {
        self.held.contains_key(&kind)
    }

    /// Every held record of `kind`, in key order (`None` when the kind is not held).
    pub fn all(&self, kind: RecordKind) -> Option<Vec<Record>> {
        self.held.get(&kind).map(|records| records.values().map(|entry| entry.record.clone()).collect())
    }

    /// Keep `records`, every record of `kind` as read by a read that started at `generation`. Returns false (and
    /// keeps nothing) when a write to that kind committed since: the read may have missed it.
    pub fn install(&mut self, kind: RecordKind, generation: u64, records: &[Record]) -> bool {
        if self.generation(kind) != generation {
            return false;
        }
        // Inserted one by one rather than collected: collecting into a map sorts first, more code for the app to
        // carry, and IndexedDB gives them in key order anyway.
        let mut entries = BTreeMap::new();
        for record in records {
            entries.insert(record.key().id, Entry::new(record.clone()));
        }
        self.held.insert(kind, entries);
        true
    }

    /// A write transaction committed: it wrote the stores `written`, with these `changes` to records.
    pub fn committed(&mut self, written: &StoreNames, changes: Vec<Change>) {
        for kind in RecordKind::ALL {
            if written.contains(kind.as_str()) {
                *self.generations.entry(kind).or_default() += 1;
            }
        }
        for change in changes {
            match change {
                Change::Put(record) => {
                    let key = record.key();
                    if let Some(records) = self.held.get_mut(&key.kind) {
                        records.insert(key.id, Entry::new(*record));
                    }
                }
                Change::Delete(key) => {
                    if let Some(records) = self.held.get_mut(&key.kind) {
                        records.remove(&key.id);
                    }
                }
                Change::Clear(kind) => {
                    if let Some(records) = self.held.get_mut(&kind) {
                        records.clear();
                    }
                }
            }
        }
    }

    /// Another tab changed these stores: drop the kinds among them, to be read again when next asked.
    pub fn forget(&mut self, changed: &StoreNames) {
        for kind in RecordKind::ALL {
            if changed.contains(kind.as_str()) {
                self.held.remove(&kind);
                *self.generations.entry(kind).or_default() += 1;
            }
        }
    }

    /// Forget every kind held (another page wrote records, and which is not known).
    pub fn forget_all(&mut self) {
        let held: StoreNames = self.held.keys().map(|kind| kind.as_str()).collect();
        self.forget(&held);
    }

    /// Every held pathway with its clocks on `as_of`, in key order: worked out only for pathways not evaluated for
    /// that date since they were last written. `None` when pathways are not held.
    pub fn pathways_with_clocks(
        &self,
        as_of: NaiveDate,
    ) -> Option<Vec<(pathdesk_core::model::Pathway, PathwayClocks)>> {
        let records = self.held.get(&RecordKind::Pathway)?;
        Some(
            records
                .values()
                .filter_map(|entry| match &entry.record {
                    Record::Pathway(pathway) => Some((pathway.clone(), entry.clocks_on(as_of))),
                    _ => None,
                })
                .collect(),
        )
    }

    /// Work out the clocks on `as_of` of every held pathway that has none for that date yet.
    pub fn work_out_clocks(&self, as_of: NaiveDate) {
        if let Some(records) = self.held.get(&RecordKind::Pathway) {
            for entry in records.values() {
                entry.clocks_on(as_of);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pathdesk_core::model::Specialty;

    impl RecordCache {
        /// How many pathways hold clocks worked out for `as_of` (for tests: which were evaluated again).
        pub fn clocks_held_for(&self, as_of: NaiveDate) -> usize {
            self.held
                .get(&RecordKind::Pathway)
                .map(|records| records.values().filter(|e| e.clocks.get().is_some_and(|(d, _)| d == as_of)).count())
                .unwrap_or(0)
        }
    }

    fn specialty(id: &str, name: &str) -> Record {
        Record::Specialty(Specialty { id: id.into(), code: "101".into(), name: name.into() })
    }

    fn pathway(id: &str, referred: &str) -> Record {
        serde_json::from_str(&format!(
            r#"{{"kind":"pathway","id":"{id}","patient_id":"p-{id}","specialty_id":"s1","consultant_id":"c1",
                "priority":"routine","source":"gp","events":[{{"date":"{referred}","type":"referral_received","source":"gp"}}]}}"#
        ))
        .expect("a pathway record")
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn names(cache: &RecordCache) -> Option<Vec<String>> {
        cache.all(RecordKind::Specialty).map(|records| {
            records
                .into_iter()
                .filter_map(|r| match r {
                    Record::Specialty(s) => Some(s.name),
                    _ => None,
                })
                .collect()
        })
    }

    fn written(kind: RecordKind) -> StoreNames {
        [kind.as_str()].into_iter().collect()
    }

    #[test]
    fn a_read_that_a_write_overtook_is_not_kept() {
        let mut cache = RecordCache::default();
        let started = cache.generation(RecordKind::Specialty);
        cache.committed(&written(RecordKind::Specialty), vec![Change::Put(Box::new(specialty("s1", "Urology")))]);
        assert!(!cache.install(RecordKind::Specialty, started, &[]));
        assert_eq!(names(&cache), None);
        let started = cache.generation(RecordKind::Specialty);
        assert!(cache.install(RecordKind::Specialty, started, &[specialty("s1", "Urology")]));
        assert_eq!(names(&cache), Some(vec!["Urology".to_string()]));
    }

    #[test]
    fn committed_writes_follow_into_held_kinds_and_another_tabs_changes_drop_them() {
        let mut cache = RecordCache::default();
        cache.install(RecordKind::Specialty, 0, &[specialty("s2", "Breast"), specialty("s1", "Urology")]);
        assert_eq!(names(&cache), Some(vec!["Urology".to_string(), "Breast".to_string()]), "key order");
        cache.committed(
            &written(RecordKind::Specialty),
            vec![
                Change::Put(Box::new(specialty("s1", "Urology (adult)"))),
                Change::Delete(RecordKey::new(RecordKind::Specialty, "s2")),
                Change::Put(Box::new(specialty("s3", "Colorectal"))),
            ],
        );
        assert_eq!(names(&cache), Some(vec!["Urology (adult)".to_string(), "Colorectal".to_string()]));
        cache.committed(&written(RecordKind::Specialty), vec![Change::Clear(RecordKind::Specialty)]);
        assert_eq!(names(&cache), Some(vec![]));
        cache.forget(&written(RecordKind::Specialty));
        assert_eq!(names(&cache), None);
    }

    #[test]
    fn clocks_are_worked_out_again_only_for_pathways_written_since_and_on_a_new_day() {
        let mut cache = RecordCache::default();
        cache.install(RecordKind::Pathway, 0, &[pathway("a", "2026-10-01"), pathway("b", "2026-11-01")]);
        let monday = day("2026-12-07");
        let first = cache.pathways_with_clocks(monday).expect("pathways held");
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].1, PathwayClocks::compute(&first[0].0.events, false, monday));
        assert_eq!(cache.clocks_held_for(monday), 2);
        cache.committed(&written(RecordKind::Pathway), vec![Change::Put(Box::new(pathway("b", "2026-11-15")))]);
        assert_eq!(cache.clocks_held_for(monday), 1, "the pathway written since has no clocks kept");
        let again = cache.pathways_with_clocks(monday).expect("pathways held");
        assert_eq!(again[1].1, PathwayClocks::compute(&again[1].0.events, false, monday), "from the new events");
        assert_ne!(again[1].1, first[1].1);
        let tuesday = day("2026-12-08");
        let next_day = cache.pathways_with_clocks(tuesday).expect("pathways held");
        assert_eq!(next_day[0].1, PathwayClocks::compute(&next_day[0].0.events, false, tuesday));
        assert_eq!(cache.clocks_held_for(tuesday), 2);
    }

    #[test]
    fn a_value_worked_out_is_kept_until_a_kind_it_read_is_written_or_the_day_changes() {
        let mut cache = RecordCache::default();
        let kinds = [RecordKind::Pathway, RecordKind::Patient];
        let monday = day("2026-12-07");
        let stamp = cache.stamp(&kinds, monday);
        cache.keep_worked_out("list", stamp.clone(), 42_u32);
        assert_eq!(cache.worked_out::<u32>("list", &cache.stamp(&kinds, monday)), Some(42));
        assert_eq!(cache.worked_out::<u32>("list", &cache.stamp(&kinds, day("2026-12-08"))), None, "a new day");
        cache.committed(&written(RecordKind::Specialty), vec![]);
        assert_eq!(cache.worked_out::<u32>("list", &cache.stamp(&kinds, monday)), Some(42), "a kind it did not read");
        cache.committed(&written(RecordKind::Patient), vec![]);
        assert_eq!(cache.worked_out::<u32>("list", &cache.stamp(&kinds, monday)), None, "a kind it read");
        assert_eq!(cache.worked_out::<String>("list", &stamp), None, "asked as another type");
    }
}
