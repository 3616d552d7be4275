//! Property tests for the hybrid logical clock: whatever the wall clocks do (jump back, stand still, run an hour
//! fast on another device), every stamp a device makes is later than its previous one and than every stamp it
//! has seen, and the stored text sorts as the stamps do.

use pathdesk_core::tasks::hlc::Hlc;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Event {
    /// A local edit with the wall clock reading this.
    Edit(u64),
    /// A stamp arrives from another device.
    Receive { remote_wall: u64, remote_counter: u32, now: u64 },
}

fn event() -> impl Strategy<Value = Event> {
    // Walls within a small window so that equal walls (and counters) are common.
    prop_oneof![
        (0..50u64).prop_map(Event::Edit),
        (0..60u64, 0..5u32, 0..50u64).prop_map(|(remote_wall, remote_counter, now)| Event::Receive {
            remote_wall,
            remote_counter,
            now
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn stamps_only_grow_and_come_after_what_was_seen(events in prop::collection::vec(event(), 1..60)) {
        let mut clock = Hlc::start("a");
        for event in events {
            let next = match &event {
                Event::Edit(now) => {
                    let next = clock.tick(*now);
                    prop_assert!(next.wall_ms >= *now);
                    next
                }
                Event::Receive { remote_wall, remote_counter, now } => {
                    let remote = Hlc { wall_ms: *remote_wall, counter: *remote_counter, node: "b".into() };
                    let next = clock.receive(&remote, *now);
                    prop_assert!(next > remote, "{next} not after remote {remote}");
                    prop_assert!(next.wall_ms >= *now);
                    next
                }
            };
            prop_assert!(next > clock, "{next} not after {clock} on {event:?}");
            prop_assert!(next.to_string() > clock.to_string());
            prop_assert_eq!(&next.node, "a");
            clock = next;
        }
    }

    #[test]
    fn text_order_is_stamp_order(a in (any::<u64>(), any::<u32>(), "[a-z0-9-]{1,8}"), b in (any::<u64>(), any::<u32>(), "[a-z0-9-]{1,8}")) {
        let a = Hlc { wall_ms: a.0, counter: a.1, node: a.2 };
        let b = Hlc { wall_ms: b.0, counter: b.1, node: b.2 };
        prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        prop_assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
    }
}
