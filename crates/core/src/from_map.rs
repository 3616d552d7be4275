//! `Deserialize` for plain structs read only from a JSON object, field by field: what the app's outbox and
//! problems hold for every command kind. serde's derive also writes a reader for arrays and matches field names
//! for every data format, and for the 26 command kinds that was the largest function in the app; this reads the
//! same JSON (unknown fields ignored, missing ones named) in well under half the code.
//!
//! `from_map!(BookAppointment { appointment_id, patient_accepted_earlier_date = default, ... })`: every field,
//! `= default` on those that may be absent (the derive's `#[serde(default)]`). Serialization stays derived.

/// The value read for a required field, or serde's "missing field" error naming it.
pub fn required<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

macro_rules! from_map {
    (@take $value:ident $field:ident default) => {
        $value.unwrap_or_default()
    };
    (@take $value:ident $field:ident) => {
        $crate::from_map::required($value, stringify!($field))?
    };
    ($name:ident { $($field:ident $(= $default:ident)?),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("an object of the fields of ", stringify!($name)))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $( let mut $field = None; )*
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $( stringify!($field) => $field = Some(map.next_value()?), )*
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($name { $( $field: from_map!(@take $field $field $($default)?), )* })
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }
    };
}

pub(crate) use from_map;
