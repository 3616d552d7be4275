//! `Deserialize` for plain structs read only from a JSON object, field by field: what the app's outbox and
//! problems hold for every command kind. serde's derive also writes a reader for arrays and matches field names
//! for every data format, and for the 26 command kinds that was the largest function in the app; this reads the
//! same JSON (unknown fields ignored, missing ones named) in well under half the code.
//!
//! `from_map!(BookAppointment { appointment_id, patient_accepted_earlier_date = default, ... })`: every field,
//! `= default` on those that may be absent (the derive's `#[serde(default)]`), `= (function)` for
//! `#[serde(default = "function")]`, and `as "name"` for a field named otherwise on the wire. Serialization stays
//! derived (and keeps the same attributes).

/// The value read for a required field, or serde's "missing field" error naming it.
pub fn required<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

macro_rules! from_map {
    (@take $value:ident $key:expr, default) => {
        $value.unwrap_or_default()
    };
    (@take $value:ident $key:expr, ($function:path)) => {
        $value.unwrap_or_else($function)
    };
    (@take $value:ident $key:expr,) => {
        $crate::from_map::required($value, $key)?
    };
    (@key $field:ident) => {
        stringify!($field)
    };
    (@key $field:ident $key:literal) => {
        $key
    };
    ($name:ident { $($field:ident $(as $key:literal)? $(= $default:tt)?),* $(,)? }) => {
        impl $crate::from_map::FromFields for $name {
            fn from_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<$name, A::Error> {
                $( let mut $field = None; )*
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        $( $crate::from_map::from_map!(@key $field $($key)?) => $field = Some(map.next_value()?), )*
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok($name { $( $field: $crate::from_map::from_map!(@take $field $crate::from_map::from_map!(@key $field $($key)?), $($default)?), )* })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("an object of the fields of ", stringify!($name)))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        <$name as $crate::from_map::FromFields>::from_fields(map)
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }
    };
}

/// A struct `from_map!` reads, read from an object already being read (the rest of it, after a tag).
pub trait FromFields: Sized {
    fn from_fields<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// An enum written as one object holding its tag and its variant's fields (`{"kind": "patient", "id": ...}`), as
/// serde's internally tagged enums are. Read without serde's reader for those, which first copies the whole object
/// into a buffer of its own: `Record` and `Command` through it were among the largest code in the app.
pub trait Tagged: Sized + serde::de::DeserializeOwned {
    /// The tag's name (`kind`, `type`).
    const TAG: &'static str;
    /// What is expected, for messages ("a record").
    const EXPECTING: &'static str;
    /// Reads the variant named `kind` from the rest of the object.
    fn read_kind<'de, A: serde::de::MapAccess<'de>>(kind: &str, map: A) -> Result<Self, A::Error>;
}

/// Reads a [`Tagged`] enum. Its tag first (as Pathdesk writes it): the variant is read straight from the object. Its
/// tag elsewhere (JSON written by hand): the object is gathered, written again with its tag first and read so.
pub fn deserialize_tagged<'de, D: serde::Deserializer<'de>, T: Tagged>(deserializer: D) -> Result<T, D::Error> {
    struct Visit<T>(std::marker::PhantomData<T>);
    impl<'de, T: Tagged> serde::de::Visitor<'de> for Visit<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            use serde::de::Error;
            let Some(first) = map.next_key::<String>()? else { return Err(A::Error::missing_field(T::TAG)) };
            if first == T::TAG {
                let kind: String = map.next_value()?;
                return T::read_kind(&kind, map);
            }
            let mut rest = vec![(first, map.next_value::<serde_json::Value>()?)];
            while let Some(key) = map.next_key::<String>()? {
                rest.push((key, map.next_value::<serde_json::Value>()?));
            }
            let Some(at) = rest.iter().position(|(key, _)| key == T::TAG) else {
                return Err(A::Error::missing_field(T::TAG));
            };
            let tag = rest.remove(at);
            let mut text = String::from("{");
            for (key, value) in std::iter::once(tag).chain(rest) {
                if text.len() > 1 {
                    text.push(',');
                }
                text.push_str(&serde_json::Value::String(key).to_string());
                text.push(':');
                text.push_str(&value.to_string());
            }
            text.push('}');
            serde_json::from_str(&text).map_err(A::Error::custom)
        }
    }
    deserializer.deserialize_map(Visit(std::marker::PhantomData))
}

pub(crate) use from_map;

/// `Serialize` and `Deserialize` for an enum of plain words (`words!(Sex { Female = "female", ... })`): written as
/// the word, read back by matching it. serde's derive writes, for each such enum, readers for a variant's index,
/// its name as bytes and as text and an enum access besides; twenty of them were about 30 KB of the app.
macro_rules! words {
    ($name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        impl $name {
            /// The word it is written as (on the wire, in stores, in form values).
            pub fn word(&self) -> &'static str {
                match self { $($name::$variant => $word,)+ }
            }

            /// The variant written as `word`, if it is one.
            pub fn from_word(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.word())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let word = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                $name::from_word(&word)
                    .ok_or_else(|| <D::Error as serde::de::Error>::unknown_variant(&word, &[$($word),+]))
            }
        }
    };
}

pub(crate) use words;

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq)]
    struct Example {
        id: String,
        kind: String,
        count: u32,
        note: Option<String>,
        limit: u32,
    }

    fn ten() -> u32 {
        10
    }

    from_map!(Example { id, kind as "example_kind", count = default, note = default, limit = (ten) });

    fn read(json: &str) -> Result<Example, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_what_serde_s_derive_reads_from_an_object() {
        let full = read(r#"{"id": "a", "example_kind": "k", "count": 3, "note": "n", "limit": 4, "other": [1]}"#);
        let want = Example { id: "a".into(), kind: "k".into(), count: 3, note: Some("n".into()), limit: 4 };
        assert_eq!(full, Ok(want), "unknown fields are ignored");
        let sparse = read(r#"{"id": "a", "example_kind": "k"}"#).unwrap();
        assert_eq!((sparse.count, sparse.note, sparse.limit), (0, None, 10), "defaults, and a default function");
        assert!(read(r#"{"example_kind": "k"}"#).unwrap_err().starts_with("missing field `id`"));
        assert!(read(r#"{"id": 5, "example_kind": "k"}"#).unwrap_err().contains("expected a string"));
        assert!(read(r#"["a", "k"]"#).unwrap_err().contains("an object of the fields of Example"));
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Colour {
        Red,
        DarkBlue,
    }

    super::words!(Colour { Red = "red", DarkBlue = "dark_blue" });

    #[test]
    fn words_are_written_and_read_as_serde_s_derive_does() {
        assert_eq!(serde_json::to_string(&[Colour::Red, Colour::DarkBlue]).unwrap(), r#"["red","dark_blue"]"#);
        assert_eq!(serde_json::from_str::<Colour>(r#""dark_blue""#).unwrap(), Colour::DarkBlue);
        let unknown = serde_json::from_str::<Colour>(r#""green""#).unwrap_err().to_string();
        assert!(unknown.starts_with("unknown variant `green`, expected `red` or `dark_blue`"), "{unknown}");
        assert!(serde_json::from_str::<Colour>("3").is_err());
    }
}
