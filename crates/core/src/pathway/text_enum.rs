//! Attribute values that are words in the case format ("gp", "admitted"...), parsed once into enums.
//! A word we do not know is kept as `Other(text)` so nothing a person recorded is lost on a round trip.

/// Declares an enum of known words plus `Other(String)`, serialised as the word itself.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A word this version of Pathdesk does not know; kept as written.
            Other(String),
        }

        impl $name {
            /// The word used in the case format and on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }

            pub fn from_text(text: &str) -> Self {
                match text {
                    $($text $(| $alias)* => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from_text(&text))
            }
        }
    };
}

pub(crate) use text_enum;
